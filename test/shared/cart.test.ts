// priceCart against totals worked out by hand: member price, overrides, weight, discounts, 抹零.
import {
  addItem,
  attachMember,
  CartError,
  emptyCart,
  priceCart,
  setLineDiscount,
  setOrderDiscount,
  setPriceOverride,
  type Cart,
  type PricedCart,
  unsellableLines,
} from '@pos/shared';
import type { Discount } from '../../shared/discount';
import { orderLineSchema, type OrderLine } from '../../shared/order';
import type { RoundingRule } from '../../shared/settings';
import { catalog, contextWith } from './cart-fixture';
import { thrownBy } from './thrown-by';

type Step = (cart: Cart) => Cart;
const build = (...steps: Step[]): Cart => steps.reduce((cart, step) => step(cart), emptyCart());
const add =
  (skuId: string, qty: number): Step =>
  (cart) =>
    addItem(cart, { skuId, qty });
const member: Step = (cart) => attachMember(cart, 'member-1');
const lineOff =
  (lineId: string, discount: Discount): Step =>
  (cart) =>
    setLineDiscount(cart, lineId, discount);
const orderOff =
  (discount: Discount): Step =>
  (cart) =>
    setOrderDiscount(cart, discount);
const override =
  (lineId: string, unitPrice: number): Step =>
  (cart) =>
    setPriceOverride(cart, lineId, unitPrice);
const percent = (basisPoints: number): Discount => ({ kind: 'percent', basisPoints });
const fen = (amount: number): Discount => ({ kind: 'amount', fen: amount });

const jiao = (mode: RoundingRule['mode']): RoundingRule => ({ unit: 'jiao', mode });
const yuan = (mode: RoundingRule['mode']): RoundingRule => ({ unit: 'yuan', mode });

interface PricingCase {
  name: string;
  cart: Cart;
  rounding?: RoundingRule;
  approvalBasisPoints?: number;
  /** What each line must show; fields left out are not checked here. */
  lines: Array<Partial<OrderLine>>;
  totals: Omit<PricedCart, 'lines'>;
}

const noDiscounts = { lineDiscountTotal: 0, orderDiscount: 0, rounding: 0, approvalsNeeded: [] };

