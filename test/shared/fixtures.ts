// Orders for tests without the cart's pricing: lines built by hand with consistent figures,
// placed through placeOrder, and fast-check arbitraries for random lines, tenders and orders.
import fc from 'fast-check';
import type { PricedCart } from '@pos/shared';
import { allocateFen } from '../../shared/money';
import type { OrderLine, Order, Refund, Tender, TenderMethod } from '../../shared/order';
import {
  applyRefund,
  payOrder,
  placeOrder,
  refundableByLine,
  suggestRefund,
  voidOrder,
  type PlaceOrderInput,
} from '@pos/shared';
import { cashTender, type Checked } from '../../shared/tenders';

export const device = { id: 'tab-0001', code: 'T1' };
export const day = '2026-11-22';
/** 2026-11-22 12:00 in China (UTC+8). */
export const noon = Date.UTC(2026, 10, 22, 4, 0, 0);
export const chinaSettings = { businessDayStartMinutes: 240, utcOffsetMinutes: 480 };

export interface LineSpec {
  lineId?: string;
  skuId?: string;
  categoryId?: string;
  qty?: number;
  unitPrice?: number;
  lineDiscount?: number;
  orderDiscountShare?: number;
  roundingShare?: number;
  soldBy?: OrderLine['soldBy'];
}

/** An order line whose amount and total follow from its price, quantity, discounts and rounding. */
export function line(spec: LineSpec = {}): OrderLine {
  const qty = spec.qty ?? 1;
  const unitPrice = spec.unitPrice ?? 1000;
  const amount = unitPrice * qty;
  const lineDiscount = spec.lineDiscount ?? 0;
  const orderDiscountShare = spec.orderDiscountShare ?? 0;
  const roundingShare = spec.roundingShare ?? 0;
  const skuId = spec.skuId ?? 'sku-1';
  return {
    lineId: spec.lineId ?? 'L1',
    skuId,
    productId: `p-${skuId}`,
    categoryId: spec.categoryId ?? 'coffee',
    name: `Item ${skuId}`,
    soldBy: spec.soldBy ?? 'piece',
    qty,
    listUnitPrice: unitPrice,
    unitPrice,
    memberPriceApplied: false,
    priceOverridden: false,
    amount,
    lineDiscount,
    orderDiscountShare,
    roundingShare,
    total: amount - lineDiscount - orderDiscountShare + roundingShare,
  };
}

/** A priced cart made of ready lines: its figures are the sums of theirs. */
export function pricedOf(lines: OrderLine[]): PricedCart {
  const sum = (pick: (l: OrderLine) => number) => lines.reduce((s, l) => s + pick(l), 0);
  return {
    lines,
    subtotal: sum((l) => l.amount),
    lineDiscountTotal: sum((l) => l.lineDiscount),
    orderDiscount: sum((l) => l.orderDiscountShare),
    rounding: sum((l) => l.roundingShare),
    total: sum((l) => l.total),
    approvalsNeeded: [],
  };
}

export function wechat(amount: number, reference = 'wx-1'): Tender {
  return { method: 'wechat', amount, reference };
}
export function storedValue(amount: number, memberId = 'm-1'): Tender {
  return { method: 'stored_value', amount, memberId };
}

/** Defaults for placeOrder: a register sale on T1 at noon by cashier c-1. */
export function orderInput(
  lines: OrderLine[],
  tenders: Tender[],
  overrides: Partial<PlaceOrderInput> = {},
): PlaceOrderInput {
  return {
    priced: pricedOf(lines),
    tenders,
    id: `${device.id}:${day}:1`,
    orderNo: 'T1-1122-0001',
    device,
    businessDay: day,
    createdAt: noon,
    cashierId: 'c-1',
    memberId: null,
    source: 'register',
    approvals: [],
    ...overrides,
  };
}

/** A placed order; the test fails here if the fixture itself breaks a rule. */
export function order(
  lines: OrderLine[],
  tenders: Tender[],
  overrides: Partial<PlaceOrderInput> = {},
): Order {
  const placed = placeOrder(orderInput(lines, tenders, overrides));
  if (!placed.ok) throw new Error(`fixture order refused: ${placed.error.message}`);
  return placed.value;
}

// fast-check arbitraries

/** A line with random price, quantity, discounts and rounding, whose total stays >= 0. */
export function lineArbitrary(lineId: string): fc.Arbitrary<OrderLine> {
  return fc
    .record({
      qty: fc.integer({ min: 1, max: 6 }),
      unitPrice: fc.integer({ min: 0, max: 20_000 }),
      discountShare: fc.integer({ min: 0, max: 100 }),
      orderShare: fc.integer({ min: 0, max: 100 }),
      rounding: fc.integer({ min: -9, max: 9 }),
      skuId: fc.constantFrom('sku-1', 'sku-2', 'sku-3', 'sku-4'),
      categoryId: fc.constantFrom('coffee', 'tea', 'bakery'),
    })
    .map((r) => {
      const amount = r.unitPrice * r.qty;
      const lineDiscount = Math.floor((amount * r.discountShare) / 400);
      const orderDiscountShare = Math.floor(((amount - lineDiscount) * r.orderShare) / 400);
      const owed = amount - lineDiscount - orderDiscountShare;
      return line({
        lineId,
        skuId: r.skuId,
        categoryId: r.categoryId,
        qty: r.qty,
        unitPrice: r.unitPrice,
        lineDiscount,
        orderDiscountShare,
        // "+ 0": Math.max(-3, -0) is -0, which JSON turns into 0.
        roundingShare: Math.max(r.rounding, -owed) + 0,
      });
    });
}

