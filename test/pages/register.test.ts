/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The register on a paired tablet with a cashier signed in: categories, the product grid with
// prices and member prices, search through the catalog store, and the cart driven by taps on
// the grid and on Vant's steppers, priced by the real cart store. The sync badge shows offline.
import { cashTender } from '@pos/shared';
import { until } from '../client/support/until';
import { kioskOrderAtCounter, tillPerTest } from './support/till';
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
const till = tillPerTest(pages);

const tiles = (page: Node) => page.querySelectorAll('.tile');
const tileNames = (page: Node) =>
  tiles(page).map((tile) => tile.dom?.querySelector(own('tile__name'))?.textContent);
const tileNamed = (page: Node, name: string) =>
  tiles(page).find((tile) => tile.dom?.querySelector(own('tile__name'))?.textContent === name)!;
/** The weight entry (components/weight-entry), open while goods sold by weight wait for grams. */
const weightEntry = (page: Node) => find(page, '#weight-entry');

test('shows categories, tiles with prices and member prices; taps and steppers drive the cart', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { catalog, cart } = till.device.client;
  expect(count(page, vant('van-sidebar'))).toBe(1);
  expect(count(page, vant('van-sidebar-item'))).toBeGreaterThan(1);
  expect(count(page, vant('van-search'))).toBe(1);
  expect(textOf(page, vant('van-tag'))).toBe('在线');
  // The first category's products: 美式咖啡 中杯 at ¥15.00, ¥12.00 for members.
  const first = catalog.categories[0];
  expect(tiles(page)).toHaveLength(
    catalog.productsIn(first.id).reduce((n, p) => n + p.skus.length, 0),
  );
  const americano = tileNamed(page, '美式咖啡 中杯');
  expect(americano.dom?.textContent).toContain('¥15.00');
  expect(americano.dom?.textContent).toContain('会员 ¥12.00');

  americano.dispatchEvent('tap');
  await settle(pages);
  expect(cart.itemCount).toBe(1);
  expect(count(page, vant('van-stepper'))).toBe(1);
  expect(textOf(page, own('totals__total'))).toContain('¥15.00');

  find(page, '.cart-line__qty').querySelector('.van-stepper__plus')!.dispatchEvent('tap');
  await settle(pages);
  expect(cart.cart.lines[0].qty).toBe(2);
  expect(textOf(page, own('totals__total'))).toContain('¥30.00');
  expect(textOf(page, own('cart-line__total'))).toBe('¥30.00');

  // Another category through the sidebar, then the checkout button opens checkout.
  find(find(page, '#checkout'), '.van-button').dispatchEvent('tap');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/checkout/index' });

  // Down to zero removes the line.
  for (let i = 0; i < 2; i++) {
    find(page, '.cart-line__qty').querySelector('.van-stepper__minus')!.dispatchEvent('tap');
    await settle(pages);
  }
  expect(cart.isEmpty).toBe(true);
  expect(textOf(page, own('cart__empty'))).toBe('购物车是空的：点商品加入');
});

test("search goes through the catalog store (pinyin initials, a label's too), and a scanned barcode adds", async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  find(page, '#search').dispatchEvent('change', { detail: 'nt' });
  await settle(pages);
  const hits = till.device.client.catalog.search('nt');
  expect(hits.length).toBeGreaterThan(0);
  expect(tileNames(page)).toEqual(
    hits.map((hit) => (hit.sku.label ? `${hit.product.name} ${hit.sku.label}` : hit.product.name)),
  );
  // A variant by its product's initials and then its label's, both synced from the server.
  find(page, '#search').dispatchEvent('change', { detail: 'ntdb' });
  await settle(pages);
  expect(tileNames(page)).toEqual(['拿铁 大杯']);
  const barcode = till.device.client.catalog.products.find((p) => p.skus[0].barcodes.length)!
    .skus[0].barcodes[0];
  find(page, '#search').dispatchEvent('search', { detail: barcode });
  await settle(pages);
  expect(till.device.client.cart.itemCount).toBe(1);
});

