// Properties of pricing over random catalogs and carts: totals add up, stay whole and never go negative.
import fc from 'fast-check';
import type { Product } from '../../shared/catalog';
import {
  addItem,
  cartSchema,
  emptyCart,
  indexCatalog,
  priceCart,
  removeLine,
  setQuantity,
  type Cart,
} from '@pos/shared';
import type { Discount } from '../../shared/discount';
import { roundingUnitFen } from '../../shared/rounding';
import type { RoundingRule } from '../../shared/settings';

const skuArbitrary = fc.record({
  price: fc.integer({ min: 0, max: 200_000 }),
  memberPrice: fc.option(fc.integer({ min: 0, max: 200_000 })),
  soldBy: fc.constantFrom('piece' as const, 'weight' as const),
});

const discountArbitrary: fc.Arbitrary<Discount | null> = fc.option(
  fc.oneof(
    fc.record({
      kind: fc.constant('percent' as const),
      basisPoints: fc.integer({ min: 0, max: 10_000 }),
    }),
    fc.record({ kind: fc.constant('amount' as const), fen: fc.integer({ min: 0, max: 500_000 }) }),
  ),
);

const roundingArbitrary: fc.Arbitrary<RoundingRule> = fc.record({
  unit: fc.constantFrom('none' as const, 'jiao' as const, 'yuan' as const),
  mode: fc.constantFrom('down' as const, 'half-up' as const),
});

const saleArbitrary = fc.array(skuArbitrary, { minLength: 1, maxLength: 8 }).chain((skus) =>
  fc.record({
    skus: fc.constant(skus),
    lines: fc.array(
      fc.record({
        skuIndex: fc.nat(skus.length - 1),
        qty: fc.integer({ min: 1, max: 5_000 }),
        priceOverride: fc.option(fc.integer({ min: 0, max: 200_000 })),
        discount: discountArbitrary,
      }),
      { maxLength: 12 },
    ),
    orderDiscount: discountArbitrary,
    member: fc.boolean(),
    rounding: roundingArbitrary,
    approvalBasisPoints: fc.integer({ min: 0, max: 10_000 }),
  }),
);

type Sale = typeof saleArbitrary extends fc.Arbitrary<infer T> ? T : never;

function priceSale(sale: Sale) {
  const products: Product[] = sale.skus.map((sku, i) => ({
    id: `p${i}`,
    name: `商品${i}`,
    categoryId: 'c',
    initials: `sp${i}`,
    active: true,
    stockTracked: true,
    soldBy: sku.soldBy,
    skus: [
      { id: `s${i}`, label: '', barcodes: [], price: sku.price, memberPrice: sku.memberPrice },
    ],
  }));
  const cart: Cart = {
    lines: sale.lines.map((line, i) => ({
      lineId: `L${i + 1}`,
      skuId: `s${line.skuIndex}`,
      qty: line.qty,
      priceOverride: line.priceOverride,
      discount: line.discount,
    })),
    orderDiscount: sale.orderDiscount,
    memberId: sale.member ? 'member-1' : null,
  };
  const settings = {
    rounding: sale.rounding,
    discountApprovalBasisPoints: sale.approvalBasisPoints,
  };
  return priceCart(cart, { catalog: indexCatalog(products), settings });
}

/** Every number anywhere in a value, however deeply nested. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('priceCart properties', () => {
  it('lines always add up to the total, and each line to its own parts', () => {
    fc.assert(
      fc.property(saleArbitrary, (sale) => {
        const priced = priceSale(sale);
        const lineTotals = priced.lines.reduce((sum, line) => sum + line.total, 0);
        expect(lineTotals).toBe(priced.total);
        const { subtotal, lineDiscountTotal, orderDiscount, rounding } = priced;
        expect(priced.total).toBe(subtotal - lineDiscountTotal - orderDiscount + rounding);
        for (const line of priced.lines) {
          const parts = line.amount - line.lineDiscount - line.orderDiscountShare;
          expect(line.total).toBe(parts + line.roundingShare);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rounding never moves a total by a whole unit, and lands on the unit', () => {
    fc.assert(
      fc.property(saleArbitrary, (sale) => {
        const priced = priceSale(sale);
        const unit = roundingUnitFen[sale.rounding.unit];
        expect(Math.abs(priced.rounding)).toBeLessThan(unit);
        expect(priced.total % unit).toBe(0);
        if (sale.rounding.mode === 'half-up')
          expect(Math.abs(priced.rounding) * 2).toBeLessThanOrEqual(unit);
        else expect(priced.rounding).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  it('no total, share or discount is ever negative, and discounts stay within what is owed', () => {
    fc.assert(
      fc.property(saleArbitrary, (sale) => {
        const priced = priceSale(sale);
        expect(priced.total).toBeGreaterThanOrEqual(0);
        expect(priced.lineDiscountTotal + priced.orderDiscount).toBeLessThanOrEqual(
          priced.subtotal,
        );
        for (const line of priced.lines) {
          expect(line.total).toBeGreaterThanOrEqual(0);
          expect(line.lineDiscount).toBeGreaterThanOrEqual(0);
          expect(line.orderDiscountShare).toBeGreaterThanOrEqual(0);
          expect(line.lineDiscount + line.orderDiscountShare).toBeLessThanOrEqual(line.amount);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('no amount is ever a float (or -0)', () => {
    fc.assert(
      fc.property(saleArbitrary, (sale) => {
        const numbers = numbersIn(priceSale(sale));
        for (const n of numbers) {
          expect(Number.isInteger(n)).toBe(true);
          expect(Object.is(n, -0)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the cart operations always leave a valid cart with unique line ids', () => {
    const step = fc.oneof(
      fc.record({
        op: fc.constant('add' as const),
        sku: fc.nat(4),
        qty: fc.integer({ min: 1, max: 99 }),
      }),
      fc.record({ op: fc.constant('set' as const), line: fc.nat(9), qty: fc.nat(99) }),
      fc.record({ op: fc.constant('remove' as const), line: fc.nat(9) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let cart = emptyCart();
        for (const s of steps) {
          const target = cart.lines[s.op === 'add' ? 0 : s.line % Math.max(cart.lines.length, 1)];
          if (s.op === 'add') cart = addItem(cart, { skuId: `s${s.sku}`, qty: s.qty });
          else if (target && s.op === 'set') cart = setQuantity(cart, target.lineId, s.qty);
          else if (target && s.op === 'remove') cart = removeLine(cart, target.lineId);
        }
        expect(cartSchema.parse(cart)).toEqual(cart);
        const ids = cart.lines.map((line) => line.lineId);
        expect(new Set(ids).size).toBe(ids.length);
        // Plain lines merge, so no SKU has two lines.
        const skus = cart.lines.map((line) => line.skuId);
        expect(new Set(skus).size).toBe(skus.length);
      }),
    );
  });
});
