/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Checkout's WeChat Pay by QR on a paired tablet against a real server (the payment simulator):
// the order is saved open and synced, the server's QR appears (its image decodes to the
// simulator's page), and the screen says paid only once the server has recorded the payment.
// A declined payment leaves the order open, and cash then pays it; one paid for another amount is
// said to be money taken but not recorded, not declined. A kiosk order at the counter
// opened from the register's queue (`?order=`) is paid the same way, the till's cart untouched.
// Leaving the checkout, or cancelling while the QR is still being asked for, closes it on the
// server: nobody may pay a sale the cashier gave up on (perhaps for cash: paid twice).
import { reaction, when } from 'mobx-miniprogram';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { payPayload } from '../../sync-server/payments/payment-view';
import { until } from '../client/support/until';
import { kioskOrderAtCounter, tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

function ringUp(name: string, qty: number): void {
  const product = till.device.client.catalog.products.find((p) => p.name === name)!;
  const added = till.device.client.cart.addItem(product.skus[0].id, qty);
  if (!added.ok) throw new Error(added.error.message);
}

async function qrOnScreen(): Promise<{ page: ReturnType<typeof pages.render>; link: string }> {
  ringUp('拿铁', 2); // ¥36.00
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  expect(find(page, '#wechat-qr').dom?.textContent).toContain('微信扫码收款 ¥36.00');
  clickButton(page, '#wechat-qr');
  await until(() => page.data.qr.url !== '', 'the pay QR');
  await settle(pages);
  expect(textOf(page, own('checkout__qr-amount'))).toBe('收款 ¥36.00');
  expect(textOf(page, own('checkout__qr-status'))).toBe('请顾客用微信扫码支付');
  // The <image> on screen loads the server's PNG from this address.
  expect(page.dom!.querySelector('.main--checkout__qr-image')).not.toBeNull();
  const src: string = page.data.qr.url;
  expect(src).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/payments\/\w+\/qr\.png$/);
  const png = PNG.sync.read(Buffer.from(await (await fetch(src)).arrayBuffer()));
  const link = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
  expect(link).toMatch(/\/pay\/sim\//);
  return { page, link };
}

/** The checkout says paid for `order`, which then syncs back paid by its WeChat tender. */
async function paidByQr(page: Node, order: { id: string; orderNo: string }): Promise<void> {
  await until(() => page.data.paid !== null, 'the paid screen');
  await settle(pages);
  expect(textOf(page, own('checkout__paid'))).toContain(`订单号 ${order.orderNo}`);
  // The server recorded the payment itself: the paid screen says so, not that it will sync.
  expect(textOf(page, own('checkout__paid'))).not.toContain('将自动同步');
  expect(textOf(page, own('checkout__sync-note'))).toBe('门店服务器已记录这笔收款');
  await until(
    () => till.device.client.orders.find(order.id)?.order.status === 'paid',
    'the paid order to sync',
  );
  expect(till.device.client.orders.find(order.id)!.order.tenders).toEqual([
    expect.objectContaining({ method: 'wechat', amount: 3600 }),
  ]);
}

const form = (action: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `action=${action}`,
});

test('the customer pays in the simulator: the checkout says paid and the order syncs back paid', async () => {
  const { page, link } = await qrOnScreen();
  // Saved open and queued like any sale, before the QR existed.
  const order = till.device.client.orders.views[0].order;
  expect(till.server.store.order(order.id)!.status).toBe('open');
  expect((await fetch(link, form('confirm'))).status).toBe(200);
  await paidByQr(page, order);
});

test('declined: the order stays open and cash then pays it', async () => {
  const { page, link } = await qrOnScreen();
  const order = till.device.client.orders.views[0].order;
  expect((await fetch(link, form('decline'))).status).toBe(200);
  await until(() => page.data.qr.message !== '', 'the declined message');
  await settle(pages);
  expect(textOf(page, own('checkout__qr-message'))).toBe('顾客支付未成功');
  expect(textOf(page, own('checkout__open-order'))).toContain(
    `订单 ${order.orderNo} 待付款 ¥36.00`,
  );
  expect(page.data.paid).toBeNull();

  await exactCash(page);
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  // Paid in cash here, the payment is this till's to sync.
  expect(textOf(page, own('checkout__sync-note'))).toBe('订单已保存，将自动同步到门店服务器');
  expect(till.device.client.orders.find(order.id)!.order).toMatchObject({
    status: 'paid',
    tenders: [{ method: 'cash', amount: 3600, tendered: 3600, change: 0 }],
  });
});

