/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The kiosk and stock: a customer cannot order what the shelf no longer has (a stock-tracked SKU
// at 0 or below), nor more than is left, and is told why; staff are not held to it (the goods are
// in their hand), nor are untracked goods.
import type { ProductTile } from '../../miniprogram/view/catalog-view';
import { signIn } from '../client/support/device';
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';
import { find, own, textOf, type Node } from './support/interact';

const pages = setUpPages();
const seeded = seededPerTest(pages, { kind: 'kiosk', staff: null });

const tiles = (page: Node) => page.querySelectorAll('.kiosk-tile');
const shown = (page: Node) => page.data.tiles as ProductTile[];

/** Two stock-tracked SKUs of one category, shown: one sold out, one with 2 left. */
async function kioskWithLowStock(): Promise<{ page: Node; soldOut: number; few: number }> {
  const { catalog, ledger } = seeded.device.client;
  const tracked = (categoryId: string) =>
    catalog
      .productsIn(categoryId)
      .filter((p) => p.stockTracked && p.soldBy === 'piece')
      .flatMap((p) => p.skus);
  const category = catalog.categories.find((c) => tracked(c.id).length >= 2)!;
  const [first, second] = tracked(category.id);
  ledger.replica.settleStock([
    { skuId: first.id, level: 0 },
    { skuId: second.id, level: 2 },
  ]);
  catalog.refresh();
  const page = pages.render('pages/kiosk/index');
  await settle(pages);
  const tab = (page.data.categories as Array<{ id: string }>).findIndex(
    (c) => c.id === category.id,
  );
  page.querySelectorAll('.kiosk__category')[tab].dispatchEvent('tap');
  await settle(pages);
  const at = (skuId: string) => shown(page).findIndex((tile) => tile.skuId === skuId);
  return { page, soldOut: at(first.id), few: at(second.id) };
}

test('a kiosk customer cannot order a sold-out item, nor more than is left, and is told so', async () => {
  const { cart } = seeded.device.client;
  const { page, soldOut, few } = await kioskWithLowStock();

  tiles(page)[soldOut].dispatchEvent('tap');
  await settle(pages);
  expect(cart.isEmpty).toBe(true);
  expect(textOf(page, own('kiosk__error')) || page.dom?.textContent).toContain('已售罄');

  tiles(page)[few].dispatchEvent('tap');
  tiles(page)[few].dispatchEvent('tap');
  await settle(pages);
  expect(cart.itemCount).toBe(2);
  tiles(page)[few].dispatchEvent('tap');
  await settle(pages);
  expect(cart.itemCount).toBe(2);
  expect(page.dom?.textContent).toContain('只剩');

  // Its stepper cannot go past it either; down still works.
  const line = cart.cart.lines[0];
  expect(cart.setQuantity(line.lineId, 3).ok).toBe(false);
  expect(cart.setQuantity(line.lineId, 1).ok).toBe(true);
  find(page, '.kiosk-line__qty');
});

test('staff selling on the kiosk are not held to the shelf level', async () => {
  const { cart } = seeded.device.client;
  const { page, soldOut } = await kioskWithLowStock();
  signIn(seeded.device, 'manager');
  expect(cart.addItem(shown(page)[soldOut].skuId).ok).toBe(true);
});
