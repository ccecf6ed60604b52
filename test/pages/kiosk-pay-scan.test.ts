/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Kiosk "pay by scanning" on a kiosk paired with a real server (the payment simulator) and a
// remembered receipt printer: the order goes to the counter first, then the server's pay QR shows;
// paid in the simulator, the kiosk says paid and prints the receipt once the paid order syncs
// back; declined, the order waits at the counter with its number; cancelled or left untouched, the
// QR is closed on the server and the order stays open for the counter; cancelled or timed out with
// the close not yet known, the kiosk waits for it and says paid if the customer paid meanwhile; a
// QR that could not be made is explained in the customer's words, not the till's. An
// order the server refuses is never at the counter: the kiosk says so in Chinese, with no number.
// The client's clock is moved by hand (the payment's polls, the inactivity wait), the server keeps
// real time.
import type { OrderView } from '../../miniprogram/core/local-view';
import { KIOSK_SCAN_MS, KIOSK_SENT_MS } from '../../miniprogram/view/idle-timer';
import { readEscPos } from '../support/escpos-reader';
import { kioskOnClockPerTest } from './support/kiosk-on-clock';
import { printedReceipts, printerPerTest } from './support/printer';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, type Node } from './support/interact';

const pages = setUpPages();
const kiosk = kioskOnClockPerTest(pages);
const { pass, until } = kiosk;

const printing = printerPerTest(() => kiosk.device);

const simulator = (action: 'confirm' | 'decline') =>
  fetch(kiosk.device.client.payments.payment!.qrText, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `action=${action}`,
  });

/** Two of the first product, then "pay by scanning": the QR on screen. */
async function scanToPay(): Promise<{
  page: Node;
  orderId: string;
  total: number;
  /** This kiosk's orders waiting at the counter (the server also holds earlier tests' kiosks'). */
  ours: () => OrderView[];
  /** Moves the kiosk's clock on until `left` ms (give or take a step) of the scan screen's wait remain. */
  passUntilScanLeft: (left: number, step: number) => Promise<void>;
}> {
  const page = pages.render('pages/kiosk/index');
  await until(() => page.data.scanAvailable === true, 'being online');
  const tile = page.querySelectorAll('.kiosk-tile')[0];
  tile.dispatchEvent('tap');
  tile.dispatchEvent('tap');
  await settle(pages);
  // Checked again right before the tap: once, in a loaded full run, the tap found 扫码支付 off just
  // after the wait above saw it on (this kiosk's clock runs ahead of the server while tests wait).
  await until(() => page.data.scanAvailable === true, 'being online still');
  expect(page.querySelector('.kiosk__scan-note')).toBeUndefined();
  const total = kiosk.device.client.cart.total;
  clickButton(page, '#pay-by-scan');
  // The tap starts the scan screen's wait; the QR comes later, after as many of the kiosk's
  // seconds as a busy machine takes to answer, so the tests count the wait from here.
  const scanEndsAt = kiosk.clock.now() + KIOSK_SCAN_MS;
  const passUntilScanLeft = (left: number, step: number) =>
    pass(scanEndsAt - left - kiosk.clock.now(), step);
  await settle(pages);
  expect(['scanning', 'refused']).toContain(page.data.stage);
  // Sent to the counter first: open, queued, and the cart is empty for the next customer.
  const ours = () => {
    const deviceId = kiosk.device.client.ledger.identity!.deviceId;
    return kiosk.device.client.orders.counterQueue.filter(
      (view) => view.order.deviceId === deviceId,
    );
  };
  const [queued] = ours();
  expect(queued.order).toMatchObject({ status: 'open', source: 'kiosk', total });
  expect(kiosk.device.client.cart.isEmpty).toBe(true);

  await until(() => page.data.qr.url !== '', 'the pay QR');
  expect(page.dom!.querySelector('.main--kiosk__qr')?.tagName.toLowerCase()).toBe('wx-image');
  expect(page.data.qr.url).toMatch(/\/api\/payments\/\w+\/qr\.png$/);
  // In the customer's words, not the till's ("请顾客用微信扫码支付", "收款 ¥…").
  expect(textOf(page, own('kiosk__qr-status'))).toBe('付款后请稍候，这里会显示支付结果');
  expect(textOf(page, own('kiosk__qr-amount'))).toBe(`支付 ¥${(total / 100).toFixed(2)}`);
  expect(textOf(page, own('kiosk__sent-note'))).toContain(queued.order.orderNo);
  return { page, orderId: queued.order.id, total, ours, passUntilScanLeft };
}

