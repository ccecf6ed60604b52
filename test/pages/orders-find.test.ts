/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Finding an order on Orders for a refund, on a till holding the demo store (offline, clock moved
// by hand so keys can be timed): the receipt's QR read by a hardware scanner into the search box
// (a fast burst of keys, Enter), read by the camera, or the number typed by a person; a part of a
// number narrows the list; a number the device does not hold is explained. Found, the order opens
// and the refund goes through the real orders store with a manager's PIN.
import { demo } from '../support/test-server';
import { sellForCash } from '../client/support/device';
import { delivered, typeKeys as typeKeysInto } from './support/key-bursts';
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, find, own, textOf, vant, type Node } from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const seeded = seededPerTest(pages);

/** Three sales of a latte: one, two and three of them. */
function threeSales() {
  const latte = seeded.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  return [1, 2, 3].map((qty) => sellForCash(seeded.device, [{ skuId: latte.skus[0].id, qty }]));
}

const typeKeys = (page: Node, text: string, gapMs: number) =>
  typeKeysInto(page, '#order-search', text, gapMs, seeded.clock);

async function enter(page: Node): Promise<void> {
  find(page, '#order-search').dispatchEvent('search', { detail: page.data.query });
  await delivered();
  await settle(pages);
}

async function ordersPage(): Promise<Node> {
  const page = pages.render('pages/orders/index');
  await settle(pages);
  // The search box is Vant's own, resolved (an unresolved one renders a bare tag).
  expect(count(page, vant('van-search'))).toBe(1);
  expect(count(page, vant('van-search', 'van-search__content'))).toBe(1);
  return page;
}

const shownNumbers = (page: Node) => page.data.rows.map((row: { orderNo: string }) => row.orderNo);

test('a hardware scanner reads the receipt’s QR into the box: Enter opens that order', async () => {
  const [first, second, third] = threeSales();
  const page = await ordersPage();
  expect(shownNumbers(page)).toEqual([third.orderNo, second.orderNo, first.orderNo]);

  // The cashier had typed something slowly; then the scanner's burst and its Enter.
  await typeKeys(page, 'x', 300);
  await typeKeys(page, second.orderNo, 5);
  await enter(page);
  expect(page.data.detail?.orderNo).toBe(second.orderNo);
  expect(page.data.query).toBe('');
  expect(page.data.searchError).toBe('');
  expect(shownNumbers(page)).toHaveLength(3);
  expect(textOf(page, own('detail__no'))).toBe(second.orderNo);
});

test('typed by hand: a part narrows the list, Enter opens the one match; an unknown number is explained', async () => {
  const [first, , third] = threeSales();
  const page = await ordersPage();

  // The receipt's last digits, typed at a person's pace.
  const tail = first.orderNo.slice(-4);
  await typeKeys(page, tail, 250);
  await settle(pages);
  expect(shownNumbers(page)).toEqual([first.orderNo]);
  await enter(page);
  expect(page.data.detail?.orderNo).toBe(first.orderNo);

  // The whole number in lower case, as a person might type it.
  find(page, '#order-search').dispatchEvent('clear');
  await settle(pages);
  await typeKeys(page, third.orderNo.toLowerCase(), 200);
  await enter(page);
  expect(page.data.detail?.orderNo).toBe(third.orderNo);

  // A number this device never had: the list is empty and the message says why.
  find(page, '#order-search').dispatchEvent('clear');
  await settle(pages);
  await typeKeys(page, 'T9-1122-0001', 200);
  await settle(pages);
  expect(shownNumbers(page)).toEqual([]);
  expect(textOf(page, vant('van-empty'))).toBe('没有匹配的订单');
  await enter(page);
  expect(textOf(page, own('orders__search-error'))).toContain('本机没有订单 T9-1122-0001');
});

test('the camera reads the receipt’s QR; the order found is refunded with a manager’s PIN', async () => {
  const [, second] = threeSales();
  const page = await ordersPage();

  // Cancelled: nothing opens, nothing is said.
  pages.scanResult = null;
  clickButton(page, '#order-scan');
  await settle(pages);
  expect(page.data.detail).toBeNull();
  expect(page.data.searchError).toBe('');

  // A QR that is not one of this device's orders.
  pages.scanResult = 'https://example.cn/not-a-receipt';
  clickButton(page, '#order-scan');
  await settle(pages);
  expect(textOf(page, own('orders__search-error'))).toContain('本机没有订单');

  pages.scanResult = second.orderNo;
  clickButton(page, '#order-scan');
  await settle(pages);
  expect(page.data.detail?.orderNo).toBe(second.orderNo);
  expect(count(page, own('orders__search-error'))).toBe(0);

  clickButton(page, '#refund-all');
  await settle(pages);
  expect(textOf(page, own('refund__total'))).toBe('应退 ¥36.00');
  clickButton(page, '#refund');
  await settle(pages);
  const manager = demo.staffPins.find((s) => s.role === 'manager')!;
  await typePin(pages, page, '#manager-pin', manager.pin);
  await settle(pages);
  const { client } = seeded.device;
  expect(client.orders.find(second.id)!.order.status).toBe('refunded');
  const queued = client.ledger.outbox.entries().map((entry) => entry.op);
  expect(queued[queued.length - 1]).toMatchObject({
    type: 'order.refunded',
    payload: { orderId: second.id, approvedBy: manager.staffId },
  });
});
