// The register's pure helpers for changed prices (改价), for whether a discount is covered by an
// approval already given, and for the cart lines' quantity steppers.
import {
  approveSale,
  indexCatalog,
  priceCart,
  setLineDiscount,
  setPriceOverride,
  type Cart,
} from '@pos/shared';
import { createDemoStore } from '../../../sync-server/demo/demo-store';
import { seededRandom } from '../../support/seeded-random';
import { needsApproval } from '../../../miniprogram/view/discount-view';
import {
  approvalTitle,
  missingApprovalText,
  overrideFor,
  overrideNeedsApproval,
  parseUnitPrice,
  priceEditor,
  priceOverrideNotes,
} from '../../../miniprogram/view/price-override-view';
import {
  LineStepper,
  quantityShownAgain,
  steppedQuantity,
} from '../../../miniprogram/view/quantity-stepper';

const demo = createDemoStore(seededRandom(7));
const context = { catalog: indexCatalog(demo.products), settings: demo.settings };
const latte = demo.products.find((p) => p.name === '拿铁')!.skus[0];
const apples = demo.products.find((p) => p.soldBy === 'weight')!.skus[0];

function cartOf(...lines: Array<[string, string, number]>): Cart {
  return {
    lines: lines.map(([lineId, skuId, qty]) => ({
      lineId,
      skuId,
      qty,
      priceOverride: null,
      discount: null,
    })),
    orderDiscount: null,
    memberId: null,
  };
}

test('a price as typed, in fen; nonsense refused in words; 0 is a price', () => {
  expect(parseUnitPrice('15')).toEqual({ ok: true, fen: 1500 });
  expect(parseUnitPrice(' 12.5 ')).toEqual({ ok: true, fen: 1250 });
  expect(parseUnitPrice('¥9.90')).toEqual({ ok: true, fen: 990 });
  expect(parseUnitPrice('0')).toEqual({ ok: true, fen: 0 });
  for (const bad of ['', '  ', 'abc', '-5', '12.345', '1e3', '5元'])
    expect(parseUnitPrice(bad)).toEqual({
      ok: false,
      error: '请输入正确的价格：如 15 或 12.50，最多两位小数',
    });
});

test('the editor names the line and its list price, per kg by weight; the list price typed is no override', () => {
  const priced = priceCart(cartOf(['L1', latte.id, 2], ['L2', apples.id, 500]), context);
  const cup = priceEditor(priced.lines[0]);
  expect(cup).toMatchObject({ lineId: 'L1', listFen: latte.price, removable: false });
  expect(cup.listPrice).toBe(`标价 ¥${(latte.price / 100).toFixed(2)}`);
  expect(priceEditor(priced.lines[1]).listPrice).toMatch(/^标价 ¥\d+\.\d\d\/kg$/);
  expect(priceEditor(priced.lines[1]).title).toContain('每千克');
  expect(overrideFor(latte.price, cup)).toBeNull();
  expect(overrideFor(latte.price - 300, cup)).toBe(latte.price - 300);
});

test('a changed price shows the list price it was; by weight the new price per kg first', () => {
  let cart = cartOf(['L1', latte.id, 2], ['L2', apples.id, 500], ['L3', latte.id, 1]);
  cart = setPriceOverride(cart, 'L1', 1500);
  cart = setPriceOverride(cart, 'L2', 1000);
  const notes = priceOverrideNotes(priceCart(cart, context));
  expect(notes).toEqual({
    L1: `原价 ¥${(latte.price / 100).toFixed(2)}`,
    L2: `¥10.00/kg，原价 ¥${(apples.price / 100).toFixed(2)}/kg`,
  });
  expect(priceOverrideNotes(null)).toEqual({});
});

test('a changed price asks a manager unless an approval given covers it; back to the list asks nothing', () => {
  const cart = cartOf(['L1', latte.id, 2]);
  expect(overrideNeedsApproval(cart, 'L1', latte.price - 300, context)).toBe(true);
  expect(overrideNeedsApproval(cart, 'L1', null, context)).toBe(false);
  const approved = approveSale(
    priceCart(setPriceOverride(cart, 'L1', latte.price - 300), context),
    'price_override',
    'mgr',
  );
  expect(overrideNeedsApproval(cart, 'L1', latte.price - 200, context, [approved])).toBe(false);
  expect(overrideNeedsApproval(cart, 'L1', latte.price + 300, context, [approved])).toBe(false);
  expect(overrideNeedsApproval(cart, 'L1', latte.price - 400, context, [approved])).toBe(true);
  expect(overrideNeedsApproval(cart, 'nope', 100, context)).toBe(false);
});