const cases: PricingCase[] = [
  {
    name: 'list prices by the piece',
    cart: build(add('latte-m', 2), add('tea', 1)),
    lines: [
      { skuId: 'latte-m', name: '拿铁', unitPrice: 1800, amount: 3600, total: 3600 },
      { skuId: 'tea', unitPrice: 990, amount: 990, total: 990, memberPriceApplied: false },
    ],
    totals: { ...noDiscounts, subtotal: 4590, total: 4590 },
  },
  {
    name: 'member price only where there is a lower one',
    cart: build(member, add('latte-m', 2), add('latte-l', 1), add('tea', 1)),
    lines: [
      { listUnitPrice: 1800, unitPrice: 1500, memberPriceApplied: true, amount: 3000 },
      { name: '拿铁 大杯', unitPrice: 2200, memberPriceApplied: false, amount: 2200 },
      { listUnitPrice: 990, unitPrice: 990, memberPriceApplied: false, amount: 990 },
    ],
    totals: { ...noDiscounts, subtotal: 6190, total: 6190 },
  },
  {
    name: 'an override wins over the member price and needs a manager',
    cart: build(member, add('latte-m', 2), override('L1', 1200)),
    lines: [
      {
        listUnitPrice: 1800,
        unitPrice: 1200,
        memberPriceApplied: false,
        priceOverridden: true,
        amount: 2400,
        total: 2400,
      },
    ],
    totals: { ...noDiscounts, subtotal: 2400, total: 2400, approvalsNeeded: ['price_override'] },
  },
  {
    name: 'by weight: grams at a price per kg, rounded half-up',
    cart: build(add('apple', 456), add('pear', 500)),
    // 1298 x 456 / 1000 = 591.888 -> 592; 1299 x 500 / 1000 = 649.5 -> 650.
    lines: [
      { soldBy: 'weight', qty: 456, unitPrice: 1298, amount: 592 },
      { soldBy: 'weight', qty: 500, unitPrice: 1299, amount: 650 },
    ],
    totals: { ...noDiscounts, subtotal: 1242, total: 1242 },
  },
  {
    name: 'by weight at the member price, and a weight just below half a fen',
    cart: build(member, add('apple', 250), add('pear', 499)),
    // 1198 x 250 / 1000 = 299.5 -> 300; 1299 x 499 / 1000 = 648.201 -> 648.
    lines: [{ unitPrice: 1198, memberPriceApplied: true, amount: 300 }, { amount: 648 }],
    totals: { ...noDiscounts, subtotal: 948, total: 948 },
  },
  {
    name: 'line percent discounts, rounded half-up',
    cart: build(
      add('latte-m', 3),
      add('tea', 1),
      lineOff('L1', percent(1200)),
      lineOff('L2', percent(500)),
    ),
    // 12% of 5400 = 648; 5% of 990 = 49.5 -> 50.
    lines: [
      { amount: 5400, lineDiscount: 648, total: 4752 },
      { amount: 990, lineDiscount: 50, total: 940 },
    ],
    totals: { ...noDiscounts, subtotal: 6390, lineDiscountTotal: 698, total: 5692 },
  },
  {
    name: 'a line amount discount is capped at the line',
    cart: build(add('tea', 1), add('candy', 2), lineOff('L1', fen(2000))),
    lines: [
      { amount: 990, lineDiscount: 990, total: 0 },
      { amount: 80, lineDiscount: 0, total: 80 },
    ],
    totals: {
      ...noDiscounts,
      subtotal: 1070,
      lineDiscountTotal: 990,
      total: 80,
      approvalsNeeded: ['discount'],
    },
  },
  {
    name: 'an order percent discount, shared in proportion',
    cart: build(add('latte-m', 1), add('tea', 1), orderOff(percent(1000))),
    // 10% of 2790 = 279: 180 on 1800, 99 on 990.
    lines: [
      { orderDiscountShare: 180, total: 1620 },
      { orderDiscountShare: 99, total: 891 },
    ],
    totals: { ...noDiscounts, subtotal: 2790, orderDiscount: 279, total: 2511 },
  },
  {
    name: 'an order amount discount: the odd fen goes to the larger remainder',
    cart: build(add('latte-m', 1), add('tea', 1), orderOff(fen(100))),
    // 100 x 1800/2790 = 64.52, 100 x 990/2790 = 35.48 -> 64 + 35, and the 65th fen to the first.
    lines: [
      { orderDiscountShare: 65, total: 1735 },
      { orderDiscountShare: 35, total: 955 },
    ],
    totals: { ...noDiscounts, subtotal: 2790, orderDiscount: 100, total: 2690 },
  },
  {
    name: 'the order discount applies to what is left after line discounts',
    cart: build(add('latte-m', 1), add('tea', 1), lineOff('L1', fen(300)), orderOff(percent(1000))),
    // 10% of (1500 + 990) = 249: 150 and 99.
    lines: [
      { lineDiscount: 300, orderDiscountShare: 150, total: 1350 },
      { lineDiscount: 0, orderDiscountShare: 99, total: 891 },
    ],
    totals: {
      ...noDiscounts,
      subtotal: 2790,
      lineDiscountTotal: 300,
      orderDiscount: 249,
      total: 2241,
    },
  },
  {
    name: 'an order amount discount is capped at what is owed',
    cart: build(add('tea', 1), orderOff(fen(999999))),
    lines: [{ orderDiscountShare: 990, total: 0 }],
    totals: {
      ...noDiscounts,
      subtotal: 990,
      orderDiscount: 990,
      total: 0,
      approvalsNeeded: ['discount'],
    },
  },
  {
    name: 'no rounding leaves odd fen alone',
    cart: build(add('tea', 1), add('apple', 456)),
    rounding: { unit: 'none', mode: 'half-up' },
    lines: [{ roundingShare: 0 }, { roundingShare: 0 }],
    totals: { ...noDiscounts, subtotal: 1582, total: 1582 },
  },
  {
    name: 'jiao, down: 15.82 -> 15.80, one fen off each line',
    cart: build(add('tea', 1), add('apple', 456)),
    rounding: jiao('down'),
    lines: [
      { roundingShare: -1, total: 989 },
      { roundingShare: -1, total: 591 },
    ],
    totals: { ...noDiscounts, subtotal: 1582, rounding: -2, total: 1580 },
  },
  {
    name: 'jiao, half-up at half a jiao: 15.85 -> 15.90',
    cart: build(add('latte-m', 1), lineOff('L1', fen(215))),
    rounding: jiao('half-up'),
    lines: [{ lineDiscount: 215, roundingShare: 5, total: 1590 }],
    totals: { ...noDiscounts, subtotal: 1800, lineDiscountTotal: 215, rounding: 5, total: 1590 },
  },
  {
    name: 'jiao, half-up below half a jiao: 15.84 -> 15.80',
    cart: build(add('latte-m', 1), lineOff('L1', fen(216))),
    rounding: jiao('half-up'),
    lines: [{ roundingShare: -4, total: 1580 }],
    totals: { ...noDiscounts, subtotal: 1800, lineDiscountTotal: 216, rounding: -4, total: 1580 },
  },
  {
    name: 'yuan, down: 15.82 -> 15.00, shared in proportion',
    cart: build(add('tea', 1), add('apple', 456)),
    rounding: yuan('down'),
    // 82 x 990/1582 = 51.32, 82 x 592/1582 = 30.68 -> 51 + 30, and the last fen to the second.
    lines: [
      { roundingShare: -51, total: 939 },
      { roundingShare: -31, total: 561 },
    ],
    totals: { ...noDiscounts, subtotal: 1582, rounding: -82, total: 1500 },
  },
  {
    name: 'yuan, half-up: 15.82 -> 16.00, shared in proportion',
    cart: build(add('tea', 1), add('apple', 456)),
    rounding: yuan('half-up'),
    // 18 x 990/1582 = 11.26, 18 x 592/1582 = 6.74 -> 11 + 6, and the last fen to the second.
    lines: [
      { roundingShare: 11, total: 1001 },
      { roundingShare: 7, total: 599 },
    ],
    totals: { ...noDiscounts, subtotal: 1582, rounding: 18, total: 1600 },
  },
  {
    name: 'yuan, half-up at exactly half a yuan: 6.50 -> 7.00',
    cart: build(add('pear', 500)),
    rounding: yuan('half-up'),
    lines: [{ amount: 650, roundingShare: 50, total: 700 }],
    totals: { ...noDiscounts, subtotal: 650, rounding: 50, total: 700 },
  },
  {
    name: 'rounding a small total goes to zero, never below',
    cart: build(add('candy', 1)),
    rounding: yuan('half-up'),
    lines: [{ amount: 40, roundingShare: -40, total: 0 }],
    totals: { ...noDiscounts, subtotal: 40, rounding: -40, total: 0 },
  },
  {
    name: 'discounts of exactly the threshold need no manager',
    cart: build(add('latte-m', 1), lineOff('L1', fen(360))),
    lines: [{ total: 1440 }],
    totals: { ...noDiscounts, subtotal: 1800, lineDiscountTotal: 360, total: 1440 },
  },
  {
    name: 'one fen over the threshold does',
    cart: build(add('latte-m', 1), lineOff('L1', fen(361))),
    lines: [{ total: 1439 }],
    totals: {
      ...noDiscounts,
      subtotal: 1800,
      lineDiscountTotal: 361,
      total: 1439,
      approvalsNeeded: ['discount'],
    },
  },
  {
    name: 'line and order discounts count together; an override is approved apart',
    cart: build(
      add('latte-m', 1),
      add('tea', 1),
      override('L2', 990),
      lineOff('L1', fen(300)),
      orderOff(fen(300)),
    ),
    // 600 of 2790 is 21.5% > 20%. 300 over 1500 and 990: 180.72 + 119.28 -> 181 + 119.
    lines: [
      { orderDiscountShare: 181, total: 1319 },
      { priceOverridden: true, orderDiscountShare: 119, total: 871 },
    ],
    totals: {
      ...noDiscounts,
      subtotal: 2790,
      lineDiscountTotal: 300,
      orderDiscount: 300,
      total: 2190,
      approvalsNeeded: ['price_override', 'discount'],
    },
  },
  {
    name: 'with a zero threshold any discount at all needs a manager',
    cart: build(add('tea', 1), orderOff(fen(1))),
    approvalBasisPoints: 0,
    lines: [{ total: 989 }],
    totals: {
      ...noDiscounts,
      subtotal: 990,
      orderDiscount: 1,
      total: 989,
      approvalsNeeded: ['discount'],
    },
  },
  {
    name: 'a zero discount needs no manager even with a zero threshold',
    cart: build(add('tea', 1), orderOff(percent(0))),
    approvalBasisPoints: 0,
    lines: [{ total: 990 }],
    totals: { ...noDiscounts, subtotal: 990, total: 990 },
  },
  {
    name: 'an empty cart',
    cart: emptyCart(),
    rounding: yuan('half-up'),
    lines: [],
    totals: { ...noDiscounts, subtotal: 0, total: 0 },
  },
];

