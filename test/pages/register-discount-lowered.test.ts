/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A discount a manager approved, changed at the register: lowered (still above the store's
// threshold) it is covered by the approval already given, so no PIN is asked and the sale carries
// that approval; raised past what was approved, the PIN is asked again. The core's rule decides
// what an approval covers (shared/approval.ts).
import { cashTender } from '@pos/shared';
import { demo } from '../support/test-server';
import { until } from '../client/support/until';
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, typeInto, type Node } from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const seeded = seededPerTest(pages, { kind: 'tablet', staff: 'cashier' });

const manager = demo.staffPins.find((s) => s.role === 'manager')!;

/** Two lattes (¥36.00) with 30% off the order, approved by the manager. */
async function approvedThirtyOff(): Promise<Node> {
  const { cart, catalog } = seeded.device.client;
  const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(cart.addItem(latte, 2).ok).toBe(true);
  const page = pages.render('pages/register/index');
  await settle(pages);
  await orderPercentOff(page, '30');
  expect(page.querySelector('#manager-pin')).toBeDefined();
  await typePin(pages, page, '#manager-pin', manager.pin);
  expect(cart.cart.orderDiscount).toEqual({ kind: 'percent', basisPoints: 3000 });
  return page;
}

/** Opens the order discount and applies `percent` % off, typed. */
async function orderPercentOff(page: Node, percent: string): Promise<void> {
  clickButton(page, '#order-discount');
  await settle(pages);
  const editor = () => find(page, '#discount-editor');
  typeInto(editor(), '#discount-input', percent);
  await settle(pages);
  clickButton(editor(), '#discount-apply');
  await settle(pages);
}

const approved = () => ({
  reason: 'discount',
  managerId: manager.staffId,
  covers: { fen: 1080, subtotal: 3600 },
});

test('lowered from an approved 30% to 25%, the discount applies without asking again', async () => {
  const page = await approvedThirtyOff();
  const { cart, orders } = seeded.device.client;
  expect(cart.approvals).toEqual([approved()]);

  await orderPercentOff(page, '25');
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  expect(cart.cart.orderDiscount).toEqual({ kind: 'percent', basisPoints: 2500 });
  expect(cart.approvals).toEqual([approved()]);
  await until(() => textOf(page, own('totals__total')).includes('¥27.00'), 'the new total');
  expect(textOf(page, own('cart__approval-missing'))).toBe('');

  clickButton(page, '#checkout');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/checkout/index' });
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  expect(sold.ok && sold.value.orderDiscount).toBe(900);
  expect(sold.ok && sold.value.approvals).toEqual([approved()]);
});

test('raised past the approved 30%, the PIN is asked again', async () => {
  const page = await approvedThirtyOff();
  const { cart } = seeded.device.client;
  await orderPercentOff(page, '35');
  expect(page.querySelector('#manager-pin')).toBeDefined();
  expect(cart.cart.orderDiscount).toEqual({ kind: 'percent', basisPoints: 3000 });
});

test('a line discount that keeps the sale within the approved amount asks nothing either', async () => {
  const page = await approvedThirtyOff();
  const { cart } = seeded.device.client;
  // The order discount down to 20% and 5% off the line: ¥1.80 + ¥6.84 = ¥8.64 < ¥10.80.
  await orderPercentOff(page, '20');
  clickButton(page, '.cart-line__discount-button');
  await settle(pages);
  const editor = () => find(page, '#discount-editor');
  typeInto(editor(), '#discount-input', '5');
  await settle(pages);
  clickButton(editor(), '#discount-apply');
  await settle(pages);
  expect(page.querySelector('#manager-pin')).toBeUndefined();
  expect(cart.cart.lines[0].discount).toEqual({ kind: 'percent', basisPoints: 500 });
  expect(cart.approvalsMissing).toEqual([]);
});
