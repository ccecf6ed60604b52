// The cashier a device names when it asks for a pay QR (an order's or a top-up's): the paid order
// and the day's books credit that person, so it must be one of the store's staff, still active.
// A kiosk names nobody; staff signed in on the dashboard are the cashier themselves.
import { removeDir } from '../../support/temp-dir';
import { api, demo, signIn } from '../../support/test-server';
import { closeTill, openTill, placeOpenOrder, requestPayment, type PaymentTill } from './support';

const chen = demo.members[0];
const cashier = demo.staff.find((s) => s.role === 'cashier')!;
let till: PaymentTill;

beforeEach(async () => (till = await openTill()));
afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
});

const topUp = (body: Record<string, unknown>) =>
  api(till.server, 'POST', '/api/payments/top-ups', { token: till.device.token, body });
const payments = () => Object.values(till.server.store.state.payments);

async function deactivate(id: string): Promise<void> {
  const staff = till.server.store.state.staff[id];
  await till.server.store.commit({
    kind: 'staff.saved',
    staff: { ...staff, active: false },
    by: 'staff-manager',
  });
}

test('a cashier the server does not know is refused, for an order and a top-up, and nothing is made', async () => {
  const order = await placeOpenOrder(till);
  const refused = {
    status: 400,
    body: {
      error: {
        code: 'staff_unknown',
        message: 'cashierId: staff staff-ghost is not known to the server',
      },
    },
  };
  expect(await requestPayment(till, { orderId: order.id, cashierId: 'staff-ghost' })).toMatchObject(
    refused,
  );
  expect(await topUp({ memberId: chen.id, amount: 1_000, cashierId: 'staff-ghost' })).toMatchObject(
    refused,
  );
  expect(payments()).toEqual([]);
});

test('a cashier no longer active is refused by name', async () => {
  const order = await placeOpenOrder(till);
  await deactivate(cashier.id);
  const refused = {
    status: 403,
    body: {
      error: {
        code: 'staff_inactive',
        message: `cashierId: staff ${cashier.id} (${cashier.name}) is no longer active; sign in again`,
      },
    },
  };
  expect(await requestPayment(till, { orderId: order.id, cashierId: cashier.id })).toMatchObject(
    refused,
  );
  expect(await topUp({ memberId: chen.id, amount: 1_000, cashierId: cashier.id })).toMatchObject(
    refused,
  );
  expect(payments()).toEqual([]);
});

test('an active cashier, null or none (a kiosk) is taken, and the payment names who it was', async () => {
  for (const cashierId of [cashier.id, null, undefined]) {
    const order = await placeOpenOrder(till);
    const made = await requestPayment(till, { orderId: order.id, cashierId });
    expect(made.status).toBe(201);
    expect(till.server.store.state.payments[made.body.payment.id].cashierId).toBe(
      cashierId ?? null,
    );
  }
  expect((await topUp({ memberId: chen.id, amount: 1_000, cashierId: cashier.id })).status).toBe(
    201,
  );
});

test('staff signed in ask as themselves, whatever cashierId the body names', async () => {
  const order = await placeOpenOrder(till);
  const manager = await signIn(till.server, 'manager');
  const made = await api<{ payment: { id: string } }>(till.server, 'POST', '/api/payments', {
    token: manager,
    body: { orderId: order.id, cashierId: 'staff-ghost' },
  });
  expect(made.status).toBe(201);
  expect(till.server.store.state.payments[made.body.payment.id].cashierId).toBe('staff-manager');
});
