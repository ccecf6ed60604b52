// When the cash of a QR split went into the drawer, over real HTTP: the till sends its own clock's
// time with the pay-QR request; the server keeps it with the payment and, once WeChat says paid, on
// the order (cashTakenAt) beside WeChat's paidAt, so the Z-report counts the cash in the shift the
// till's clock puts it in, after a restart too. An older till that sends no time, and a QR with no
// cash in its split, leave the order as before: its paidAt decides.
import { businessDayOf, cashTender, type Order } from '@pos/shared';
import { removeDir } from '../../support/temp-dir';
import { api, demo, signIn, startTestServer } from '../../support/test-server';
import {
  closeTill,
  openTill,
  placeOpenOrder,
  pushOperation,
  requestPayment,
  statusUntil,
  type PaymentTill,
} from './support';

let till: PaymentTill;
beforeEach(async () => (till = await openTill()));
afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
});

const MINUTE = 60_000;
const cashier = 'staff-cashier-1';

/** Asks for the order's pay QR with `body`, and has the customer pay it; the payment's id. */
async function paidQr(body: Record<string, unknown>): Promise<string> {
  const made = await requestPayment(till, { cashierId: cashier, ...body });
  expect(made.status).toBe(201);
  const { outTradeNo } = till.server.store.state.payments[made.body.payment.id];
  till.server.pos.payments.simulator!.confirm(outTradeNo);
  await statusUntil(till, made.body.payment.id, (view) => view.status === 'paid', 'paid');
  return made.body.payment.id;
}

/** Half the order's total taken in cash at the till, the rest left to the QR. */
function halfInCash(order: Order) {
  const half = Math.floor(order.total / 2);
  return cashTender(half, half);
}

async function zShifts(day: string) {
  const manager = await signIn(till.server);
  const { body } = await api<{
    report: { z: { shifts: Array<{ cashSales: number; expected: number }> } };
  }>(till.server, 'GET', `/api/reports/days/${day}`, { token: manager });
  return body.report.z.shifts;
}

test('the till’s time of the cash goes on the paid order beside WeChat’s, and its shift counts the cash, after a restart too', async () => {
  // The till runs 5 minutes fast: its shift opened a minute ago by its clock, after WeChat's now.
  const tillNow = till.clock.now() + 5 * MINUTE;
  const shiftId = `${till.device.deviceId}:shift:${till.seq + 1}`;
  const opened = await pushOperation(till, 'shift.opened', {
    shiftId,
    staffId: cashier,
    float: 10000,
    at: tillNow - MINUTE,
  });
  expect(opened.status).toBe('applied');
  const order = await placeOpenOrder(till);
  const cash = halfInCash(order);
  const paymentId = await paidQr({ orderId: order.id, otherTenders: [cash], cashTakenAt: tillNow });

  expect(till.server.store.state.payments[paymentId].cashTakenAt).toBe(tillNow);
  const paid = till.server.store.order(order.id)!;
  // paidAt stays WeChat's time of payment; the drawer's time is the till's.
  expect(paid).toMatchObject({ status: 'paid', paidAt: till.clock.now(), cashTakenAt: tillNow });
  expect(paid.paidAt).toBeLessThan(tillNow - MINUTE);
  const day = businessDayOf(tillNow - MINUTE, demo.settings);
  const counted = [
    expect.objectContaining({ shiftId, cashSales: cash.amount, expected: 10000 + cash.amount }),
  ];
  expect(await zShifts(day)).toEqual(counted);

  till.sync.close();
  await till.server.close();
  const server = await startTestServer({ dataDir: till.server.dataDir, now: till.clock.now });
  till = { ...till, server, sync: { close() {} } as never };
  expect(till.server.store.order(order.id)).toMatchObject({ cashTakenAt: tillNow });
  expect(await zShifts(day)).toEqual(counted);
});

test('an older till that sends no time, or a QR with no cash in it: no cashTakenAt, its paidAt decides', async () => {
  // A till on the server's time, whose shift opened a minute ago.
  const openedAt = till.clock.now() - MINUTE;
  const shiftId = `${till.device.deviceId}:shift:${till.seq + 1}`;
  const opened = { shiftId, staffId: cashier, float: 10000, at: openedAt };
  expect((await pushOperation(till, 'shift.opened', opened)).status).toBe('applied');

  const older = await placeOpenOrder(till);
  const cash = halfInCash(older);
  await paidQr({ orderId: older.id, otherTenders: [cash] });
  expect(till.server.store.order(older.id)).toMatchObject({ status: 'paid' });
  expect(till.server.store.order(older.id)!.cashTakenAt).toBeUndefined();

  const allByQr = await placeOpenOrder(till);
  const paymentId = await paidQr({ orderId: allByQr.id, cashTakenAt: till.clock.now() });
  expect(till.server.store.state.payments[paymentId].cashTakenAt).toBeUndefined();
  expect(till.server.store.order(allByQr.id)!.cashTakenAt).toBeUndefined();

  // Paid during the shift by WeChat's time: the older till's cash counts there, as it always did.
  expect(await zShifts(businessDayOf(openedAt, demo.settings))).toEqual([
    expect.objectContaining({ shiftId, cashSales: cash.amount, expected: 10000 + cash.amount }),
  ]);
});

test('a time that is no moment is refused, naming the field, and no payment is made', async () => {
  const order = await placeOpenOrder(till);
  const refused = await requestPayment(till, {
    orderId: order.id,
    otherTenders: [halfInCash(order)],
    cashTakenAt: 'at nine',
  });
  expect(refused.status).toBe(400);
  expect(refused.body.error).toMatchObject({
    code: 'invalid_request',
    message: expect.stringContaining('cashTakenAt'),
  });
  expect(till.server.store.state.payments).toEqual({});
});
