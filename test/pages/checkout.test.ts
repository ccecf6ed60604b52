/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Checkout on a paired tablet with a cashier signed in: cash with a quick amount and the change
// due, the WeChat Pay QR button, a split of cash and stored value (no more of it than the member
// may spend now, offline within the cap). "Paid" shows
// only once the order is saved with its outbox entry, through the real orders store.
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import {
  clickButton,
  count,
  find,
  own,
  textOf,
  typeInto,
  vant,
  type Node,
} from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

function ringUp(name: string, qty: number): void {
  const product = till.device.client.catalog.products.find((p) => p.name === name)!;
  const added = till.device.client.cart.addItem(product.skus[0].id, qty);
  if (!added.ok) throw new Error(added.error.message);
}

const quickButton = (page: Node, label: string) =>
  page.querySelectorAll('.checkout__quick-button').find((b) => b.dom?.textContent === label)!;

test('cash with a quick amount shows the change, and says paid once the order is queued', async () => {
  ringUp('拿铁', 2); // 2 x ¥18.00
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  expect(textOf(page, own('checkout__due'))).toBe('¥36.00');
  expect(count(page, vant('van-button'))).toBeGreaterThan(3);
  // WeChat Pay by QR is offered for what is due (checkout-pay-qr.test.ts follows it through
  // online); this till is offline, so it waits for the server and says so, and a tap does nothing.
  expect(find(page, '#wechat-qr').dom?.textContent).toContain('微信扫码收款 ¥36.00');
  expect(count(find(page, '#wechat-qr'), vant('van-button', 'van-button--disabled'))).toBe(1);
  expect(textOf(page, own('checkout__wechat-offline'))).toContain(
    '离线：微信扫码收款要连上门店服务器',
  );
  clickButton(page, '#wechat-qr');
  await settle(pages);
  expect(page.data.openOrder).toBeNull();
  expect(till.device.client.orders.views).toHaveLength(0);
  expect(page.querySelectorAll('.checkout__quick-button').map((b) => b.dom?.textContent)).toEqual([
    '刚好',
    '¥40.00',
    '¥50.00',
    '¥100.00',
  ]);

  quickButton(page, '¥50.00').querySelector('.van-button')!.dispatchEvent('tap');
  await until(() => page.data.payment.complete, 'the cash to cover the total');
  await settle(pages);
  expect(textOf(page, own('checkout__change'))).toBe('找零 ¥14.00');

  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  await settle(pages);
  const order = till.device.client.orders.views[0].order;
  expect(order.tenders).toEqual([{ method: 'cash', amount: 3600, tendered: 5000, change: 1400 }]);
  expect(textOf(page, own('checkout__paid'))).toContain(`订单号 ${order.orderNo}`);
  expect(textOf(page, own('checkout__paid'))).toContain('找零 ¥14.00');
  // Saved and queued: the sale waits in the outbox, and the cart is empty for the next one.
  const queued = till.device.client.ledger.outbox.entries().map((entry) => entry.op);
  expect(queued).toEqual([
    expect.objectContaining({
      type: 'order.placed',
      payload: expect.objectContaining({ id: order.id }),
    }),
  ]);
  expect(till.device.client.cart.isEmpty).toBe(true);
  expect(till.device.client.sync.unsyncedCount).toBe(1);
});

test('split: short cash then the member’s stored value; the pay button waits until covered', async () => {
  ringUp('拿铁', 1);
  expect(till.device.client.cart.attachMember('13800138001').ok).toBe(true); // ¥120.00 stored value
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  const due = till.device.client.cart.total;
  typeInto(page, '#cash', '10');
  await settle(pages);
  clickButton(page, '#add-cash');
  await until(() => page.data.tenders.length === 1, 'the cash tender');
  await settle(pages);
  expect(page.data.payment.dueFen).toBe(due - 1000);
  expect(page.data.payment.complete).toBe(false);
  clickButton(page, '#pay');
  await settle(pages);
  expect(till.device.client.orders.views).toHaveLength(0);

  clickButton(page, '#stored-value');
  await until(() => page.data.payment.complete, 'the stored value to cover the rest');
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  expect(till.device.client.orders.views[0].order.tenders).toEqual([
    { method: 'cash', amount: 1000, tendered: 1000, change: 0 },
    { method: 'stored_value', amount: due - 1000, memberId: 'm-0002' },
  ]);
});

test('stored value offers what the member may spend now: offline, within the cap and after unsynced spends', async () => {
  // Offline a member may spend ¥100.00 (the store's cap) of the ¥120.00 balance.
  expect(till.device.client.cart.attachMember('13800138001').ok).toBe(true);
  ringUp('拿铁', 7); // ¥126.00
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  expect(find(page, '#stored-value').dom?.textContent).toContain('¥100.00');
  clickButton(page, '#stored-value');
  await until(() => page.data.tenders.length === 1, 'the stored-value tender');
  await settle(pages);
  expect(page.data.tenders[0]).toMatchObject({ method: 'stored_value', amount: 10000 });
  expect(page.data.error).toBe('');
  typeInto(page, '#cash', '26');
  await settle(pages);
  clickButton(page, '#add-cash');
  await until(() => page.data.payment.complete, 'cash to cover the rest');
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');

  // The next sale: ¥100.00 went unsynced, so nothing is left under the cap.
  clickButton(page, '#next-sale');
  expect(till.device.client.cart.attachMember('13800138001').ok).toBe(true);
  ringUp('拿铁', 1);
  const next = pages.render('pages/checkout/index');
  await settle(pages);
  expect(find(next, '#stored-value').dom?.textContent).toContain('¥0.00');
  expect(count(find(next, '#stored-value'), vant('van-button', 'van-button--disabled'))).toBe(1);
});