test('a discount lowered under an approval already given needs no PIN; raised past it does', () => {
  const cart = cartOf(['L1', latte.id, 2]);
  const percent = (basisPoints: number) => ({ kind: 'percent' as const, basisPoints });
  const thirtyOff = priceCart({ ...cart, orderDiscount: percent(3000) }, context);
  const approved = approveSale(thirtyOff, 'discount', 'mgr');
  expect(needsApproval(cart, null, percent(2500), context)).toBe(true);
  expect(needsApproval(cart, null, percent(2500), context, [approved])).toBe(false);
  expect(needsApproval(cart, null, percent(3000), context, [approved])).toBe(false);
  expect(needsApproval(cart, null, percent(3500), context, [approved])).toBe(true);
  // An approval of a changed price covers no discount.
  const priceApproval = { ...approved, reason: 'price_override' as const };
  expect(needsApproval(cart, null, percent(2500), context, [priceApproval])).toBe(true);
  // A line discount counts with the order's.
  const withOrder = { ...cart, orderDiscount: percent(2000) };
  expect(needsApproval(withOrder, 'L1', percent(500), context, [approved])).toBe(false);
  expect(
    needsApproval(setLineDiscount(withOrder, 'L1', null), 'L1', percent(2000), context, [approved]),
  ).toBe(true);
});

test('the PIN pad and the cart say what is to be approved', () => {
  expect(approvalTitle('price', [])).toBe('改价需要店长批准，请店长输入 PIN');
  expect(approvalTitle('discount', [])).toBe('这笔优惠超过了门槛，请店长输入 PIN 批准');
  expect(approvalTitle('checkout', ['discount'])).toBe('这笔优惠超过了门槛，请店长输入 PIN 批准');
  expect(approvalTitle('checkout', ['price_override'])).toBe('改价需要店长批准，请店长输入 PIN');
  expect(approvalTitle('checkout', ['price_override', 'discount'])).toBe(
    '本单的改价和优惠需要店长批准，请店长输入 PIN',
  );
  expect(missingApprovalText([])).toBe('');
  expect(missingApprovalText(['discount'])).toBe('本单的优惠需要店长批准后才能结账');
  expect(missingApprovalText(['price_override'])).toBe('本单的改价需要店长批准后才能结账');
  expect(missingApprovalText(['discount', 'price_override'])).toBe(
    '本单的改价和优惠需要店长批准后才能结账',
  );
});

test('a stepper’s 0 or empty box is no quantity; only a minus right after a 0 removes the line', () => {
  expect(steppedQuantity(3)).toBe(3);
  expect(steppedQuantity('12')).toBe(12);
  for (const none of [0, '', ' ', '0', NaN, -1, 1.5, undefined])
    expect(steppedQuantity(none)).toBeNull();

  const stepper = new LineStepper();
  expect(stepper.change('L1', 0)).toBeNull();
  expect(stepper.minus('L1')).toBe(true);
  // A typed 0, then a step down from 3: 2 is set and nothing removed.
  expect(stepper.change('L1', 0)).toBeNull();
  expect(stepper.change('L1', 2)).toBe(2);
  expect(stepper.minus('L1')).toBe(false);
  // Another line's 0 does not remove this one.
  expect(stepper.change('L2', 0)).toBeNull();
  expect(stepper.minus('L1')).toBe(false);
  stepper.change('L1', 0);
  stepper.reset();
  expect(stepper.minus('L1')).toBe(false);
});

test('a box left showing other than the quantity is set to it again, through what it shows', () => {
  const lines = [{ lineId: 'L1' }, { lineId: 'L2' }];
  expect(quantityShownAgain(lines, 'L2', 0, 3)).toEqual([
    { 'lines[1].qty': 0 },
    { 'lines[1].qty': 3 },
  ]);
  expect(quantityShownAgain(lines, 'L1', 5, 3)).toEqual([
    { 'lines[0].qty': 5 },
    { 'lines[0].qty': 3 },
  ]);
  expect(quantityShownAgain(lines, 'L1', 3, 3)).toEqual([]);
  expect(quantityShownAgain(lines, 'L9', 0, 3)).toEqual([]);
  expect(quantityShownAgain(lines, 'L1', 0, null)).toEqual([]);
});