test('paid in the simulator: the kiosk says paid, prints the receipt, and goes back to the start', async () => {
  const { page, orderId, total, ours } = await scanToPay();
  expect((await simulator('confirm')).status).toBe(200);
  await until(() => page.data.stage === 'paid', 'the paid screen');
  const order = kiosk.device.client.orders.find(orderId)!.order;
  expect(textOf(page, own('kiosk__paid-title'))).toContain('支付成功');
  expect(textOf(page, own('kiosk__number'))).toBe(order.orderNo);

  await until(() => page.data.receipt?.tone === 'success', 'the receipt to print');
  expect(kiosk.device.client.orders.find(orderId)!.order.status).toBe('paid');
  expect(ours()).toEqual([]);
  const printout = readEscPos(printing.printer!.received());
  expect(printout.cuts).toBe(1);
  expect(printout.drawerKicks).toBe(0);
  const [receipt] = printedReceipts(printing.printer!);
  expect(receipt).toContain(`单号: ${order.orderNo}`);
  const amount = (total / 100).toFixed(2);
  expect(receipt.some((line) => new RegExp(`^微信支付\\s+${amount}$`).test(line))).toBe(true);

  await pass(KIOSK_SENT_MS, 1000);
  await settle(pages);
  expect(page.data.stage).toBe('ordering');
});

test('declined: back to paying at the counter, the order waiting there with its number', async () => {
  const { page, orderId, total, ours } = await scanToPay();
  expect((await simulator('decline')).status).toBe(200);
  await until(() => page.data.stage === 'sent', 'the counter screen');
  const order = kiosk.device.client.orders.find(orderId)!.order;
  expect(textOf(page, own('kiosk__number'))).toBe(order.orderNo);
  expect(textOf(page, own('kiosk__sent-note'))).toBe(
    `支付未成功。请到柜台出示取单号并付款 ¥${(total / 100).toFixed(2)}`,
  );
  expect(ours().map((view) => view.order.id)).toEqual([orderId]);
  expect(kiosk.server.store.order(orderId)!.status).toBe('open');
  expect(readEscPos(printing.printer!.received()).cuts).toBe(0);
});

test('the customer would rather pay at the counter: the QR is closed, the order waits there', async () => {
  const { page, orderId, ours } = await scanToPay();
  const paymentId = kiosk.device.client.payments.payment!.id;
  clickButton(page, '#scan-cancel');
  await until(() => page.data.stage === 'sent', 'the counter screen');
  expect(textOf(page, own('kiosk__sent-note'))).toContain('请到柜台出示取单号并付款');
  await until(() => kiosk.device.client.payments.payment === null, 'the payment to be let go');
  expect(kiosk.server.store.state.payments[paymentId].status).toBe('closed');
  expect(kiosk.server.store.order(orderId)!.status).toBe('open');
  expect(ours().map((view) => view.order.id)).toEqual([orderId]);
});

/** The customer pays on their phone, in the simulator, as the QR on the kiosk asks. */
const payOnPhone = (qrText: string) =>
  fetch(qrText, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=confirm',
  });

test('paid in the last moment before the scan screen times out: the kiosk says paid, with the number', async () => {
  const { page, orderId, passUntilScanLeft } = await scanToPay();
  const { payments } = kiosk.device.client;
  const paymentId = payments.payment!.id;
  const qrText = payments.payment!.qrText;
  // Almost the whole wait with the QR up (the customer is slow with their phone)...
  await passUntilScanLeft(1_500, 500);
  expect(page.data.stage).toBe('scanning');
  // ...then they pay, and the wait runs out before the kiosk's next poll has come back.
  expect((await payOnPhone(qrText)).status).toBe(200);
  expect(kiosk.server.store.state.payments[paymentId].status).toBe('paid');
  kiosk.clock.advance(2_000);
  await settle(pages);

  await until(() => page.data.stage !== 'scanning', 'the end of the scan screen');
  expect(page.data.stage).toBe('paid');
  expect(textOf(page, own('kiosk__paid-title'))).toContain('支付成功');
  expect(textOf(page, own('kiosk__number'))).toBe(
    kiosk.device.client.orders.find(orderId)!.order.orderNo,
  );
});

