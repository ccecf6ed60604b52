/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Today's orders on a paired tablet with a cashier signed in: the list with each order's sync
// state, an order's detail, and a whole-order refund approved by a manager's PIN on the pin pad,
// through the real session and orders stores: a wrong PIN is refused, the right one queues it.
import { demo } from '../support/test-server';
import { sellForCash } from '../client/support/device';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, find, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

function sellLatte(qty: number) {
  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  return sellForCash(till.device, [{ skuId: latte.skus[0].id, qty }]);
}

/** Taps the digits of a PIN on the pin pad. */
async function typePin(page: Node, pin: string): Promise<void> {
  const pad = find(page, '#manager-pin');
  for (const digit of pin) {
    pad
      .querySelectorAll('.pin-pad__key')
      .find((key) => key.dom?.textContent === digit)!
      .dispatchEvent('tap');
  }
  await settle(pages);
}

const queuedTypes = () => till.device.client.ledger.outbox.entries().map((entry) => entry.op.type);

test('lists today’s orders with their sync state, this device’s and the store’s', async () => {
  const page = pages.render('pages/orders/index');
  await settle(pages);
  expect(count(page, vant('van-button'))).toBeGreaterThan(2);
  expect(textOf(page, vant('van-empty'))).toContain('今天还没有订单');

  const order = sellLatte(1);
  await settle(pages);
  expect(page.data.rows).toHaveLength(1);
  expect(textOf(page, own('order-row__no'))).toBe(order.orderNo);
  expect(textOf(page, own('order-row__total'))).toBe('¥18.00');
  const rowTag = page.querySelectorAll('.order-row__sync')[0];
  expect(rowTag.dom?.querySelector(vant('van-tag'))?.textContent?.trim()).toBe('待同步');

  // The store-wide list holds every device's synced orders; this device's is among them.
  clickButton(page, '#scope-store');
  await settle(pages);
  expect(page.data.scope).toBe('store');
  expect(page.data.rows.map((row: { id: string }) => row.id)).toContain(order.id);
});

test('a refund with a wrong manager PIN is refused; with the right one it is queued', async () => {
  const order = sellLatte(2);
  const page = pages.render('pages/orders/index');
  await settle(pages);
  page.querySelectorAll('.order-row')[0].dispatchEvent('tap');
  await settle(pages);
  expect(page.data.detail.orderNo).toBe(order.orderNo);
  expect(count(page, vant('van-cell'))).toBeGreaterThan(2);

  clickButton(page, '#refund-all');
  await until(() => page.data.proposal !== null, 'the proposed refund');
  await settle(pages);
  expect(textOf(page, own('refund__total'))).toBe('应退 ¥36.00');
  expect(textOf(page, own('refund__tenders'))).toContain('现金 ¥36.00');

  clickButton(page, '#refund');
  await settle(pages);
  const manager = demo.staffPins.find((s) => s.role === 'manager')!;
  const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;
  await typePin(page, cashier.pin);
  expect(page.data.error).toBe('不是店长的 PIN，未批准');
  expect(queuedTypes()).toEqual(['order.placed']);
  expect(till.device.client.orders.find(order.id)!.order.refunds).toHaveLength(0);

  await typePin(page, manager.pin);
  await until(() => page.data.done !== '', 'the refund to be done');
  await settle(pages);
  expect(queuedTypes()).toEqual(['order.placed', 'order.refunded']);
  const refunded = till.device.client.ledger.outbox.entries()[1].op;
  expect(refunded).toEqual(
    expect.objectContaining({
      type: 'order.refunded',
      payload: expect.objectContaining({
        orderId: order.id,
        approvedBy: manager.staffId,
        tenders: [{ method: 'cash', amount: 3600 }],
      }),
    }),
  );
  expect(till.device.client.orders.find(order.id)!.order.status).toBe('refunded');
  expect(textOf(page, own('orders__done'))).toContain('已退款 ¥36.00');
  expect(page.data.detail.status).toBe('已退款');
});

test('void with the manager’s PIN', async () => {
  const order = sellLatte(1);
  const page = pages.render('pages/orders/index');
  await settle(pages);
  page.querySelectorAll('.order-row')[0].dispatchEvent('tap');
  await settle(pages);
  clickButton(page, '#void');
  await settle(pages);
  await typePin(page, demo.staffPins.find((s) => s.role === 'manager')!.pin);
  await until(() => page.data.done !== '', 'the void');
  expect(till.device.client.orders.find(order.id)!.order.status).toBe('voided');
  expect(queuedTypes()).toEqual(['order.placed', 'order.voided']);
  // It names this device: the cash goes back out of this drawer, whichever till sold the order.
  const [, queuedVoid] = till.device.client.ledger.outbox.entries();
  expect(queuedVoid.op.payload).toMatchObject({
    orderId: order.id,
    deviceId: till.device.client.ledger.identity!.deviceId,
  });
});