test('paid for another amount: the checkout says the money was taken but not recorded, not declined', async () => {
  const { page } = await qrOnScreen();
  const order = till.device.client.orders.views[0].order;
  const payment = Object.values(till.server.store.state.payments).find(
    (p) => p.orderId === order.id,
  )!;
  // The customer's bank reports ¥0.01 taken, not ¥36.00.
  till.server.pos.payments.simulator!.confirm(payment.outTradeNo, 1);
  await until(() => page.data.qr.message !== '', 'the message');
  await settle(pages);
  expect(textOf(page, own('checkout__qr-message'))).toBe(
    '顾客已付款，但未能记入订单：请经理在当日报表核对并退款，再收款',
  );
  expect(page.data.paid).toBeNull();
  expect(till.server.store.order(order.id)!.status).toBe('open');
});

test('a kiosk order opened from the counter queue: cash pays it, and the till’s cart stays', async () => {
  const kioskOrder = await kioskOrderAtCounter(till); // 2 x ¥18.00
  // The cashier was ringing up someone else, a member: their stored value is not this order's.
  ringUp('美式咖啡', 1);
  expect(till.device.client.cart.attachMember('13800138001').ok).toBe(true);

  const page = pages.render('pages/checkout/index');
  (page as unknown as { instance: { onLoad(query: object): void } }).instance.onLoad({
    order: encodeURIComponent(kioskOrder.id),
  });
  await settle(pages);
  expect(textOf(page, own('checkout__due'))).toBe('¥36.00');
  expect(textOf(page, own('checkout__open-order'))).toContain(kioskOrder.orderNo);
  expect(page.querySelector('#stored-value')).toBeUndefined();
  const fifty = page
    .querySelectorAll('.checkout__quick-button')
    .find((b) => b.dom?.textContent === '¥50.00')!;
  find(fifty, '.van-button').dispatchEvent('tap');
  await until(() => page.data.payment.complete, 'the cash to cover the order');
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  expect(textOf(page, own('checkout__change'))).toBe('找零 ¥14.00');
  expect(till.device.client.orders.find(kioskOrder.id)?.order).toMatchObject({
    status: 'paid',
    cashierId: till.device.client.session.staff!.id,
  });
  expect(till.device.client.orders.counterQueue).toEqual([]);
  expect(till.device.client.cart.itemCount).toBe(1);
  await until(
    () => till.server.store.order(kioskOrder.id)?.status === 'paid',
    'the payment on the server',
  );
});

test('an order no longer waiting (paid at another till) is said so, and nothing is taken', async () => {
  // The cart holds someone else's sale: it must not stand in for the order that went.
  ringUp('美式咖啡', 1);
  const page = pages.render('pages/checkout/index');
  (page as unknown as { instance: { onLoad(query: object): void } }).instance.onLoad({
    order: 'K9:2026-01-01:1',
  });
  await settle(pages);
  expect(page.data.openOrder).toBeNull();
  expect(page.dom?.textContent).toContain('这笔订单已不在待付款');
  expect(page.querySelector('#pay')).toBeUndefined();
  expect(page.querySelectorAll('.checkout__quick-button')).toHaveLength(0);
});

test('with nothing in the cart, checkout says so and offers no payment', async () => {
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  expect(textOf(page, vant('van-empty'))).toBe('购物车是空的');
  expect(page.querySelector('#pay')).toBeUndefined();
});

/** What WeChat does to the page once it navigated back (or was unloaded otherwise). */
const unload = (page: Node) => (page as Node & { detach(): void }).detach();

/** The server's payments for an order, oldest first. */
const paymentsOf = (orderId: string) =>
  Object.values(till.server.store.state.payments).filter((p) => p.orderId === orderId);

/** The simulator's page a payment's QR opens. */
function paymentLink(id: string): string {
  const payment = till.server.store.state.payments[id];
  return `${till.server.url}/pay/sim/${payPayload(till.server.pos.payments.qr, payment)}`;
}