test('the scan screen times out with the server out of reach: it waits for the close, then the start', async () => {
  const { page, orderId, ours } = await scanToPay();
  const { payments } = kiosk.device.client;
  const paymentId = payments.payment!.id;
  kiosk.device.standIn.network.set({ isConnected: false });
  await pass(KIOSK_SCAN_MS + 1_000, 1000);
  // The close has not reached the server: the customer may still pay, so nobody is sent away yet.
  expect(page.data.stage).toBe('scanning');
  expect(page.data.qr.url).toBe('');
  expect(textOf(page, own('kiosk__qr'))).toBe('正在取消扫码支付，请稍候…');
  expect(kiosk.server.store.state.payments[paymentId].status).toBe('pending');

  kiosk.device.standIn.network.set({ isConnected: true });
  await until(() => page.data.stage === 'ordering', 'the start');
  expect(kiosk.server.store.state.payments[paymentId].status).toBe('closed');
  expect(page.querySelector('#order-number')).toBeUndefined();
  expect(payments.payment).toBeNull();
  // Not paid: the order is still open, for the counter.
  expect(ours().map((view) => view.order.id)).toEqual([orderId]);
});

test('the order does not reach the server in time for a QR: the customer is told in their own words', async () => {
  const page = await orderTwo();
  clickButton(page, '#pay-by-scan');
  // Gone before the order could be sent.
  kiosk.device.standIn.network.set({ isConnected: false });
  await settle(pages);
  expect(page.data.stage).toBe('scanning');
  const orderId = page.data.sent.orderId as string;
  await until(() => page.data.stage === 'sent', 'the counter screen');
  expect(kiosk.server.store.order(orderId)).toBeFalsy();
  const total = kiosk.device.client.orders.find(orderId)!.order.total;
  expect(textOf(page, own('kiosk__sent-note'))).toBe(
    `暂时连不上门店的收银系统，无法扫码支付。请到柜台出示取单号并付款 ¥${(total / 100).toFixed(2)}`,
  );
});

test('left untouched while the QR shows, it closes the QR and goes back to the start', async () => {
  const { page, orderId, ours, passUntilScanLeft } = await scanToPay();
  const paymentId = kiosk.device.client.payments.payment!.id;
  await passUntilScanLeft(2_000, 1000);
  expect(page.data.stage).toBe('scanning');
  // A touch waits again.
  find(page, '.kiosk').dispatchEvent('touchstart');
  await pass(KIOSK_SCAN_MS - 2_000, 1000);
  expect(page.data.stage).toBe('scanning');

  await pass(3_000, 1000);
  await until(() => page.data.stage === 'ordering', 'the start');
  expect(page.querySelector('#order-number')).toBeUndefined();
  await until(
    () => kiosk.server.store.state.payments[paymentId]?.status === 'closed',
    'the QR to be closed',
  );
  expect(ours().map((view) => view.order.id)).toEqual([orderId]);
});

/**
 * The kiosk's operation numbers jump far past what the server last had from it (as after its
 * storage was put back from an old copy): the server refuses what it sends next.
 */
function refusedFromNowOn(): void {
  const { counters } = kiosk.device.client.ledger;
  counters.raise({ lastSeq: counters.lastSeq + 20_000 });
}

/** The refusal screen: in Chinese, no number to take to the counter; the order kept, refused. */
async function toldRefused(page: Node, orderId: string): Promise<void> {
  await until(() => page.data.stage === 'refused', 'the refusal screen');
  expect(textOf(page, own('kiosk__refused-title'))).toBe('订单未能提交');
  expect(textOf(page, own('kiosk__sent-note'))).toBe(
    '这笔订单没有送到柜台，无需付款。请重新点单，或联系店员',
  );
  expect(page.querySelector('#order-number')).toBeUndefined();
  // Nothing in English, no counter to go to.
  const said = textOf(page, own('kiosk__refused'));
  expect(said).not.toMatch(/[A-Za-z]/);
  expect(said).not.toContain('柜台出示取单号');
  // Not at the counter: the server never stored it.
  expect(kiosk.server.store.order(orderId)).toBeFalsy();
  // Kept on the kiosk, refused, for a manager to look at (nothing dropped).
  const { sync, ledger } = kiosk.device.client;
  expect(sync.refused.map((r) => r.op.type === 'order.placed' && r.op.payload.id)).toEqual([
    orderId,
  ]);
  expect(ledger.outbox.entries().filter((e) => e.refused)).toHaveLength(1);
  expect(kiosk.device.client.payments.phase).toBe('idle');

  // Done: back to the start, to order again.
  clickButton(page, '#kiosk-done');
  await settle(pages);
  expect(page.data.stage).toBe('ordering');
}

