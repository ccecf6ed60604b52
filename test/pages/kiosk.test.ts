/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Kiosk mode on a kiosk device nobody is signed in on: it lands on the self-order screen, big
// tiles fill the order, "pay at the counter" queues an open order whose number is shown big,
// "pay by scanning" is off while the store's server is out of reach (kiosk-pay-scan.test.ts
// follows it online); untouched, it goes back to the start; leaving takes a manager's PIN. Time
// moves by hand.
import { KIOSK_IDLE_MS, KIOSK_SENT_MS } from '../../miniprogram/view/idle-timer';
import { until } from '../client/support/until';
import { demo } from '../support/test-server';
import { seededPerTest } from './support/seeded';
import { setUpPages, settle, until as waitFor } from './support/pages';
import { clickButton, count, find, own, textOf, vant, type Node } from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const seeded = seededPerTest(pages, { kind: 'kiosk', staff: null });

const tiles = (page: Node) => page.querySelectorAll('.kiosk-tile');

test('the self-order screen: big tiles; pay at the counter shows the order number big', async () => {
  expect(seeded.device.client.session.isKiosk).toBe(true);

  const page = pages.render('pages/kiosk/index');
  await settle(pages);
  const { cart, orders, ledger } = seeded.device.client;
  expect(tiles(page).length).toBeGreaterThan(3);
  expect(textOf(page, own('kiosk__store'))).toBe(demo.settings.storeName);
  expect(count(page, vant('van-button', 'van-button--disabled'))).toBeGreaterThan(0);
  expect(textOf(page, own('kiosk__scan-note'))).toBe('扫码支付暂不可用：请选择到柜台付款');

  tiles(page)[0].dispatchEvent('tap');
  tiles(page)[0].dispatchEvent('tap');
  // The order's line renders its stepper (slower than a fixed pause on a busy machine).
  await until(
    () => cart.itemCount === 2 && count(page, vant('van-stepper')) === 1,
    'two in the order, on one line',
  );
  const total = cart.total;

  clickButton(page, '#pay-at-counter');
  await settle(pages);
  const sent = orders.counterQueue;
  expect(sent).toHaveLength(1);
  expect(sent[0].order).toMatchObject({ status: 'open', source: 'kiosk', total, cashierId: null });
  expect(textOf(page, own('kiosk__number'))).toBe(sent[0].order.orderNo);
  expect(textOf(page, own('kiosk__sent-note'))).toContain('请到柜台出示取单号并付款');
  expect(ledger.outbox.entries().map((e) => e.op.type)).toEqual(['order.placed']);
  expect(cart.isEmpty).toBe(true);

  clickButton(page, '#kiosk-done');
  await settle(pages);
  expect(page.data.stage).toBe('ordering');
  expect(tiles(page).length).toBeGreaterThan(3);
});

test('untouched, it goes back to the start and drops the order; each touch waits again', async () => {
  const page = pages.render('pages/kiosk/index');
  await settle(pages);
  const { cart } = seeded.device.client;
  tiles(page)[0].dispatchEvent('tap');
  await settle(pages);
  seeded.clock.advance(KIOSK_IDLE_MS - 1_000);
  tiles(page)[1].dispatchEvent('tap');
  await settle(pages);
  seeded.clock.advance(KIOSK_IDLE_MS - 1_000);
  expect(cart.itemCount).toBe(2);

  seeded.clock.advance(1_000);
  await settle(pages);
  expect(cart.isEmpty).toBe(true);
  expect(page.data.lines).toEqual([]);
  expect(textOf(page, own('kiosk__cart-empty'))).toBe('点商品加入订单');

  // After an order went to the counter, its number stays up for a while, then the start.
  tiles(page)[0].dispatchEvent('tap');
  // Sending waits for the tile's item: the button sends nothing from an empty cart.
  await waitFor(pages, () => page.data.lines.length === 1, 'the item in the order');
  clickButton(page, '#pay-at-counter');
  await waitFor(pages, () => page.data.sent !== null, 'the order sent to the counter');
  expect(page.data.stage).toBe('sent');
  seeded.clock.advance(KIOSK_SENT_MS);
  await settle(pages);
  expect(page.data.stage).toBe('ordering');
  expect(page.querySelector('#order-number')).toBeUndefined();
});

test('leaving kiosk mode takes a manager’s PIN: a cashier’s is refused', async () => {
  const page = pages.render('pages/kiosk/index');
  await settle(pages);
  const { session } = seeded.device.client;
  find(page, '#kiosk-staff').dispatchEvent('tap');
  await settle(pages);
  expect(textOf(page, own('kiosk__leave-title'))).toBe('店长输入 PIN 退出自助模式');
  const before = pages.navigations.length;

  await typePin(pages, page, '#leave-pin', demo.staffPins.find((s) => s.role === 'cashier')!.pin);
  expect(page.data.error).toBe('不是店长的 PIN');
  expect(session.isSignedIn).toBe(false);
  expect(pages.navigations).toHaveLength(before);

  const manager = demo.staffPins.find((s) => s.role === 'manager')!;
  await typePin(pages, page, '#leave-pin', manager.pin);
  expect(session.staff).toMatchObject({ id: manager.staffId, role: 'manager' });
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/settings/index' });
});

test('goods sold by weight are not offered: a customer has no scale, and one tap would sell a gram', async () => {
  const page = pages.render('pages/kiosk/index');
  await settle(pages);
  const { catalog } = seeded.device.client;
  const weighed = catalog.products.filter((p) => p.soldBy === 'weight');
  expect(weighed.length).toBeGreaterThan(0);
  const categories = page.querySelectorAll('.kiosk__category').map((c) => c.dom?.textContent);
  expect(categories.length).toBeGreaterThan(0);
  expect(categories).not.toContain('水果'); // the demo's fruit, all sold by weight
  for (let i = 0; i < categories.length; i++) {
    page.querySelectorAll('.kiosk__category')[i].dispatchEvent('tap');
    await settle(pages);
    const names = tiles(page).map(
      (t) => t.dom?.querySelector(own('kiosk-tile__name'))?.textContent,
    );
    for (const product of weighed) expect(names).not.toContain(product.name);
  }
});
