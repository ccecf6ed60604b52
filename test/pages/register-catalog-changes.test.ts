/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The register while the catalog changes under an open cart: a product the manager stops selling
// (or a variant taken out) stays in view, marked, so the cashier can take it out; the rest of the
// cart stays priced, and checkout waits until nothing unsellable is left.
import { formatFen, type Product } from '@pos/shared';
import { productSavedOnServer, tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

const lineNames = (page: Node) =>
  page
    .querySelectorAll('.cart-line')
    .map((line) => line.dom?.querySelector(own('cart-line__name'))?.textContent?.trim());

const saveOnServer = (product: Product) => productSavedOnServer(till, product);

test('a product stopped while in the cart stays shown, marked, and must be taken out before checkout', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { catalog, cart } = till.device.client;
  const [stopped, kept] = catalog.products.filter((p) => p.active && p.soldBy === 'piece');
  expect(cart.addItem(stopped.skus[0].id).ok).toBe(true);
  expect(cart.addItem(kept.skus[0].id).ok).toBe(true);
  await settle(pages);
  expect(lineNames(page)).toHaveLength(2);

  await saveOnServer({ ...stopped, active: false });
  await settle(pages);

  // Both lines still there, in their places; the stopped one is marked and the notice says why.
  expect(lineNames(page)).toEqual([
    expect.stringContaining(stopped.name),
    expect.stringContaining(kept.name),
  ]);
  const marked = page.querySelectorAll('.cart-line')[0];
  expect(marked.dom?.textContent).toContain('已停售');
  expect(page.dom?.textContent).toContain('购物车里有已停售的商品');
  expect(textOf(page, own('totals__total'))).toContain(formatFen(kept.skus[0].price));

  // Checkout is not opened while it is in the cart.
  find(find(page, '#checkout'), '.van-button').dispatchEvent('tap');
  await settle(pages);
  expect(pages.navigations.filter((n) => n.url === '/pages/checkout/index')).toHaveLength(0);

  expect(page.dom?.textContent).toContain('请移除');

  // Its × takes it out; the rest stays, and checkout opens.
  clickButton(page, '.cart-line__remove');
  await settle(pages);
  expect(lineNames(page)).toEqual([expect.stringContaining(kept.name)]);
  expect(page.dom?.textContent).not.toContain('已停售');
  find(find(page, '#checkout'), '.van-button').dispatchEvent('tap');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/checkout/index' });
});

test('a variant taken out of the catalog while in the cart is shown by its SKU and can be removed', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { catalog, cart } = till.device.client;
  const product = catalog.products.find((p) => p.active && p.skus.length > 1)!;
  const [kept, removed] = product.skus;
  expect(cart.addItem(removed.id).ok).toBe(true);
  await settle(pages);

  await saveOnServer({ ...product, skus: [kept] });
  await settle(pages);
  expect(lineNames(page)).toEqual([expect.stringContaining(removed.id)]);
  expect(cart.pricing.ok).toBe(false);
  clickButton(page, '.cart-line__remove');
  await settle(pages);
  expect(cart.isEmpty).toBe(true);
});
