/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A discount or a changed price waiting for a manager's PIN belongs to the sale it was asked for.
// The customer may pay without it (结账 is never hidden); line ids restart at L1 in every cart, so a
// pad left up would put the last sale's discount on the next customer's first line, as approved.
import { cashTender } from '@pos/shared';
import { demo } from '../support/test-server';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, textOf, typeInto, vant, type Node } from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });
const manager = demo.staffPins.find((s) => s.role === 'manager')!;

function add(name: string, qty: number): void {
  const { cart, catalog } = till.device.client;
  const sku = catalog.products.find((p) => p.name === name)!.skus[0].id;
  expect(cart.addItem(sku, qty).ok).toBe(true);
}

/** Two lattes (¥18.00 each) on the register, 7折 asked on the first line: the manager's pad is up. */
async function discountWaitingForPin(): Promise<Node> {
  add('拿铁', 2);
  const page = pages.render('pages/register/index');
  await settle(pages);
  clickButton(page, '.cart-line__discount-button');
  await settle(pages);
  const chip = find(page, '#discount-editor')
    .querySelectorAll('.discount-editor__chip')
    .find((c) => c.dom?.textContent?.trim() === '7折')!;
  find(chip, '.van-button').dispatchEvent('tap'); // 30% off: above the 20% threshold
  await settle(pages);
  expect(page.data.approving).toBe('discount');
  expect(page.querySelector('#manager-pin')).toBeDefined();
  return page;
}

/** The customer pays the ¥36.00 in cash: the sale is written and the next cart starts. */
async function customerPays(): Promise<void> {
  const sold = till.device.client.orders.checkout([cashTender(3600, 3600)]);
  expect(sold.ok).toBe(true);
  await settle(pages);
}

function expectNothingWaiting(page: Node): void {
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  expect({
    approving: page.data.approving,
    pending: page.data.pending,
    pendingPrice: page.data.pendingPrice,
    editing: page.data.editing,
    repricing: page.data.repricing,
  }).toEqual({ approving: '', pending: null, pendingPrice: null, editing: null, repricing: null });
}

test('a discount left waiting for a PIN when 结账 is tapped does not carry over to the next sale', async () => {
  const page = await discountWaitingForPin();
  const { cart } = till.device.client;

  // No manager about: the customer pays the full price.
  clickButton(page, '#checkout');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/checkout/index' });
  expectNothingWaiting(page);
  await customerPays();

  // Back at the register (navigateBack keeps the page as it was), the next customer: one cola.
  add('可口可乐 330ml', 1);
  await settle(pages);
  expectNothingWaiting(page);
  expect(cart.cart.lines[0]).toMatchObject({ lineId: 'L1', discount: null });
  expect(cart.approvals).toEqual([]);
});

test('a changed price left waiting for a PIN when 结账 is tapped does not carry over', async () => {
  add('拿铁', 2);
  const page = pages.render('pages/register/index');
  await settle(pages);
  clickButton(page, '.cart-line__price-button');
  await settle(pages);
  typeInto(find(page, '#price-editor'), '#price-input', '10');
  await settle(pages);
  clickButton(find(page, '#price-editor'), '#price-apply');
  await settle(pages);
  expect(page.data.approving).toBe('price');

  clickButton(page, '#checkout');
  await settle(pages);
  expectNothingWaiting(page);
  await customerPays();
  add('可口可乐 330ml', 1);
  await settle(pages);
  expectNothingWaiting(page);
  expect(till.device.client.cart.cart.lines[0]).toMatchObject({
    lineId: 'L1',
    priceOverride: null,
  });
});

test('a sale finished elsewhere while a discount waits closes the pad on the register', async () => {
  const page = await discountWaitingForPin();
  // The checkout opened earlier, still underneath, takes the payment: the cart id changes.
  await customerPays();
  expectNothingWaiting(page);
});

test('the manager’s PIN for a line that now holds another item applies nothing, and says so', async () => {
  const page = await discountWaitingForPin();
  const { cart } = till.device.client;
  // The cart emptied without the register (as the kiosk's idle timer does), then a cola rung up:
  // the same cart, and the cola's line is L1 as the latte's was.
  cart.clear();
  add('可口可乐 330ml', 1);
  await settle(pages);
  expect(cart.cart.lines[0].lineId).toBe('L1');
  expect(page.querySelector('#manager-pin')).toBeDefined();

  await typePin(pages, page, '#manager-pin', manager.pin);
  expect(cart.cart.lines[0].discount).toBeNull();
  expect(cart.approvals).toEqual([]);
  expectNothingWaiting(page);
  expect(textOf(page, vant('van-notice-bar', 'van-notice-bar__content'))).toBe(
    '待批准的商品已不在购物车中，未做更改',
  );
});
