/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A register sale rung up for a WeChat pay QR, given up on, and the checkout left: Orders marks it
// 未收款 and offers 收款 (a manager's void stays), which opens the checkout for that order; cash
// pays it there and the till's cart is left as it was. A QR still being closed when the checkout
// was left is closed before cash is taken, and paid meanwhile the checkout says paid: never twice.
// A sale that carried a member is collected from that member's stored value as a fresh sale would
// be, within the same offline caps; never from the member of the next sale in the cart.
import { formatFen, type Order } from '@pos/shared';
import { until } from '../client/support/until';
import { demo } from '../support/test-server';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

function ringUp(name: string, qty: number): void {
  const product = till.device.client.catalog.products.find((p) => p.name === name)!;
  const added = till.device.client.cart.addItem(product.skus[0].id, qty);
  if (!added.ok) throw new Error(added.error.message);
}

/** What WeChat does to the page once it navigated back (or was unloaded otherwise). */
const unload = (page: Node) => (page as Node & { detach(): void }).detach();

const form = (action: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `action=${action}`,
});

/** Two lattes (¥36.00) rung up at the checkout for a pay QR, the QR on screen. */
async function qrUp(): Promise<{ page: Node; order: Order; link: string }> {
  ringUp('拿铁', 2);
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  await until(() => page.data.online === true, 'the till to be online');
  clickButton(page, '#wechat-qr');
  await until(() => page.data.qr.url !== '', 'the pay QR');
  const { payments } = till.device.client;
  return { page, order: payments.order!, link: payments.payment!.qrText };
}

/** The cashier goes back to the register, and the checkout is unloaded. */
async function leaveCheckout(page: Node): Promise<void> {
  clickButton(page, '.checkout__back');
  await settle(pages);
  unload(page);
}

const unpaidTags = (page: Node) =>
  page
    .querySelectorAll('.order-row__unpaid')
    .map((tag) => tag.dom?.querySelector(vant('van-tag'))?.textContent?.trim());

/** Orders, with the order's detail open. */
async function ordersWithDetail(order: Order): Promise<Node> {
  const page = pages.render('pages/orders/index');
  await settle(pages);
  const row = page
    .querySelectorAll('.order-row')
    .find((node) => node.dom?.textContent?.includes(order.orderNo))!;
  row.dispatchEvent('tap');
  await settle(pages);
  expect(page.data.detail.orderNo).toBe(order.orderNo);
  return page;
}

/** 收款 on Orders opens the checkout for the order, as WeChat loads it from the URL. */
async function takePayment(orders: Node, order: Order): Promise<Node> {
  expect(find(orders, '#take-payment').dom?.textContent?.trim()).toBe('收款');
  clickButton(orders, '#take-payment');
  await settle(pages);
  const url = `/pages/checkout/index?order=${encodeURIComponent(order.id)}`;
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url });
  const page = pages.render('pages/checkout/index');
  (page as unknown as { instance: { onLoad(query: object): void } }).instance.onLoad({
    order: encodeURIComponent(order.id),
  });
  await settle(pages);
  return page;
}

test('a QR sale given up on is 未收款 on Orders; 收款 opens checkout for it, cash pays it, the cart stays', async () => {
  const { page: checkout, order } = await qrUp();
  // While its QR is up, it is being paid: Orders offers no other payment for it.
  const whileUp = await ordersWithDetail(order);
  expect(whileUp.querySelector('#take-payment')).toBeUndefined();
  expect(unpaidTags(whileUp)).toEqual([]);
  unload(whileUp);

  clickButton(checkout, '#cancel-qr');
  await until(() => !checkout.data.qr.active, 'the QR to be closed');
  await leaveCheckout(checkout);
  // The next customer's sale is being rung up meanwhile.
  ringUp('美式咖啡', 1);

  const orders = await ordersWithDetail(order);
  expect(unpaidTags(orders)).toEqual(['未收款']);
  expect(find(orders, '#void').dom?.textContent).toContain('作废订单');
  const page = await takePayment(orders, order);
  expect(textOf(page, own('checkout__due'))).toBe('¥36.00');
  expect(textOf(page, own('checkout__open-order'))).toContain(order.orderNo);
  expect(textOf(page, own('checkout__open-order'))).toContain('未收款');

  const fifty = page
    .querySelectorAll('.checkout__quick-button')
    .find((button) => button.dom?.textContent === '¥50.00')!;
  find(fifty, '.van-button').dispatchEvent('tap');
  await until(() => page.data.payment.complete, 'the cash to cover the order');
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  expect(textOf(page, own('checkout__change'))).toBe('找零 ¥14.00');
  const { client } = till.device;
  expect(client.orders.find(order.id)!.order).toMatchObject({
    status: 'paid',
    tenders: [{ method: 'cash', amount: 3600, tendered: 5000, change: 1400 }],
  });
  const americano = client.catalog.products.find((p) => p.name === '美式咖啡')!.skus[0].id;
  expect(client.cart.cart.lines).toMatchObject([{ skuId: americano, qty: 1 }]);

  // Paid, it is no longer waiting on Orders.
  await settle(pages);
  expect(unpaidTags(orders)).toEqual([]);
  expect(orders.querySelector('#take-payment')).toBeUndefined();
  await until(() => till.server.store.order(order.id)?.status === 'paid', 'paid on the server');
  expect(till.server.store.order(order.id)!.tenders).toHaveLength(1);
});