describe('priceCart', () => {
  it.each(cases)('$name', ({ cart, rounding, approvalBasisPoints, lines, totals }) => {
    const priced = priceCart(cart, contextWith(rounding, approvalBasisPoints));
    const { lines: pricedLines, ...pricedTotals } = priced;
    expect(pricedTotals).toEqual(totals);
    expect(pricedLines).toHaveLength(lines.length);
    lines.forEach((expected, i) => expect(pricedLines[i]).toMatchObject(expected));
    // Every line is a valid order line, keeps the identity, and the lines add up to the total.
    for (const line of pricedLines) {
      expect(orderLineSchema.parse(line)).toEqual(line);
      const { amount, lineDiscount, orderDiscountShare, roundingShare } = line;
      expect(line.total).toBe(amount - lineDiscount - orderDiscountShare + roundingShare);
    }
    expect(pricedLines.reduce((sum, line) => sum + line.total, 0)).toBe(priced.total);
  });

  it('copies the product onto the line', () => {
    const [line] = priceCart(build(add('latte-l', 1)), contextWith()).lines;
    expect(line).toMatchObject({
      lineId: 'L1',
      skuId: 'latte-l',
      productId: 'latte',
      categoryId: 'coffee',
      name: '拿铁 大杯',
      soldBy: 'piece',
      qty: 1,
    });
  });

  it('names a SKU that is not in the catalog', () => {
    const cart = build(add('tea', 1), add('ghost-sku', 1));
    const error = thrownBy(() => priceCart(cart, contextWith()));
    expect(error).toBeInstanceOf(CartError);
    expect(error).toMatchObject({
      code: 'sku_not_in_catalog',
      skuId: 'ghost-sku',
      message: 'SKU "ghost-sku" is not in the catalog: remove its line or sync',
    });
  });

  it('names a SKU whose product is no longer sold', () => {
    const cart = build(add('old-cake', 1));
    expect(() => priceCart(cart, contextWith())).toThrow(
      'SKU "old-cake" (旧款蛋糕) is no longer sold: its product is inactive',
    );
    expect(thrownBy(() => priceCart(cart, contextWith()))).toMatchObject({ skuId: 'old-cake' });
  });

  it('lists the lines the catalog no longer sells, in their places, and only those', () => {
    const cart = build(add('tea', 1), add('old-cake', 2), add('latte-m', 1), add('ghost-sku', 3));
    expect(unsellableLines(cart, catalog)).toEqual([
      {
        lineId: 'L2',
        skuId: 'old-cake',
        position: 1,
        name: '旧款蛋糕',
        qty: 2,
        reason: 'inactive',
      },
      { lineId: 'L4', skuId: 'ghost-sku', position: 3, name: null, qty: 3, reason: 'unknown_sku' },
    ]);
    expect(unsellableLines(build(add('tea', 1)), catalog)).toEqual([]);
  });

  it('refuses a cart whose stored quantity is not whole', () => {
    const cart: Cart = {
      ...emptyCart(),
      lines: [{ lineId: 'L1', skuId: 'tea', qty: 1.5, priceOverride: null, discount: null }],
    };
    expect(() => priceCart(cart, contextWith())).toThrow(/quantity must be a whole number/);
  });
});
