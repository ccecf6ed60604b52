/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Changing a line's price (改价) at the register: the button beside the line's discount opens a
// price editor; nonsense is refused in words; a changed price waits for a manager's PIN (a
// cashier's is refused), then shows on the line and the sale carries the approval; back to the
// list price needs nobody; goods sold by weight are priced per kg. Through the real stores.
import { cashTender } from '@pos/shared';
import { demo } from '../support/test-server';
import { until } from '../client/support/until';
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, typeInto, vant, type Node } from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const seeded = seededPerTest(pages, { kind: 'tablet', staff: 'cashier' });

const manager = demo.staffPins.find((s) => s.role === 'manager')!;
const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;

async function render(): Promise<Node> {
  const page = pages.render('pages/register/index');
  await settle(pages);
  return page;
}

function add(name: string, qty: number): void {
  const { cart, catalog } = seeded.device.client;
  const sku = catalog.products.find((p) => p.name === name)!.skus[0].id;
  expect(cart.addItem(sku, qty).ok).toBe(true);
}

const editor = (page: Node) => find(page, '#price-editor');

/** Types `price` into the open price editor and applies it. */
async function typePrice(page: Node, price: string): Promise<void> {
  typeInto(editor(page), '#price-input', price);
  await settle(pages);
  clickButton(editor(page), '#price-apply');
  await settle(pages);
}

async function openPriceEditor(page: Node): Promise<void> {
  clickButton(page, '.cart-line__price-button');
  await settle(pages);
}

test('改价 beside 折扣: nonsense refused; a new price waits for a manager, then shows and goes with the sale', async () => {
  add('拿铁', 2); // ¥18.00 each
  const page = await render();
  const { cart, orders } = seeded.device.client;
  expect(textOf(page, own('cart-line__price-button'))).toBe('改价');

  await openPriceEditor(page);
  expect(textOf(page, vant('price-editor', 'price-editor__title'))).toBe('拿铁 中杯 改价');
  expect(textOf(page, vant('price-editor', 'price-editor__list'))).toBe('标价 ¥18.00');
  for (const nonsense of ['', 'abc', '-5', '12.345', '1e3']) {
    await typePrice(page, nonsense);
    expect(editor(page).data.error).toBe('请输入正确的价格：如 15 或 12.50，最多两位小数');
    expect(page.querySelector('#manager-pin')).toBeUndefined();
  }
  expect(cart.cart.lines[0].priceOverride).toBeNull();

  await typePrice(page, '15');
  // Nothing changed yet: the manager's pad is up, saying what for.
  expect(cart.cart.lines[0].priceOverride).toBeNull();
  expect(page.querySelector('#manager-pin')).toBeDefined();
  expect(textOf(page, own('approval__title'))).toBe('改价需要店长批准，请店长输入 PIN');
  await typePin(pages, page, '#manager-pin', cashier.pin);
  expect(page.data.error).toBe('不是店长的 PIN，未批准');
  expect(cart.cart.lines[0].priceOverride).toBeNull();
  expect(cart.approvals).toEqual([]);

  await typePin(pages, page, '#manager-pin', manager.pin);
  expect(cart.cart.lines[0].priceOverride).toBe(1500);
  // It covers ¥6.00 moved off the list, in a ¥30.00 subtotal.
  const approval = {
    reason: 'price_override',
    managerId: manager.staffId,
    covers: { fen: 600, subtotal: 3000 },
  };
  expect(cart.approvals).toEqual([approval]);
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  expect(page.querySelector('#price-editor')).toBeUndefined();
  // The bindings' setData comes a moment after the store changed.
  await until(() => textOf(page, own('cart-line__unit')).includes('¥15.00'), 'the new price');
  expect(textOf(page, own('cart-line__unit'))).toContain('¥15.00 · 原价 ¥18.00');
  expect(textOf(page, own('cart-line__name'))).toContain('改价');
  expect(textOf(page, own('cart-line__total'))).toBe('¥30.00');
  expect(textOf(page, own('cart__approval-missing'))).toBe('');

  clickButton(page, '#checkout');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/checkout/index' });
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  expect(sold.ok && sold.value.approvals).toEqual([approval]);
  expect(sold.ok && sold.value.lines[0]).toMatchObject({
    unitPrice: 1500,
    listUnitPrice: 1800,
    priceOverridden: true,
  });
});