/** The customer scans the QR they still have a picture of: refused, nothing is taken. */
async function payAfterAll(link: string): Promise<void> {
  expect((await fetch(link, form('confirm'))).status).toBe(409);
}

test('backing out with the QR up closes it on the server: the abandoned sale cannot be paid', async () => {
  const { page, link } = await qrOnScreen();
  const { payments } = till.device.client;
  const order = payments.order!;
  const paymentId = payments.payment!.id;
  clickButton(page, '.checkout__back');
  await settle(pages);
  expect(pages.navigations.at(-1)).toMatchObject({ url: '/pages/register/index' });
  unload(page);

  await until(
    () => till.server.store.state.payments[paymentId].status === 'closed',
    'the QR to be closed on the server',
  );
  // Let go on the till: no more asking about it, and the next checkout starts clean.
  await until(() => payments.phase === 'idle' && payments.payment === null, 'the QR let go');
  await payAfterAll(link);
  // As the 取消 button leaves it: the order stays open, for cash or a voiding manager.
  expect(till.server.store.order(order.id)!.status).toBe('open');
  expect(till.device.client.orders.find(order.id)!.order.status).toBe('open');
});

test('a counter order’s QR closes when the checkout goes; the order waits at the counter again', async () => {
  const kioskOrder = await kioskOrderAtCounter(till);
  const page = pages.render('pages/checkout/index');
  (page as unknown as { instance: { onLoad(query: object): void } }).instance.onLoad({
    order: encodeURIComponent(kioskOrder.id),
  });
  await settle(pages);
  await until(() => page.data.online === true, 'the till to be online');
  clickButton(page, '#wechat-qr');
  await until(() => page.data.qr.url !== '', 'the pay QR');
  const paymentId = till.device.client.payments.payment!.id;
  unload(page);

  await until(
    () => till.server.store.state.payments[paymentId].status === 'closed',
    'the QR to be closed on the server',
  );
  // The server closed it a moment before its answer reaches the till, which then lets it go.
  await until(() => till.device.client.payments.payment === null, 'the QR let go');
  expect(till.device.client.orders.counterQueue.map((view) => view.order.id)).toEqual([
    kioskOrder.id,
  ]);
  expect(till.server.store.order(kioskOrder.id)!.status).toBe('open');
});

/**
 * The server is slow to make the next pay QR: `asked` once the till's request reached it, and
 * nothing is answered until `answer()`.
 */
function slowNextQr(): { asked: Promise<void>; answer: () => void } {
  const service = till.server.pos.payments.service;
  const start = service.start.bind(service);
  let answer = () => {};
  const gate = new Promise<void>((resolve) => (answer = resolve));
  const asked = new Promise<void>((resolve) => {
    service.start = async (request) => {
      service.start = start;
      resolve();
      await gate;
      return start(request);
    };
  });
  return { asked, answer };
}

test('cancelled while the QR is being asked for: the late answer is closed, never shown', async () => {
  ringUp('拿铁', 2);
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  await until(() => page.data.online === true, 'the till to be online');
  const { payments } = till.device.client;
  const phases: string[] = [];
  const stopWatching = reaction(
    () => payments.phase,
    (phase) => phases.push(phase),
  );
  const server = slowNextQr();
  clickButton(page, '#wechat-qr');
  await server.asked;
  const order = payments.order!;
  expect(payments.phase).toBe('requesting');
  clickButton(page, '#cancel-qr');
  await until(() => !page.data.qr.active, 'the cancel');
  server.answer();

  await until(() => paymentsOf(order.id).length > 0, 'the server to make the payment');
  await until(
    () => paymentsOf(order.id).every((payment) => payment.status === 'closed'),
    'the late QR to be closed on the server',
  );
  await settle(pages, 300);
  stopWatching();
  expect(phases).not.toContain('showing');
  expect(page.data.qr.url).toBe('');
  expect(page.querySelector('#wechat-qr')).toBeDefined();
  await payAfterAll(paymentLink(paymentsOf(order.id)[0].id));
});