test('fruit sold by weight asks for the grams before it goes in the cart', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  find(page, '#search').dispatchEvent('change', { detail: '富士苹果' });
  await settle(pages);
  tileNamed(page, '富士苹果').dispatchEvent('tap'); // ¥12.80/kg
  await settle(pages);
  // Nothing yet: one tap is not one gram.
  expect(till.device.client.cart.isEmpty).toBe(true);
  expect(textOf(page, vant('weight-entry', 'weigh__title'))).toContain('富士苹果');
  typeInto(weightEntry(page), '#weight', 'abc');
  await settle(pages);
  clickButton(weightEntry(page), '#weight-add');
  await settle(pages);
  expect(till.device.client.cart.isEmpty).toBe(true);
  expect(textOf(page, vant('weight-entry', 'weigh__error'))).toBe('请输入重量（克），如 500');
  typeInto(weightEntry(page), '#weight', '500');
  await settle(pages);
  clickButton(weightEntry(page), '#weight-add');
  await settle(pages);
  expect(till.device.client.cart.cart.lines).toMatchObject([{ qty: 500 }]);
  expect(textOf(page, own('cart-line__total'))).toBe('¥6.40');
  expect(page.querySelector('#weight-entry')).toBeUndefined();
});

test('another fruit tapped while one waits for its grams: what was typed for the first goes', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { catalog, cart } = till.device.client;
  const apple = catalog.products.find((p) => p.name === '富士苹果')!;
  const banana = catalog.products.find((p) => p.name === '香蕉')!;
  const shelf = page.data.categories.findIndex((c: { id: string }) => c.id === apple.categoryId);
  find(page, '.register__categories').dispatchEvent('change', { detail: shelf });
  await settle(pages);
  tileNamed(page, '富士苹果').dispatchEvent('tap');
  await settle(pages);
  typeInto(weightEntry(page), '#weight', '5x');
  await settle(pages);
  clickButton(weightEntry(page), '#weight-add');
  await settle(pages);
  expect(textOf(page, vant('weight-entry', 'weigh__error'))).toBe('请输入重量（克），如 500');

  tileNamed(page, '香蕉').dispatchEvent('tap');
  await settle(pages);
  expect(textOf(page, vant('weight-entry', 'weigh__title'))).toContain('香蕉');
  expect(weightEntry(page).data.input).toBe('');
  expect(textOf(page, vant('weight-entry', 'weigh__error'))).toBe('');
  typeInto(weightEntry(page), '#weight', '800');
  await settle(pages);
  clickButton(weightEntry(page), '#weight-add');
  await settle(pages);
  expect(cart.cart.lines).toMatchObject([{ skuId: banana.skus[0].id, qty: 800 }]);
  expect(page.querySelector('#weight-entry')).toBeUndefined();
});

test('no network: the badge says so, counts what is unsynced, and selling goes on', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  till.device.standIn.network.set({ isConnected: false });
  await until(() => !till.device.client.sync.isOnline, 'the till to be offline');
  const { cart, orders } = till.device.client;
  cart.addItem(till.device.client.catalog.products[0].skus[0].id);
  const { cashTender } = await import('@pos/shared');
  expect(orders.checkout([cashTender(cart.total, cart.total)]).ok).toBe(true);
  // Waited for, not slept on: rendering lags on a busy machine, and a retry while offline shows
  // "connecting" for a moment.
  await until(
    () =>
      // 无网络, not 离线: the phone says it has none, so the fix is the tablet's Wi-Fi.
      textOf(page, vant('van-tag')) === '无网络' &&
      textOf(page, own('register__sync')).includes('1 条未同步'),
    'the badge to say offline with one unsynced sale',
  );
});

test('a kiosk order sent to the counter waits on the register, which opens checkout for it', async () => {
  const kioskOrder = await kioskOrderAtCounter(till); // 2 x ¥18.00

  const page = pages.render('pages/register/index');
  await settle(pages);
  const queue = find(page, '#counter-queue');
  expect(count(page, vant('counter-queue', 'counter-order'))).toBe(1);
  const waiting = find(queue, '.counter-order');
  expect(waiting.dom?.textContent).toContain(kioskOrder.orderNo);
  expect(waiting.dom?.textContent).toContain('¥36.00');
  clickButton(queue, '.counter-order__pay');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({
    api: 'navigateTo',
    url: `/pages/checkout/index?order=${encodeURIComponent(kioskOrder.id)}`,
  });

  // Paid (checkout-pay-qr.test.ts takes it through the checkout page), it leaves the queue.
  const paid = till.device.client.orders.payOpenOrder(kioskOrder.id, [cashTender(3600, 5000)]);
  if (!paid.ok) throw new Error(paid.error.message);
  expect(till.device.client.orders.counterQueue).toEqual([]);
  await settle(pages);
  expect(count(page, vant('counter-queue', 'counter-order'))).toBe(0);
});
