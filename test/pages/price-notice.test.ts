/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The register and checkout when the manager changes a price while the item is in the cart: the
// cart is priced at the new price, and a notice (above the cart's lines, above the amount due)
// names each repriced line, old -> new, so the cashier can tell the customer; it stays until the
// cashier taps 知道了 or the sale ends.
import { formatFen, type Product } from '@pos/shared';
import { productSavedOnServer, tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, find, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

const saveOnServer = (product: Product) => productSavedOnServer(till, product);
const inNotice = (className: string) => vant('repriced-notice', className);

/** The notice's lines as shown. */
const notice = (page: Node) =>
  [...(page.dom?.querySelectorAll(inNotice('repriced__line')) ?? [])].map(
    (line) => line.textContent,
  );

test('a price changed while in the cart is named old -> new until the cashier has seen it', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { catalog, cart } = till.device.client;
  const latte = catalog.products.find((p) => p.name === '拿铁')!; // 中杯 ¥18.00, 大杯 ¥22.00
  const [medium, large] = latte.skus;
  expect(cart.addItem(medium.id, 2).ok).toBe(true);
  expect(cart.addItem(large.id).ok).toBe(true);
  await settle(pages);
  expect(notice(page)).toHaveLength(0);

  const skus = [
    { ...medium, price: 2000 },
    { ...large, price: 2100 },
  ];
  await saveOnServer({ ...latte, skus });
  await settle(pages);

  expect(textOf(page, inNotice('repriced__title'))).toBe('价格有变动，已按新价计算，请告知顾客：');
  expect(notice(page)).toEqual(['拿铁 中杯 ¥18.00 → ¥20.00', '拿铁 大杯 ¥22.00 → ¥21.00']);
  // The new prices apply.
  expect(textOf(page, own('totals__total'))).toContain('¥61.00');

  clickButton(find(page, '#repriced-notice'), '#repriced-seen');
  await settle(pages);
  expect(notice(page)).toHaveLength(0);
  expect(count(page, inNotice('repriced'))).toBe(0);
  expect(textOf(page, own('totals__total'))).toContain('¥61.00');
});

test('clearing the cart ends the notice', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { catalog, cart } = till.device.client;
  const tart = catalog.products.find((p) => p.name === '葡式蛋挞')!;
  expect(cart.addItem(tart.skus[0].id).ok).toBe(true);
  await saveOnServer({ ...tart, skus: [{ ...tart.skus[0], price: 700 }] });
  await settle(pages);
  expect(notice(page)).toEqual(['葡式蛋挞 ¥6.00 → ¥7.00']);

  cart.clear();
  await settle(pages);
  expect(notice(page)).toHaveLength(0);
});

test('at checkout, a price synced while paying changes the amount due and is named there too', async () => {
  const { catalog, cart } = till.device.client;
  // Another till of this file's server may have repriced it already: counted from what it is now.
  const latte = catalog.products.find((p) => p.name === '拿铁')!;
  const [medium, ...others] = latte.skus;
  const raised = medium.price + 300;
  expect(cart.addItem(medium.id, 2).ok).toBe(true);
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  expect(textOf(page, own('checkout__due'))).toBe(formatFen(medium.price * 2));
  expect(notice(page)).toHaveLength(0);

  await saveOnServer({
    ...latte,
    skus: [{ ...medium, price: raised }, ...others],
  });
  await settle(pages);
  expect(notice(page)).toEqual([
    `拿铁 ${medium.label} ${formatFen(medium.price)} → ${formatFen(raised)}`,
  ]);
  expect(textOf(page, own('checkout__due'))).toBe(formatFen(raised * 2));

  clickButton(find(page, '#repriced-notice'), '#repriced-seen');
  await settle(pages);
  expect(count(page, inNotice('repriced'))).toBe(0);
  expect(textOf(page, own('checkout__due'))).toBe(formatFen(raised * 2));
});
