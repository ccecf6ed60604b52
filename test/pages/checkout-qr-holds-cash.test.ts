/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// While a WeChat pay QR is up the checkout takes no cash and no stored value: the customer may pay
// the QR any moment, and a note taken meanwhile would be paid twice. The cashier who wants cash
// cancels the QR first (取消扫码), then cash pays. The paid screen's change is the paid order's own
// (a split's cash part), never whatever the screen holds when the customer's payment lands.
import { until } from '../client/support/until';
import { kioskOrderAtCounter, tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, typeInto, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

/** The page's handlers, as a tap already on its way when the QR came up would reach them. */
interface CheckoutHandlers {
  onLoad(query: object): void;
  onQuick(event: object): void;
  onCashInput(event: object): void;
  onAddCash(): void;
  onStoredValue(): void;
}
const handlers = (page: Node) => (page as unknown as { instance: CheckoutHandlers }).instance;

const form = (action: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `action=${action}`,
});

function ringUp(name: string, qty: number): void {
  const product = till.device.client.catalog.products.find((p) => p.name === name)!;
  const added = till.device.client.cart.addItem(product.skus[0].id, qty);
  if (!added.ok) throw new Error(added.error.message);
}

async function qrUp(page: Node): Promise<string> {
  await until(() => page.data.online === true, 'the till to be online');
  clickButton(page, '#wechat-qr');
  await until(() => page.data.qr.url !== '', 'the pay QR');
  await settle(pages);
  return till.device.client.payments.payment!.qrText;
}

/** Neither cash nor stored value is offered, and the screen says how to take cash instead. */
function noCashOffered(page: Node): void {
  expect(page.querySelectorAll('.checkout__quick-button').map((b) => b.dom?.textContent)).toEqual(
    [],
  );
  expect(page.querySelector('#cash')).toBeUndefined();
  expect(page.querySelector('#add-cash')).toBeUndefined();
  expect(page.querySelector('#stored-value')).toBeUndefined();
  expect(textOf(page, own('checkout__cash-held'))).toBe(
    '收款码有效时不收现金和储值：要改收现金，请先取消扫码',
  );
}

async function paidOrder(orderId: string) {
  await until(
    () => till.device.client.orders.find(orderId)?.order.status === 'paid',
    'the paid order to sync back',
  );
  return till.device.client.orders.find(orderId)!.order;
}

test('a QR paid in full: no cash is taken under it, and the paid screen gives no change', async () => {
  ringUp('拿铁', 2); // ¥36.00
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  const link = await qrUp(page);
  const orderId = page.data.openOrder.id;
  noCashOffered(page);

  // The customer holds out a ¥50 note; a tap that was already on its way still takes nothing.
  handlers(page).onQuick({ currentTarget: { dataset: { fen: 5000 } } });
  handlers(page).onCashInput({ detail: '50' });
  handlers(page).onAddCash();
  await settle(pages);
  expect(page.data.tenders).toEqual([]);
  expect(textOf(page, own('checkout__summary'))).not.toContain('找零');

  // The customer's scan goes through, for the whole ¥36.00.
  expect((await fetch(link, form('confirm'))).status).toBe(200);
  await until(() => page.data.paid !== null, 'the paid screen');
  await settle(pages);
  expect(textOf(page, own('checkout__paid-title'))).toBe('收款成功 ¥36.00');
  expect(textOf(page, own('checkout__change'))).toBe('找零 ¥0.00');
  expect((await paidOrder(orderId)).tenders).toEqual([
    expect.objectContaining({ method: 'wechat', amount: 3600 }),
  ]);
});

test('a split, cash part then a QR for the rest: the paid screen shows the cash part’s change', async () => {
  ringUp('拿铁', 2); // ¥36.00
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  typeInto(page, '#cash', '20');
  await settle(pages);
  clickButton(page, '#add-cash');
  await until(() => page.data.tenders.length === 1, 'the cash part');
  await settle(pages);
  expect(find(page, '#wechat-qr').dom?.textContent).toContain('微信扫码收款 ¥16.00');
  const link = await qrUp(page);
  const orderId = page.data.openOrder.id;
  noCashOffered(page);
  // The cash part went with the QR to the server: it stays on screen, and stays taken.
  expect(textOf(page, own('checkout__summary'))).toContain('现金 ¥20.00');
  const summary = page.dom!.querySelector(own('checkout__summary'))!;
  expect(summary.querySelectorAll(vant('van-button'))).toHaveLength(0);

  expect((await fetch(link, form('confirm'))).status).toBe(200);
  await until(() => page.data.paid !== null, 'the paid screen');
  await settle(pages);
  expect(textOf(page, own('checkout__paid-title'))).toBe('收款成功 ¥36.00');
  expect(textOf(page, own('checkout__change'))).toBe('找零 ¥0.00');
  expect((await paidOrder(orderId)).tenders).toEqual([
    { method: 'cash', amount: 2000, tendered: 2000, change: 0 },
    expect.objectContaining({ method: 'wechat', amount: 1600 }),
  ]);
});

test('a counter order’s QR: the till’s member pays nothing; 取消扫码, then the ¥50 note pays it', async () => {
  const kioskOrder = await kioskOrderAtCounter(till); // ¥36.00
  // The cashier was ringing up a member's sale meanwhile: their stored value is theirs.
  ringUp('美式咖啡', 1);
  expect(till.device.client.cart.attachMember('13800138001').ok).toBe(true);
  const page = pages.render('pages/checkout/index');
  handlers(page).onLoad({ order: encodeURIComponent(kioskOrder.id) });
  await settle(pages);
  const link = await qrUp(page);
  noCashOffered(page);
  handlers(page).onStoredValue();
  await settle(pages);
  expect(page.data.tenders).toEqual([]);

  clickButton(page, '#cancel-qr');
  await until(() => !page.data.qr.active, 'the QR to be known closed');
  await settle(pages);
  expect((await fetch(link, form('confirm'))).status).toBe(409);
  const fifty = page
    .querySelectorAll('.checkout__quick-button')
    .find((b) => b.dom?.textContent === '¥50.00')!;
  find(fifty, '.van-button').dispatchEvent('tap');
  await until(() => page.data.payment.complete, 'the note to cover the order');
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  expect(textOf(page, own('checkout__change'))).toBe('找零 ¥14.00');
  expect(till.device.client.orders.find(kioskOrder.id)!.order).toMatchObject({
    status: 'paid',
    tenders: [{ method: 'cash', amount: 3600, tendered: 5000, change: 1400 }],
  });
});