test('left while its QR could not be closed, and paid meanwhile: 收款 waits for the close and says paid', async () => {
  const { page: checkout, order, link } = await qrUp();
  till.device.standIn.network.set({ isConnected: false });
  await leaveCheckout(checkout);
  // The customer pays the QR they scanned before the close reached the server.
  expect((await fetch(link, form('confirm'))).status).toBe(200);

  const orders = await ordersWithDetail(order);
  const page = await takePayment(orders, order);
  expect(textOf(page, own('checkout__qr-status'))).toBe(
    '正在关闭收款码：顾客仍可能用它付款，关闭前请勿改收现金…',
  );
  // No cash is offered while the customer may still be paying it (checkout-qr-holds-cash.test.ts).
  expect(page.querySelectorAll('.checkout__quick-button')).toHaveLength(0);
  clickButton(page, '#pay');
  await settle(pages);
  expect(page.data.paid).toBeNull();
  expect(till.device.client.orders.find(order.id)!.order.status).toBe('open');

  till.device.standIn.network.set({ isConnected: true });
  await until(() => page.data.paid !== null, 'the paid screen');
  expect(textOf(page, own('checkout__change'))).toBe('找零 ¥0.00');
  expect(textOf(page, own('checkout__paid'))).toContain(order.orderNo);
  await until(
    () => till.device.client.orders.find(order.id)?.order.status === 'paid',
    'the paid order to sync',
  );
  expect(till.device.client.orders.find(order.id)!.order.tenders).toEqual([
    expect.objectContaining({ method: 'wechat', amount: 3600 }),
  ]);
  const queued = till.device.client.ledger.outbox.entries().map((entry) => entry.op.type);
  expect(queued).not.toContain('order.paid');
});

test('an unpaid sale of a member: 收款 offers that member’s stored value, within the offline cap, and it pays', async () => {
  const liu = demo.members.find((m) => m.phone === '13800138001')!; // ¥120.00 of stored value
  const { client } = till.device;
  expect(client.cart.attachMember(liu.phone).ok).toBe(true);
  const { page: checkout, order } = await qrUp();
  expect(order.memberId).toBe(liu.id);
  clickButton(checkout, '#cancel-qr');
  await until(() => !checkout.data.qr.active, 'the QR to be closed');
  await leaveCheckout(checkout);
  // The next customer, a member with ¥20.00, is being rung up meanwhile; then the Wi-Fi drops.
  expect(client.cart.attachMember('17759203318').ok).toBe(true);
  ringUp('美式咖啡', 1);
  till.device.standIn.network.set({ isConnected: false });
  await until(() => client.sync.status.connection === 'offline', 'the till to go offline');

  const orders = await ordersWithDetail(order);
  const page = await takePayment(orders, order);
  // Offline, liu's ¥120.00 is held to the per-member cap, as for a fresh sale.
  const cap = demo.settings.offlineStoredValueCap.perMember;
  expect(cap).toBeLessThan(liu.balance);
  expect(client.members.spendable(liu.id)).toBe(cap);
  expect(find(page, '#stored-value').dom?.textContent).toContain(formatFen(cap));
  clickButton(page, '#stored-value');
  await until(() => page.data.tenders.length === 1, 'the stored-value tender');
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  expect(client.orders.find(order.id)!.order).toMatchObject({
    status: 'paid',
    tenders: [{ method: 'stored_value', amount: order.total, memberId: liu.id }],
  });
  expect(client.members.accountOf(liu.id)!.balance).toBe(liu.balance - order.total);

  till.device.standIn.network.set({ isConnected: true });
  await until(() => till.server.store.order(order.id)?.status === 'paid', 'paid on the server');
  expect(till.server.store.state.members[liu.id].balance).toBe(liu.balance - order.total);
});