test('a price moved less far than approved needs no PIN again, further does; back to the list price needs none', async () => {
  add('拿铁', 2);
  const page = await render();
  const { cart } = seeded.device.client;
  await openPriceEditor(page);
  await typePrice(page, '15');
  await typePin(pages, page, '#manager-pin', manager.pin);
  expect(cart.cart.lines[0].priceOverride).toBe(1500);

  // ¥16.00 is nearer the list than the approved ¥15.00.
  await openPriceEditor(page);
  expect(editor(page).querySelector('#price-clear')).toBeDefined();
  await typePrice(page, '16');
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  expect(cart.cart.lines[0].priceOverride).toBe(1600);
  expect(cart.approvalsMissing).toEqual([]);

  // ¥12.00 is further: asked again; cancelled, nothing changes.
  await openPriceEditor(page);
  await typePrice(page, '12');
  expect(page.querySelector('#manager-pin')).toBeDefined();
  clickButton(page, '.approval__cancel');
  await settle(pages);
  expect(cart.cart.lines[0].priceOverride).toBe(1600);

  // The list price typed, or 恢复原价: the line is priced from the catalog again, no PIN.
  await typePrice(page, '18');
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  expect(cart.cart.lines[0].priceOverride).toBeNull();
  // The approval given still covers a price moved less far than ¥6.00 in all.
  await openPriceEditor(page);
  await typePrice(page, '17');
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  expect(cart.cart.lines[0].priceOverride).toBe(1700);
  await openPriceEditor(page);
  clickButton(editor(page), '#price-clear');
  await settle(pages);
  expect(cart.cart.lines[0].priceOverride).toBeNull();
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  await until(() => textOf(page, own('cart-line__unit')).startsWith('¥18.00'), 'the list price');
  expect(textOf(page, own('cart-line__unit'))).not.toContain('原价');
  expect(textOf(page, own('cart-line__name'))).not.toContain('改价');
});

test('goods sold by weight: the price typed is per kg, and the line shows it beside the weight', async () => {
  add('富士苹果', 500); // ¥12.80/kg
  const page = await render();
  const { cart } = seeded.device.client;
  await openPriceEditor(page);
  expect(textOf(page, vant('price-editor', 'price-editor__title'))).toBe(
    '富士苹果 改价（每千克的价格）',
  );
  expect(textOf(page, vant('price-editor', 'price-editor__list'))).toBe('标价 ¥12.80/kg');
  await typePrice(page, '10');
  await typePin(pages, page, '#manager-pin', manager.pin);
  expect(cart.cart.lines[0].priceOverride).toBe(1000);
  await until(() => textOf(page, own('cart-line__total')) === '¥5.00', 'the new price');
  expect(textOf(page, own('cart-line__unit'))).toContain('500 克 · ¥10.00/kg，原价 ¥12.80/kg');
  expect(textOf(page, own('cart-line__total'))).toBe('¥5.00');
});

test('a changed price nobody approved (as after a restart) is asked for before checkout', async () => {
  add('拿铁', 2);
  const { cart } = seeded.device.client;
  expect(cart.setPriceOverride(cart.cart.lines[0].lineId, 1500).ok).toBe(true);
  const page = await render();
  expect(textOf(page, own('cart__approval-missing'))).toBe('本单的改价需要店长批准后才能结账');
  const before = pages.navigations.length;
  clickButton(page, '#checkout');
  await settle(pages);
  expect(pages.navigations).toHaveLength(before);
  expect(textOf(page, own('approval__title'))).toBe('改价需要店长批准，请店长输入 PIN');
  await typePin(pages, page, '#manager-pin', manager.pin);
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/checkout/index' });
  expect(cart.approvals).toMatchObject([{ reason: 'price_override', managerId: manager.staffId }]);
});

test('the price editor and the discount editor take turns', async () => {
  add('拿铁', 1);
  const page = await render();
  await openPriceEditor(page);
  expect(find(editor(page), '#price-input')).toBeDefined();
  clickButton(page, '.cart-line__discount-button');
  await settle(pages);
  expect(page.querySelector('#price-editor')).toBeUndefined();
  expect(page.querySelector('#discount-editor')).toBeDefined();
  await openPriceEditor(page);
  expect(page.querySelector('#discount-editor')).toBeUndefined();
  clickButton(editor(page), '#price-cancel');
  await settle(pages);
  expect(page.querySelector('#price-editor')).toBeUndefined();
});
