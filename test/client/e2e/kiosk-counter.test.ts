// A kiosk sends a "pay at the counter" order; the cashier's tablet sees it within a second and
// takes cash for it; the payment reaches the server and the kiosk. With two tills, one offline,
// the order may be voided on one while the other takes cash for it, or paid on both: the server
// keeps the payment it got first and refuses the other till's change, which that till explains.
import { cashTender, type Order } from '@pos/shared';
import { refusedRows } from '../../../miniprogram/view/refused-view';
import { trackedSkus } from '../../support/sales';
import { demo, type TestServer } from '../../support/test-server';
import { launch, pair, signIn, serverPerTest, type TestDevice } from '../support/device';
import { serverStock } from '../support/server-checks';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

test('a kiosk order reaches the counter within a second and is paid in cash there', async () => {
  const kiosk = launch();
  const tablet = launch();
  await pair(kiosk, server, server.pos.pairingCodes.issue().code, 'kiosk');
  await pair(tablet, server, server.pos.pairingCodes.issue().code, 'tablet');
  signIn(tablet);
  const sku = trackedSkus[0].id;
  const startLevel = serverStock(server, sku);

  expect(kiosk.client.cart.addItem(sku, 2).ok).toBe(true);
  const sent = kiosk.client.orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  expect(sent.value).toMatchObject({
    status: 'open',
    source: 'kiosk',
    cashierId: null,
    tenders: [],
  });
  expect(sent.value.orderNo).toMatch(/^K1-/);

  const sentAt = Date.now();
  await until(
    () => tablet.client.orders.counterQueue.some((view) => view.order.id === sent.value.id),
    'the kiosk order at the counter',
    1000,
  );
  expect(Date.now() - sentAt).toBeLessThan(1000);
  // Not paid yet: no stock has moved.
  expect(serverStock(server, sku)).toBe(startLevel);

  const total = sent.value.total;
  const paid = tablet.client.orders.payOpenOrder(sent.value.id, [
    cashTender(total, Math.ceil(total / 10000) * 10000),
  ]);
  if (!paid.ok) throw new Error(paid.error.message);
  expect(paid.value).toMatchObject({ status: 'paid', cashierId: tablet.client.session.staff!.id });
  expect(tablet.client.orders.counterQueue).toEqual([]);

  await until(
    () => server.store.order(sent.value.id)?.status === 'paid',
    'the payment on the server',
  );
  expect(serverStock(server, sku)).toBe(startLevel - 2);
  await until(
    () => kiosk.client.orders.find(sent.value.id)?.order.status === 'paid',
    'the kiosk to hear it was paid',
  );
  await until(() => tablet.client.sync.unsyncedCount === 0, 'the tablet outbox to empty');
  expect(tablet.client.catalog.stockOf(sku)).toBe(startLevel - 2);
});

const manager = demo.staffPins.find((s) => s.role === 'manager')!;

/** A kiosk's order sent to the counter, in both tills' counter queues. */
async function kioskOrderAtTwoTills(qty = 1): Promise<{
  order: Order;
  tillA: TestDevice;
  tillB: TestDevice;
}> {
  const kiosk = launch();
  const tillA = launch();
  const tillB = launch();
  await pair(kiosk, server, server.pos.pairingCodes.issue().code, 'kiosk');
  await pair(tillA, server, server.pos.pairingCodes.issue().code, 'tablet', 'till A');
  await pair(tillB, server, server.pos.pairingCodes.issue().code, 'tablet', 'till B');
  signIn(tillA);
  signIn(tillB);
  expect(kiosk.client.cart.addItem(trackedSkus[0].id, qty).ok).toBe(true);
  const sent = kiosk.client.orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  for (const till of [tillA, tillB])
    await until(
      () => till.client.orders.counterQueue.some((view) => view.order.id === sent.value.id),
      'the order in the counter queue',
    );
  return { order: sent.value, tillA, tillB };
}

async function goOffline(till: TestDevice): Promise<void> {
  till.standIn.network.set({ isConnected: false });
  await until(() => !till.client.sync.isOnline, 'the till offline');
}

/** Why the server refused the till's one refused change, as the manager screen says it. */
function refusedWhy(till: TestDevice, order: Order): { code: string; why: string } {
  const [refused] = till.client.sync.status.refused;
  const [row] = refusedRows([refused], { orderNo: () => order.orderNo, skuName: () => null }, 480);
  return { code: refused.code, why: row.why };
}