export const linesArbitrary: fc.Arbitrary<OrderLine[]> = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => lineArbitrary(`L${i + 1}`))));

/** Tenders that pay `total` exactly: up to three methods, at most one cash, cash maybe with change. */
export function tendersArbitrary(total: number): fc.Arbitrary<Tender[]> {
  if (total === 0) return fc.constant([]);
  const methods: TenderMethod[] = ['cash', 'wechat', 'stored_value'];
  return fc
    .record({
      methods: fc.shuffledSubarray(methods, { minLength: 1 }),
      weights: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 3, maxLength: 3 }),
      extraCash: fc.integer({ min: 0, max: 10_000 }),
    })
    .map(({ methods: chosen, weights, extraCash }) => {
      const amounts = allocateFen(total, weights.slice(0, chosen.length));
      return chosen
        .map((method, i): Tender | null => {
          const amount = amounts[i];
          if (amount === 0) return null;
          if (method === 'cash') return cashTender(amount, amount + extraCash);
          return method === 'wechat' ? wechat(amount, `wx-${i}`) : storedValue(amount);
        })
        .filter((t): t is Tender => t !== null);
    });
}

/** A paid register order with random lines and a random split payment. */
export const paidOrderArbitrary: fc.Arbitrary<Order> = linesArbitrary.chain((lines) =>
  fc
    .record({
      tenders: tendersArbitrary(pricedOf(lines).total),
      seq: fc.integer({ min: 1, max: 99_999 }),
      cashierId: fc.constantFrom('c-1', 'c-2', 'c-3'),
      minute: fc.integer({ min: 0, max: 1439 }),
    })
    .map(({ tenders, seq, cashierId, minute }) =>
      order(lines, tenders, {
        id: `${device.id}:${day}:${seq}`,
        orderNo: `T1-1122-${String(seq).padStart(4, '0')}`,
        cashierId,
        // From 04:00 local, through midnight, to 03:59 the next morning: all of one business day.
        createdAt: Date.UTC(2026, 10, 21, 20, 0) + minute * 60_000,
      }),
    ),
);

/** The value of a step that must succeed; fails the test with the rule's message otherwise. */
export function ok<T>(result: Checked<T>): T {
  if (!result.ok) throw new Error(`expected the step to go through: ${result.error.message}`);
  return result.value;
}

/** A refund of the given lines and tenders, by `staffId` at `createdAt`, on T1. */
export function refundOf(
  target: Order,
  parts: Refund['lines'],
  tenders: Refund['tenders'],
  staffId: string,
  createdAt: number,
  businessDay = day,
): Refund {
  return {
    id: `r-${target.id}-${target.refunds.length}`,
    orderId: target.id,
    deviceId: 'tab-0001',
    staffId,
    approvedBy: 'mgr-1',
    reason: 'returned',
    createdAt,
    businessDay,
    lines: parts,
    tenders,
    restock: true,
  };
}

/** A random order of the day in one of its possible states, with refunds on this day or the next. */
export const orderInAnyStateArbitrary: fc.Arbitrary<Order> = fc
  .record({
    placed: paidOrderArbitrary,
    fate: fc.constantFrom('paid', 'voided', 'open', 'kiosk-paid', 'refunded'),
    refunds: fc.array(
      fc.record({
        qty: fc.integer({ min: 1, max: 3 }),
        staffId: fc.constantFrom('c-1', 'c-2', 'mgr-1'),
        minutes: fc.integer({ min: 0, max: 1800 }),
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ placed, fate, refunds }) => {
    if (fate === 'voided')
      return ok(
        voidOrder(placed, {
          staffId: 'c-1',
          approvedBy: 'mgr-1',
          reason: 'x',
          at: placed.createdAt,
        }),
      );
    if (fate === 'open' || fate === 'kiosk-paid') {
      const open = order(placed.lines, [], {
        id: placed.id,
        source: 'kiosk',
        cashierId: null,
        createdAt: placed.createdAt,
      });
      return fate === 'open'
        ? open
        : ok(
            payOrder(open, { cashierId: 'c-3', tenders: placed.tenders, paidAt: placed.createdAt }),
          );
    }
    let current = placed;
    for (const r of fate === 'refunded' ? refunds : []) {
      const target = refundableByLine(current).find((l) => l.qty > 0);
      if (!target) break;
      const suggested = suggestRefund(current, [
        { lineId: target.lineId, qty: Math.min(r.qty, target.qty) },
      ]);
      const createdAt = placed.createdAt + r.minutes * 60_000;
      // Refunds made after the day's end (04:00 the next morning) belong to the next business day.
      const businessDay = createdAt >= Date.UTC(2026, 10, 22, 20) ? '2026-11-23' : day;
      current = ok(
        applyRefund(
          current,
          refundOf(
            current,
            ok(suggested).lines,
            ok(suggested).tenders,
            r.staffId,
            createdAt,
            businessDay,
          ),
        ),
      );
    }
    return current;
  });