async function orderTwo(): Promise<Node> {
  const page = pages.render('pages/kiosk/index');
  await until(() => page.data.scanAvailable === true, 'being online');
  const tile = page.querySelectorAll('.kiosk-tile')[0];
  tile.dispatchEvent('tap');
  tile.dispatchEvent('tap');
  await settle(pages);
  // As in scanToPay: still online at the tap that follows.
  await until(() => page.data.scanAvailable === true, 'being online still');
  return page;
}

test('pay by scanning, and the server refuses the order: the kiosk says so in Chinese, no counter', async () => {
  const page = await orderTwo();
  refusedFromNowOn();
  clickButton(page, '#pay-by-scan');
  await settle(pages);
  expect(['scanning', 'refused']).toContain(page.data.stage);
  const orderId = page.data.sent.orderId as string;
  await toldRefused(page, orderId);
});

test('pay at the counter, and the server refuses the order: the number is taken back', async () => {
  const page = await orderTwo();
  refusedFromNowOn();
  clickButton(page, '#pay-at-counter');
  await settle(pages);
  // Sent with its number, until the server's refusal comes back (it may already have).
  expect(['sent', 'refused']).toContain(page.data.stage);
  const orderId = page.data.sent.orderId as string;
  await toldRefused(page, orderId);
});

test('改为到柜台付款 with the server out of reach, and the customer paid meanwhile: the kiosk says paid', async () => {
  const { page, orderId } = await scanToPay();
  const { payments } = kiosk.device.client;
  const qrText = payments.payment!.qrText;
  kiosk.device.standIn.network.set({ isConnected: false });
  clickButton(page, '#scan-cancel');
  await until(() => payments.phase === 'closing', 'the close to be under way');
  await pass(2_000);
  // The close has not reached the server: the QR is no longer shown, and nobody is sent away yet.
  expect(page.data.stage).toBe('scanning');
  expect(page.data.qr.url).toBe('');
  expect(textOf(page, own('kiosk__qr'))).toBe('正在取消扫码支付，请稍候…');
  // The phone held up a moment earlier pays.
  const paid = await fetch(qrText, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=confirm',
  });
  expect(paid.status).toBe(200);

  kiosk.device.standIn.network.set({ isConnected: true });
  await until(() => page.data.stage === 'paid', 'the paid screen');
  expect(textOf(page, own('kiosk__paid-title'))).toContain('支付成功');
  expect(textOf(page, own('kiosk__number'))).toBe(
    kiosk.device.client.orders.find(orderId)!.order.orderNo,
  );
});

test('改为到柜台付款 with the server out of reach: the counter only once the QR is known closed', async () => {
  const { page, orderId, ours } = await scanToPay();
  const { payments } = kiosk.device.client;
  const paymentId = payments.payment!.id;
  kiosk.device.standIn.network.set({ isConnected: false });
  clickButton(page, '#scan-cancel');
  await until(() => payments.phase === 'closing', 'the close to be under way');
  await pass(2_000);
  expect(page.data.stage).toBe('scanning');
  expect(kiosk.server.store.state.payments[paymentId].status).toBe('pending');

  kiosk.device.standIn.network.set({ isConnected: true });
  await until(() => page.data.stage === 'sent', 'the counter screen');
  expect(kiosk.server.store.state.payments[paymentId].status).toBe('closed');
  expect(textOf(page, own('kiosk__sent-note'))).toContain('请到柜台出示取单号并付款');
  expect(payments.payment).toBeNull();
  expect(ours().map((view) => view.order.id)).toEqual([orderId]);
});
