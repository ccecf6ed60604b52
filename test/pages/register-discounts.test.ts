/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Discounts at the register on a paired tablet with a cashier signed in: a line discount within
// the store's threshold applies at once; above it a manager's PIN is asked (a cashier's is
// refused and nothing changes), and the approval goes with the sale through the real stores.
import { cashTender } from '@pos/shared';
import { demo } from '../support/test-server';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
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
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

const manager = demo.staffPins.find((s) => s.role === 'manager')!;
const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;

/** Two lattes (¥18.00 each) in the cart, and the register showing them. */
async function twoLattes(): Promise<Node> {
  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  expect(till.device.client.cart.addItem(latte.skus[0].id, 2).ok).toBe(true);
  const page = pages.render('pages/register/index');
  await settle(pages);
  return page;
}

/** Taps the discount editor's quick choice labelled `label` ("9折"). */
async function quick(page: Node, label: string): Promise<void> {
  const editor = find(page, '#discount-editor');
  const chip = editor
    .querySelectorAll('.discount-editor__chip')
    .find((c) => c.dom?.textContent?.trim() === label);
  if (!chip) throw new Error(`no quick discount ${label}`);
  find(chip, '.van-button').dispatchEvent('tap');
  await settle(pages);
}

test('a line discount within the threshold applies at once, without a PIN', async () => {
  const page = await twoLattes();
  const { cart } = till.device.client;
  clickButton(page, '.cart-line__discount-button');
  await settle(pages);
  const editor = find(page, '#discount-editor');
  expect(editor.dom?.querySelectorAll(vant('van-field'))).toHaveLength(1);
  expect(textOf(page, vant('discount-editor', 'discount-editor__rule'))).toBe(
    '优惠超过小计的 20% 需店长输入 PIN 批准',
  );

  await quick(page, '9折');
  expect(cart.cart.lines[0].discount).toEqual({ kind: 'percent', basisPoints: 1000 });
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  expect(page.querySelector('#discount-editor')).toBeUndefined();
  expect(textOf(page, own('cart-line__discount'))).toContain('9折');
  expect(textOf(page, own('totals__discount'))).toContain('-¥3.60');
  expect(textOf(page, own('totals__total'))).toContain('¥32.40');

  clickButton(page, '#checkout');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/checkout/index' });
});

test('above the threshold: a cashier’s PIN is refused, a manager’s applies it and the sale carries the approval', async () => {
  const page = await twoLattes();
  const { cart, orders } = till.device.client;
  clickButton(page, '#order-discount');
  await settle(pages);
  await quick(page, '7折');
  // Nothing applied yet: the manager's pad is up.
  expect(cart.cart.orderDiscount).toBeNull();
  expect(find(page, '#manager-pin').querySelectorAll('.pin-pad__key')).toHaveLength(13); // 10 digits, clear, delete, confirm
  expect(textOf(page, own('approval__title'))).toBe('这笔优惠超过了门槛，请店长输入 PIN 批准');

  await typePin(pages, page, '#manager-pin', cashier.pin);
  expect(page.data.error).toBe('不是店长的 PIN，未批准');
  expect(textOf(page, own('register__error'))).toContain('不是店长的 PIN');
  expect(count(page, vant('van-notice-bar'))).toBeGreaterThan(0);
  expect(cart.cart.orderDiscount).toBeNull();
  expect(cart.approvals).toEqual([]);

  await typePin(pages, page, '#manager-pin', manager.pin);
  expect(cart.cart.orderDiscount).toEqual({ kind: 'percent', basisPoints: 3000 });
  // It records what it covers: ¥10.80 off ¥36.00.
  const approval = {
    reason: 'discount',
    managerId: manager.staffId,
    covers: { fen: 1080, subtotal: 3600 },
  };
  expect(cart.approvals).toEqual([approval]);
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  await until(() => textOf(page, own('totals__total')).includes('¥25.20'), 'the new total');
  expect(textOf(page, own('totals__discount'))).toContain('整单折扣 7折');

  clickButton(page, '#checkout');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/checkout/index' });
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  expect(sold.ok && sold.value.orderDiscount).toBe(1080);
  expect(sold.ok && sold.value.approvals).toEqual([approval]);
});

test('an amount typed by hand; a discount nobody approved asks for the PIN before checkout', async () => {
  const page = await twoLattes();
  const { cart, orders } = till.device.client;
  clickButton(page, '#order-discount');
  await settle(pages);
  const editor = () => find(page, '#discount-editor');
  clickButton(editor(), '#mode-amount');
  await settle(pages);
  typeInto(editor(), '#discount-input', '5');
  await settle(pages);
  clickButton(editor(), '#discount-apply');
  await settle(pages);
  expect(cart.cart.orderDiscount).toEqual({ kind: 'amount', fen: 500 });
  expect(page.querySelector('#manager-pin')).toBeUndefined();

  // As after a restart (approvals are kept in memory only): a large discount, unapproved.
  expect(cart.setOrderDiscount({ kind: 'amount', fen: 2000 }).ok).toBe(true);
  await settle(pages);
  expect(textOf(page, own('cart__approval-missing'))).toBe('本单的优惠需要店长批准后才能结账');
  const before = pages.navigations.length;
  clickButton(page, '#checkout');
  await settle(pages);
  expect(pages.navigations).toHaveLength(before);
  expect(page.querySelector('#manager-pin')).toBeDefined();
  const refused = orders.checkout([cashTender(cart.total, cart.total)]);
  expect(!refused.ok && refused.error.code).toBe('approval_missing');

  await typePin(pages, page, '#manager-pin', manager.pin);
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/checkout/index' });
  expect(orders.checkout([cashTender(cart.total, cart.total)]).ok).toBe(true);
});
