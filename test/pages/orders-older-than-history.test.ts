/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A customer back on day three with the receipt: the order is older than the two business days
// a till keeps (HISTORY_DAYS), so the till under test no longer holds it. Online, Orders looks it up
// on the store's server by the number typed or scanned and by the id a QR carries, says it came
// from the server, and refunds part of it through the usual flow (lines, the split over tenders, a
// manager's PIN, the refund queued in the outbox); the server holds that refund once. While the
// refund waits, the order is in the device's history table (no key of its own). Another till
// refunding the same goods meanwhile: the server refuses the second refund and the till shows the
// refusal. Offline, the page says older orders need the server.
import { addBusinessDays, cashTender, formatFen, type Order } from '@pos/shared';
import { demo } from '../support/test-server';
import { launch, pair, signIn, type TestDevice } from '../client/support/device';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, find, own, textOf, type Node } from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const till = tillPerTest(pages);

const DAY_MS = 24 * 60 * 60 * 1000;
const manager = demo.staffPins.find((s) => s.role === 'manager')!;

/**
 * Another till, its sale made three days ago: three lattes for member 13800138001, ¥10 in cash and
 * the rest from their stored value. The till under test had it through sync and let it go, as it
 * does with every order past the days it keeps.
 */
async function saleThreeDaysAgo(): Promise<{ other: TestDevice; sold: Order }> {
  const other = launch({ client: { now: () => Date.now() - 3 * DAY_MS } });
  await pair(other, till.server, till.server.pos.pairingCodes.issue().code, 'tablet', 'till 2');
  signIn(other);
  const { cart, orders } = other.client;
  const latte = other.client.catalog.products.find((p) => p.name === '拿铁')!;
  expect(cart.addItem(latte.skus[0].id, 3).ok).toBe(true);
  expect(cart.attachMember('13800138001').ok).toBe(true);
  const memberId = cart.cart.memberId!;
  const sold = orders.checkout([
    cashTender(1000, 1000),
    { method: 'stored_value', amount: cart.total - 1000, memberId },
  ]);
  if (!sold.ok) throw new Error(sold.error.message);
  const { client } = till.device;
  expect(sold.value.businessDay).toBe(addBusinessDays(client.orders.businessDay, -3));
  await until(() => other.client.ledger.outbox.entries().length === 0, 'the sale on the server');
  await until(() => client.ledger.history.get(sold.value.id) !== undefined, 'the sale synced here');
  await until(
    () => client.orders.find(sold.value.id) === null && !client.ledger.history.get(sold.value.id),
    'the till to let the old order go',
  );
  return { other, sold: sold.value };
}

async function ordersPage(): Promise<Node> {
  const page = pages.render('pages/orders/index');
  await settle(pages);
  return page;
}

/** A number or id typed into the search box (pasted whole), then Enter. */
async function search(page: Node, value: string): Promise<void> {
  find(page, '#order-search').dispatchEvent('change', { detail: value });
  await settle(pages);
  find(page, '#order-search').dispatchEvent('search', { detail: value });
  await settle(pages);
}

async function opened(page: Node, order: Order): Promise<void> {
  await until(() => page.data.detail?.id === order.id, `order ${order.orderNo} opened`);
  await settle(pages);
  expect(textOf(page, own('detail__no'))).toBe(order.orderNo);
}

/** `qty` of the first line, approved by the manager's PIN; resolves once the page says refunded. */
async function refundFirstLine(page: Node, qty: number): Promise<void> {
  const plus = () => find(page, '.detail-line__qty').querySelector('.van-stepper__plus')!;
  for (let i = 0; i < qty; i++) {
    plus().dispatchEvent('tap');
    await settle(pages);
  }
  await until(() => page.data.proposal !== null && page.data.split !== null, 'the refund proposed');
  clickButton(page, '#refund');
  await settle(pages);
  await typePin(pages, page, '#manager-pin', manager.pin);
  await until(() => page.data.done !== '', 'the refund recorded');
  await settle(pages);
}

const leftOfFirstLine = (page: Node) => page.data.detail.lines[0].leftText as string;

/** The till's storage keys that hold the order. */
function keysHolding(orderId: string): string[] {
  const dump = till.device.standIn.storage.dump();
  return Object.keys(dump).filter((key) => JSON.stringify(dump[key]).includes(`"${orderId}"`));
}

test('found on the server by its typed number, refunded in part with a manager’s PIN: the server holds the refund once', async () => {
  const { sold } = await saleThreeDaysAgo();
  const { client } = till.device;
  const page = await ordersPage();

  // Typed by hand, loosely: lower case.
  await search(page, sold.orderNo.toLowerCase());
  await opened(page, sold);
  expect(page.data.searchError).toBe('');
  expect(page.data.query).toBe('');
  expect(textOf(page, own('detail__from-server'))).toContain('从门店服务器查到');
  // Only shown: nothing is stored for an order merely looked at.
  expect(client.ledger.history.get(sold.id)).toBeUndefined();
  expect(keysHolding(sold.id)).toEqual([]);
  expect(leftOfFirstLine(page)).toBe('可退 3');

  // One latte back, the money split over cash and stored value as the core proposes.
  await refundFirstLine(page, 1);
  const [line] = sold.lines;
  const suggested = client.orders.suggestRefund(sold.id, [{ lineId: line.lineId, qty: 1 }]);
  expect(suggested.ok).toBe(true);
  expect(page.data.done).toBe(`已退款 ${formatFen(line.total / 3)}，将自动同步到门店服务器`);

  // The server takes it; the till settles and keeps the order while its refund is within the
  // days kept (today's figures count it), though the sale itself is older.
  await until(() => client.ledger.outbox.entries().length === 0, 'the refund acknowledged');
  const onServer = till.server.store.order(sold.id)!;
  expect(onServer.refunds).toHaveLength(1);
  expect(onServer.refunds[0]).toMatchObject({
    orderId: sold.id,
    deviceId: client.ledger.identity!.deviceId,
    approvedBy: manager.staffId,
    lines: [{ lineId: line.lineId, qty: 1 }],
  });
  expect(onServer.refunds[0].tenders.map((t) => t.method).sort()).toEqual(['cash', 'stored_value']);
  expect(onServer.status).toBe('partially_refunded');
  await until(
    () => client.ledger.history.get(sold.id)?.refunds.length === 1,
    'the refund settled into the order',
  );
  client.ledger.prune();
  expect(client.ledger.history.get(sold.id)).toBeDefined();
  // The detail shows what was refunded.
  await settle(pages, 100);
  expect(page.data.detail.status).toBe('部分退款');
  expect(leftOfFirstLine(page)).toBe('可退 2');
  expect(page.data.detail.refunds).toHaveLength(1);
});

