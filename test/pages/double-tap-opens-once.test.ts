/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A busy cashier double-taps 结账, a menu item or 收款 on a counter order: WeChat's navigateTo
// opens a page per call, so two would stack up (after 下一单 the cashier would land on an empty
// second checkout). A screen still opening holds off the next until WeChat answers, or a second.
import { until } from '../client/support/until';
import { kioskOrderAtCounter, tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

async function registerWithLatte(): Promise<Node> {
  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  expect(till.device.client.cart.addItem(latte.skus[0].id, 1).ok).toBe(true);
  const page = pages.render('pages/register/index');
  await settle(pages);
  return page;
}

/** What was opened on top (navigateTo) since `from` navigations had been asked for. */
const openedSince = (from: number) =>
  pages.navigations.slice(from).filter((n) => n.api === 'navigateTo');

afterEach(() => (pages.navigationHangs = false));

test('a double tap on 结账 opens the checkout once', async () => {
  const page = await registerWithLatte();
  const before = pages.navigations.length;
  const button = find(find(page, '#checkout'), '.van-button');
  button.dispatchEvent('tap');
  button.dispatchEvent('tap');
  await settle(pages);
  expect(openedSince(before)).toEqual([{ api: 'navigateTo', url: '/pages/checkout/index' }]);
});

test('a double tap on a menu item opens that screen once', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const before = pages.navigations.length;
  const orders = find(page, '#menu').querySelectorAll('.page-menu__item')[1];
  orders.dispatchEvent('tap');
  orders.dispatchEvent('tap');
  await settle(pages);
  expect(openedSince(before)).toEqual([{ api: 'navigateTo', url: '/pages/orders/index' }]);
});

test('a double tap on 收款 for a counter order opens its checkout once', async () => {
  const kioskOrder = await kioskOrderAtCounter(till);
  const page = pages.render('pages/register/index');
  await settle(pages);
  const before = pages.navigations.length;
  const pay = find(find(page, '#counter-queue'), '.counter-order__pay');
  find(pay, '.van-button').dispatchEvent('tap');
  find(pay, '.van-button').dispatchEvent('tap');
  await settle(pages);
  expect(openedSince(before)).toEqual([
    { api: 'navigateTo', url: `/pages/checkout/index?order=${encodeURIComponent(kioskOrder.id)}` },
  ]);
});

test('once the checkout has opened, 结账 opens it again later (back at the register)', async () => {
  const page = await registerWithLatte();
  const before = pages.navigations.length;
  clickButton(page, '#checkout');
  await until(() => openedSince(before).length === 1, 'the checkout to open');
  await settle(pages); // WeChat answers: the checkout is shown
  clickButton(page, '#checkout');
  await until(() => openedSince(before).length === 2, 'the checkout to open again');
});

test('should WeChat never answer, taps work again after a second', async () => {
  const page = await registerWithLatte();
  pages.navigationHangs = true;
  const before = pages.navigations.length;
  clickButton(page, '#checkout');
  await until(() => openedSince(before).length === 1, 'the checkout to open');
  clickButton(page, '#checkout'); // still held off
  await settle(pages, 100);
  expect(openedSince(before)).toHaveLength(1);
  await settle(pages, 1000);
  clickButton(page, '#checkout');
  await until(() => openedSince(before).length === 2, 'the checkout to open again');
});