test('cancelled while the order is still syncing: no QR is asked for at all', async () => {
  ringUp('拿铁', 2);
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  await until(() => page.data.online === true, 'the till to be online');
  const { payments } = till.device.client;
  // The connection drops as the order is saved: the till waits for the server to have it.
  when(
    () => payments.phase === 'syncing',
    () => till.device.standIn.network.set({ isConnected: false }),
  );
  clickButton(page, '#wechat-qr');
  await until(() => page.data.qr.active, 'the wait for the order to sync');
  const order = payments.order!;
  clickButton(page, '#cancel-qr');
  await until(() => !page.data.qr.active, 'the cancel');

  till.device.standIn.network.set({ isConnected: true });
  await until(
    () => till.device.client.orders.find(order.id)?.sync === 'synced',
    'the order to sync',
  );
  await settle(pages, 300);
  expect(paymentsOf(order.id)).toEqual([]);
  expect(page.data.qr.active).toBe(false);
});

/** The exact cash for what is due, as a cashier taps it. */
async function exactCash(page: Node): Promise<void> {
  const exact = page.querySelectorAll('.checkout__quick-button')[0];
  exact.querySelector('.van-button')!.dispatchEvent('tap');
  await until(() => page.data.payment.complete, 'cash to cover it');
}

test('取消 with the server out of reach: no cash until the QR is known closed, then cash pays', async () => {
  const { page, link } = await qrOnScreen();
  const { payments } = till.device.client;
  const order = payments.order!;
  const paymentId = payments.payment!.id;
  till.device.standIn.network.set({ isConnected: false });
  clickButton(page, '#cancel-qr');
  await until(() => payments.phase === 'closing', 'the close to be under way');
  await settle(pages, 300);
  // The close did not reach the server: the customer could still pay the QR they scanned.
  expect(till.server.store.state.payments[paymentId].status).toBe('pending');
  expect(page.data.qr.url).toBe('');
  expect(textOf(page, own('checkout__qr-status'))).toBe(
    '正在关闭收款码：顾客仍可能用它付款，关闭前请勿改收现金…',
  );
  // Nothing to take cash with meanwhile (checkout-qr-holds-cash.test.ts), and nothing to pay.
  expect(page.querySelectorAll('.checkout__quick-button')).toHaveLength(0);
  clickButton(page, '#pay');
  await settle(pages);
  expect(page.data.paid).toBeNull();
  expect(till.device.client.orders.find(order.id)!.order.status).toBe('open');

  till.device.standIn.network.set({ isConnected: true });
  await until(() => !page.data.qr.active, 'the close to be confirmed');
  expect(till.server.store.state.payments[paymentId].status).toBe('closed');
  await payAfterAll(link);
  await settle(pages);
  await exactCash(page);
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  // Paid in cash here, the payment is this till's to sync.
  expect(textOf(page, own('checkout__sync-note'))).toBe('订单已保存，将自动同步到门店服务器');
  expect(till.device.client.orders.find(order.id)!.order).toMatchObject({
    status: 'paid',
    tenders: [{ method: 'cash', amount: 3600 }],
  });
});

test('取消 with the server out of reach, and the customer paid meanwhile: the screen says paid', async () => {
  const { page, link } = await qrOnScreen();
  const { payments } = till.device.client;
  const order = payments.order!;
  till.device.standIn.network.set({ isConnected: false });
  clickButton(page, '#cancel-qr');
  await until(() => payments.phase === 'closing', 'the close to be under way');
  expect((await fetch(link, form('confirm'))).status).toBe(200);

  till.device.standIn.network.set({ isConnected: true });
  await paidByQr(page, order);
});

test('leaving with the server out of reach: the QR is closed once the server is back', async () => {
  const { page, link } = await qrOnScreen();
  const { payments } = till.device.client;
  const paymentId = payments.payment!.id;
  till.device.standIn.network.set({ isConnected: false });
  clickButton(page, '.checkout__back');
  await settle(pages);
  unload(page);
  // Let go at once: the next sale may start while the close is still being asked.
  expect(payments.payment).toBeNull();
  await settle(pages, 1500);
  expect(till.server.store.state.payments[paymentId].status).toBe('pending');

  till.device.standIn.network.set({ isConnected: true });
  await until(
    () => till.server.store.state.payments[paymentId].status === 'closed',
    'the QR to be closed on the server',
  );
  await payAfterAll(link);
});