test('found by the id a receipt’s QR carries (camera) and by its number (scanner); a number the server lacks is said so', async () => {
  const { sold } = await saleThreeDaysAgo();
  const page = await ordersPage();

  pages.scanResult = sold.id;
  clickButton(page, '#order-scan');
  await opened(page, sold);
  expect(count(page, own('detail__from-server'))).toBe(1);
  clickButton(page, '#close-detail');
  await settle(pages);
  expect(page.data.detail).toBeNull();
  expect(till.device.client.orders.lookedUp).toBeNull();

  pages.scanResult = sold.orderNo;
  clickButton(page, '#order-scan');
  await opened(page, sold);

  // Another number of that till's day that was never sold.
  const missing = sold.orderNo.replace(/-\d+$/, '-0099');
  await search(page, missing);
  await until(() => page.data.searchError !== '', 'the server’s answer');
  expect(textOf(page, own('orders__search-error'))).toBe(
    `门店服务器上也没有订单 ${missing}：请核对小票上的订单号`,
  );
});

test('another till refunded the same goods meanwhile: the server refuses this one and the till shows it', async () => {
  const { other, sold } = await saleThreeDaysAgo();
  const { client, standIn } = till.device;
  const page = await ordersPage();
  await search(page, sold.orderNo);
  await opened(page, sold);

  // The network drops; two lattes are refunded here all the same (queued, as any refund offline).
  standIn.network.set({ isConnected: false });
  await until(() => client.sync.status.connection === 'offline', 'the till offline');
  await refundFirstLine(page, 2);
  expect(leftOfFirstLine(page)).toBe('可退 1');
  // Kept in the history table while its refund waits: no key of its own.
  expect(client.ledger.history.get(sold.id)).toBeDefined();
  const keys = keysHolding(sold.id);
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) expect(key).toMatch(/^pos\.(orders|outbox)\.\d+$/);

  // Meanwhile the other till gives two of the same lattes back.
  signIn(other);
  const [line] = sold.lines;
  const there = other.client.orders.refund(sold.id, {
    lines: [{ lineId: line.lineId, qty: 2 }],
    reason: 'returned at till 2',
    approvedBy: manager.staffId,
    restock: true,
  });
  if (!there.ok) throw new Error(there.error.message);
  await until(
    () => till.server.store.order(sold.id)?.refunds.length === 1,
    'till 2’s refund on the server',
  );

  // Back online: the server refuses the refund beyond what is left; the till says so.
  standIn.network.set({ isConnected: true });
  await until(
    () => client.ledger.outbox.entries().some((entry) => entry.refused !== null),
    'the refusal',
  );
  await until(() => page.data.detail?.syncText === '被拒绝', 'the detail to show the refusal');
  const [refused] = client.ledger.outbox.entries().filter((entry) => entry.refused !== null);
  expect(refused.op.type).toBe('order.refunded');
  expect(refused.refused!.code).toBe('qty_exceeds');
  const onServer = till.server.store.order(sold.id)!;
  expect(onServer.refunds).toHaveLength(1);
  expect(onServer.refunds[0].deviceId).toBe(other.client.ledger.identity!.deviceId);
  // The detail is the server's order: till 2's refund, one latte left.
  await settle(pages, 100);
  expect(leftOfFirstLine(page)).toBe('可退 1');
  expect(page.data.detail.refunds).toHaveLength(1);
  expect(textOf(page, '.sync-badge--sync-badge__refused')).toContain('被拒绝');
});

test('offline, an order older than the device keeps: the page says it needs the server', async () => {
  const { sold } = await saleThreeDaysAgo();
  const { client, standIn } = till.device;
  standIn.network.set({ isConnected: false });
  await until(() => client.sync.status.connection === 'offline', 'the till offline');
  const page = await ordersPage();

  await search(page, sold.orderNo);
  expect(page.data.detail).toBeNull();
  expect(textOf(page, own('orders__search-error'))).toBe(
    `本机没有订单 ${sold.orderNo}：本机只保留最近两天的订单，更早的订单要连上门店服务器才能查到和退款。现在连不上门店服务器，请联网后再查`,
  );

  find(page, '#order-search').dispatchEvent('clear');
  await settle(pages);
  pages.scanResult = sold.id;
  clickButton(page, '#order-scan');
  await settle(pages);
  expect(page.data.detail).toBeNull();
  expect(textOf(page, own('orders__search-error'))).toContain('更早的订单要连上门店服务器');
});