test('a void made offline on an open kiosk order does not void the sale another till took cash for', async () => {
  const sku = trackedSkus[0].id;
  const startLevel = serverStock(server, sku);
  const { order, tillA, tillB } = await kioskOrderAtTwoTills(2);
  expect(tillA.client.shift.open(20000).ok).toBe(true);

  // Till A loses the network and voids the (to it) open order: the customer seemed to have left.
  await goOffline(tillA);
  const voided = tillA.client.orders.voidOrder(order.id, {
    reason: 'customer left',
    approvedBy: manager.staffId,
  });
  if (!voided.ok) throw new Error(voided.error.message);

  // Till B takes cash for it: a real sale, the goods handed over.
  const paid = tillB.client.orders.payOpenOrder(order.id, [cashTender(order.total, order.total)]);
  if (!paid.ok) throw new Error(paid.error.message);
  await until(() => server.store.order(order.id)?.status === 'paid', 'the payment on the server');
  expect(serverStock(server, sku)).toBe(startLevel - 2);

  // Till A comes back: its void is refused, and it shows the order as the server has it.
  tillA.standIn.network.set({ isConnected: true });
  await until(
    () =>
      tillA.client.sync.isCaughtUp &&
      tillA.client.sync.unsyncedCount === 0 &&
      tillA.client.orders.find(order.id)?.order.status === server.store.order(order.id)!.status,
    'till A synced, showing the order as the server has it',
  );

  // The sale stands: no cash "handed back" out of till A's drawer, no stock put back for goods
  // the customer took away, no void on the order.
  expect(server.store.order(order.id)).toMatchObject({ status: 'paid', void: null });
  expect(serverStock(server, sku)).toBe(startLevel - 2);
  expect(tillA.client.orders.find(order.id)?.order).toMatchObject({ status: 'paid', void: null });
  expect(tillA.client.shift.currentSummary).toMatchObject({ cashVoids: 0, expected: 20000 });
  const { code, why } = refusedWhy(tillA, order);
  expect(code).toBe('order_paid_meanwhile');
  expect(why).toMatch(/已.*(付款|收款)/);
  expect(why).toMatch(/没有作废/);
});

test('the till whose cash payment of a kiosk order was refused is told it was paid elsewhere and to give the cash back', async () => {
  const { order, tillA, tillB } = await kioskOrderAtTwoTills();
  const cash = [cashTender(order.total, order.total)];

  await goOffline(tillB);
  const paidB = tillB.client.orders.payOpenOrder(order.id, cash);
  if (!paidB.ok) throw new Error(paidB.error.message);
  const paidA = tillA.client.orders.payOpenOrder(order.id, cash);
  if (!paidA.ok) throw new Error(paidA.error.message);
  await until(() => server.store.order(order.id)?.status === 'paid', 'A’s payment on the server');

  tillB.standIn.network.set({ isConnected: true });
  await until(() => tillB.client.sync.status.refused.length === 1, 'B’s payment refused');
  const { code, why } = refusedWhy(tillB, order);
  expect(code).toBe('already_paid_elsewhere');
  expect(why).toMatch(/已(在别处)?收过款/);
  expect(why).toMatch(/退还顾客/);
});

test('the till whose cash payment of a kiosk order voided meanwhile was refused is told to give the cash back', async () => {
  const { order, tillA, tillB } = await kioskOrderAtTwoTills();

  await goOffline(tillB);
  const paidB = tillB.client.orders.payOpenOrder(order.id, [cashTender(order.total, order.total)]);
  if (!paidB.ok) throw new Error(paidB.error.message);
  const voided = tillA.client.orders.voidOrder(order.id, {
    reason: 'customer left',
    approvedBy: manager.staffId,
  });
  if (!voided.ok) throw new Error(voided.error.message);
  await until(() => server.store.order(order.id)?.status === 'voided', 'A’s void on the server');

  tillB.standIn.network.set({ isConnected: true });
  await until(() => tillB.client.sync.status.refused.length === 1, 'B’s payment refused');
  const { code, why } = refusedWhy(tillB, order);
  expect(code).toBe('voided_meanwhile');
  expect(why).toMatch(/作废/);
  expect(why).toMatch(/退还顾客/);
  expect(server.store.order(order.id)).toMatchObject({ status: 'voided' });
});
