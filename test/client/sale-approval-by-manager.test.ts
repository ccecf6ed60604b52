// A sale's discount or price-override approval is a manager's, checked on the till as refunds,
// voids and shift closes are: the server refuses a sale approved by anyone else
// (approval_not_manager), and a till that had taken the cash for it would hold money for a sale
// not in the books. So the till refuses it before any money is taken, through the real stores
// against the real server.
import { approveSale, cashTender } from '@pos/shared';
import { api, demo, signIn as signInOnServer, type TestServer } from '../support/test-server';
import { launch, pair, serverPerTest, signIn, type TestDevice } from './support/device';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;
const manager = demo.staffPins.find((s) => s.role === 'manager')!;

/** A paired till, a cashier signed in, 5 lattes with ¥20 off: a discount a manager must approve. */
async function discountedSale(): Promise<TestDevice> {
  const till = launch();
  await pair(till, server, server.pos.pairingCodes.issue().code);
  signIn(till, 'cashier');
  const { cart, catalog } = till.client;
  const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(cart.addItem(latte, 5).ok).toBe(true);
  expect(cart.setOrderDiscount({ kind: 'amount', fen: 2000 }).ok).toBe(true);
  expect(cart.approvalsMissing).toEqual(['discount']);
  return till;
}

const cashFor = (till: TestDevice) => cashTender(till.client.cart.total, till.client.cart.total);

/** Sold, synced, and not refused by the server. */
async function inTheBooks(till: TestDevice): Promise<void> {
  await until(() => till.client.sync.unsyncedCount === 0, 'the sale to reach the server');
  expect(till.client.sync.refused.map((r) => `${r.summary}: ${r.code}`)).toEqual([]);
}

test('a discount approval under a cashier’s id is not recorded; checkout asks for a manager', async () => {
  const till = await discountedSale();
  const { cart, orders } = till.client;
  expect(cart.approve({ reason: 'discount', managerId: cashier.staffId })).toMatchObject({
    ok: false,
    error: { code: 'approval_missing' },
  });
  expect(cart.approvals).toEqual([]);
  expect(cart.approvalsMissing).toEqual(['discount']);
  expect(orders.checkout([cashFor(till)])).toMatchObject({
    ok: false,
    error: { code: 'approval_missing' },
  });
  expect(cart.isEmpty).toBe(false);

  // The manager approves: the sale goes through, and the server takes it.
  expect(cart.approve({ reason: 'discount', managerId: manager.staffId }).ok).toBe(true);
  expect(orders.checkout([cashFor(till)]).ok).toBe(true);
  await inTheBooks(till);
});

test('an approval handed to checkout by someone not a manager is refused at the till', async () => {
  const till = await discountedSale();
  const { cart, orders } = till.client;
  const byCashier = approveSale(cart.priced!, 'discount', cashier.staffId);
  expect(orders.checkout([cashFor(till)], [byCashier])).toMatchObject({
    ok: false,
    error: { code: 'approval_missing', message: expect.stringMatching(/not a manager/) },
  });
  expect(cart.isEmpty).toBe(false);
  expect(till.client.ledger.outbox.size).toBe(0);
});

test('a manager demoted after approving: the till asks again, for cash and for a pay QR', async () => {
  const till = await discountedSale();
  const { cart, orders, payments, session } = till.client;
  expect(cart.approve({ reason: 'discount', managerId: manager.staffId }).ok).toBe(true);
  expect(cart.approvalsMissing).toEqual([]);

  // On the dashboard a new manager is made and the one who approved demoted; the till syncs it.
  const token = await signInOnServer(server);
  const added = await api<{ staff: { id: string } }>(server, 'POST', '/dashboard/api/staff', {
    token,
    body: { name: '新店长', role: 'manager', active: true, pin: '8642' },
  });
  expect(added.status).toBe(201);
  const demoted = await api(server, 'PUT', `/dashboard/api/staff/${manager.staffId}`, {
    token,
    body: { name: manager.name, role: 'cashier', active: true },
  });
  expect(demoted.status).toBe(200);
  await until(
    () => session.staffList.some((s) => s.id === manager.staffId && s.role === 'cashier'),
    'the demotion to reach the till',
  );

  expect(cart.approvalsMissing).toEqual(['discount']);
  expect(orders.checkout([cashFor(till)])).toMatchObject({
    ok: false,
    error: { code: 'approval_missing' },
  });
  expect(payments.payCartByQr([])).toMatchObject({
    ok: false,
    error: { code: 'approval_missing' },
  });
  expect(payments.phase).toBe('idle');
  expect(cart.isEmpty).toBe(false);

  // The new manager approves: now it sells, and the server takes it.
  const newManager = session.approveAsManager('8642');
  if (!newManager.ok) throw new Error(newManager.error.message);
  expect(cart.approve({ reason: 'discount', managerId: newManager.value.id }).ok).toBe(true);
  expect(orders.checkout([cashFor(till)]).ok).toBe(true);
  await inTheBooks(till);
});
