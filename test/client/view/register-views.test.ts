// The register's pure helpers: discounts as typed and whether the core says they need a manager,
// member codes as scanned, the grams typed for goods sold by weight, and the idle timer on a clock
// moved by hand.
import { indexCatalog, type Cart } from '@pos/shared';
import { createDemoStore } from '../../../sync-server/demo/demo-store';
import { seededRandom } from '../../support/seeded-random';
import { ManualClock } from '../support/manual-clock';
import { needsApproval, parseDiscount } from '../../../miniprogram/view/discount-view';
import { memberKeyOf, normalizePhone } from '../../../miniprogram/view/member-code';
import { IdleTimer } from '../../../miniprogram/view/idle-timer';
import { parseGrams } from '../../../miniprogram/view/weight-entry';

const demo = createDemoStore(seededRandom(7));

test('a discount as typed: percent off in basis points, an amount in fen; nonsense refused', () => {
  expect(parseDiscount('percent', '10')).toEqual({
    ok: true,
    discount: { kind: 'percent', basisPoints: 1000 },
  });
  expect(parseDiscount('percent', '12.5')).toEqual({
    ok: true,
    discount: { kind: 'percent', basisPoints: 1250 },
  });
  expect(parseDiscount('amount', '5')).toEqual({
    ok: true,
    discount: { kind: 'amount', fen: 500 },
  });
  for (const bad of ['', '0', '101', 'abc', '-5'])
    expect(parseDiscount('percent', bad).ok).toBe(false);
  expect(parseDiscount('amount', '1.234').ok).toBe(false);
});

test('the store’s threshold decides: up to 20% needs no manager, above it does', () => {
  const sku = demo.products.find((p) => p.name === '拿铁')!.skus[0];
  const cart: Cart = {
    lines: [{ lineId: 'L1', skuId: sku.id, qty: 2, priceOverride: null, discount: null }],
    orderDiscount: null,
    memberId: null,
  };
  const context = { catalog: indexCatalog(demo.products), settings: demo.settings };
  const threshold = demo.settings.discountApprovalBasisPoints;
  const percent = (basisPoints: number) => ({ kind: 'percent' as const, basisPoints });
  expect(needsApproval(cart, null, percent(threshold), context)).toBe(false);
  expect(needsApproval(cart, null, percent(threshold + 100), context)).toBe(true);
  expect(needsApproval(cart, 'L1', percent(threshold + 100), context)).toBe(true);
  // An amount: more than the threshold's share of the subtotal.
  const subtotal = sku.price * 2;
  const limit = Math.floor((subtotal * threshold) / 10000);
  expect(needsApproval(cart, null, { kind: 'amount', fen: limit }, context)).toBe(false);
  expect(needsApproval(cart, null, { kind: 'amount', fen: limit + 1 }, context)).toBe(true);
});

test('a member code names a phone or an id, bare or in a link; anything else is refused', () => {
  expect(memberKeyOf('13912345678')).toBe('13912345678');
  expect(memberKeyOf(' m-0001 ')).toBe('m-0001');
  expect(memberKeyOf('https://shop.example/m?member=m-0002&x=1')).toBe('m-0002');
  expect(memberKeyOf('pos://member?phone=13800138001')).toBe('13800138001');
  expect(memberKeyOf('')).toBeNull();
  expect(memberKeyOf('hello world')).toBeNull();
  expect(normalizePhone('139 1234-5678')).toBe('13912345678');
});

test('the idle timer fires once after the wait; every touch starts the wait again', () => {
  const clock = new ManualClock();
  let fired = 0;
  const idle = new IdleTimer(clock, 60_000, () => fired++);
  idle.touch();
  clock.advance(59_000);
  idle.touch();
  clock.advance(59_000);
  expect(fired).toBe(0);
  clock.advance(1_000);
  expect(fired).toBe(1);
  expect(idle.running).toBe(false);
  idle.touch(5_000);
  idle.stop();
  clock.advance(10_000);
  expect(fired).toBe(1);
});

test('grams as typed for goods sold by weight: whole grams from 1 to the line limit', () => {
  expect(parseGrams('500')).toBe(500);
  expect(parseGrams(' 1250 ')).toBe(1250);
  expect(parseGrams('999999')).toBe(999_999);
  for (const bad of ['', '0', '-5', '12.5', '1e3', 'abc', '1000000'])
    expect(parseGrams(bad)).toBeNull();
});
