// Member points: earned per whole yuan, redeemed in whole yuan as a discount that keeps the order's
// figures adding up, never needing a manager, never more than the member has or the order costs.
import fc from 'fast-check';
import {
  addItem,
  applyPointsDiscount,
  attachMember,
  checkOrderArithmetic,
  checkRedemption,
  detachMember,
  emptyCart,
  maxRedeemablePoints,
  memberUndo,
  placeOrder,
  pointsEarned,
  pointsPerYuanOff,
  pointsValue,
  priceCart,
  setOrderDiscount,
  type Cart,
} from '@pos/shared';
import { contextWith } from './cart-fixture';
import { cashTender } from '../../shared/tenders';
import { day, device, noon, ok } from './fixtures';

describe('points earned', () => {
  it('counts whole yuan only', () => {
    expect(pointsEarned(0, 1)).toBe(0);
    expect(pointsEarned(99, 1)).toBe(0);
    expect(pointsEarned(100, 1)).toBe(1);
    expect(pointsEarned(3250, 1)).toBe(32);
    expect(pointsEarned(3250, 2)).toBe(64);
    expect(pointsEarned(3250, 0)).toBe(0);
    expect(pointsEarned(-500, 1)).toBe(0);
  });
});

describe('points redeemed', () => {
  it('is 100 points a yuan unless the store sets another rate', () => {
    expect(pointsPerYuanOff({})).toBe(100);
    expect(pointsPerYuanOff({ pointsRedeemPerYuan: 50 })).toBe(50);
    expect(pointsValue(250, 100)).toBe(200);
    expect(pointsValue(300, 50)).toBe(600);
  });

  it('caps a redemption at the points held and the whole yuan due', () => {
    expect(maxRedeemablePoints(2680, 1800, 100)).toBe(1800);
    expect(maxRedeemablePoints(860, 5000, 100)).toBe(800);
    expect(maxRedeemablePoints(99, 5000, 100)).toBe(0);
    expect(maxRedeemablePoints(500, 99, 100)).toBe(0);
  });

  it('refuses, naming why, what cannot be redeemed', () => {
    const code = (points: number, available: number, due: number) => {
      const checked = checkRedemption(points, available, due, 100);
      return checked.ok ? 'ok' : checked.error.code;
    };
    expect(code(0, 500, 5000)).toBe('points_invalid');
    expect(code(150, 500, 5000)).toBe('points_not_whole');
    expect(code(600, 500, 5000)).toBe('points_short');
    expect(code(500, 500, 400)).toBe('points_over_total');
    expect(ok(checkRedemption(300, 500, 5000, 100))).toEqual({ points: 300, discount: 300 });
  });
});

function cartOf(items: Array<[string, number]>, memberId: string | null = 'm-1'): Cart {
  let cart = emptyCart();
  for (const [skuId, qty] of items) cart = addItem(cart, { skuId, qty });
  return memberId ? attachMember(cart, memberId) : cart;
}

describe('pricing with points', () => {
  it('takes whole yuan off after rounding, shared over the lines, without an approval', () => {
    // Member: latte 15.00 x2 + tea 9.90 = 39.90, rounded down to the yuan: 39.00.
    const cart = {
      ...cartOf([
        ['latte-m', 2],
        ['tea', 1],
      ]),
      pointsToRedeem: 1000,
    };
    const priced = priceCart(cart, contextWith({ unit: 'yuan', mode: 'down' }));
    expect(priced.subtotal).toBe(3990);
    expect(priced.rounding).toBe(-90);
    expect(priced.pointsRedeemed).toEqual({ points: 1000, discount: 1000 });
    expect(priced.orderDiscount).toBe(1000);
    expect(priced.total).toBe(2900);
    expect(priced.approvalsNeeded).toEqual([]);
    expect(priced.lines.reduce((sum, line) => sum + line.orderDiscountShare, 0)).toBe(1000);
    expect(ok(checkOrderArithmetic(priced))).toBeNull();
  });

  it('redeems fewer points when the sale shrank below what they would take off', () => {
    const cart = { ...cartOf([['tea', 1]]), pointsToRedeem: 5000 };
    const priced = priceCart(cart, contextWith());
    // 9.90 due: at most 9 whole yuan, 900 points.
    expect(priced.pointsRedeemed).toEqual({ points: 900, discount: 900 });
    expect(priced.total).toBe(90);
  });

  it('records the points on the order placed', () => {
    const cart = { ...cartOf([['latte-m', 1]]), pointsToRedeem: 500 };
    const priced = priceCart(cart, contextWith());
    const order = ok(
      placeOrder({
        priced,
        tenders: [cashTender(priced.total, priced.total)],
        id: 'o-1',
        orderNo: 'T1-1122-0001',
        device,
        businessDay: day,
        createdAt: noon,
        cashierId: 'c-1',
        memberId: 'm-1',
        source: 'register',
        approvals: [],
      }),
    );
    expect(order.pointsRedeemed).toEqual({ points: 500, discount: 500 });
    expect(order.total).toBe(1000);
  });

  it('drops the points when the member is detached or another attached', () => {
    const cart = { ...cartOf([['latte-m', 1]]), pointsToRedeem: 500 };
    expect(detachMember(cart).pointsToRedeem).toBeUndefined();
    expect(attachMember(cart, 'm-2').pointsToRedeem).toBeUndefined();
    expect(attachMember(cart, 'm-1').pointsToRedeem).toBe(500);
  });

  it('keeps every priced cart consistent whatever the points and order discount (property)', () => {
    const skus = ['latte-m', 'latte-l', 'tea', 'candy', 'apple'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...skus), fc.integer({ min: 1, max: 2000 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.option(fc.integer({ min: 0, max: 5000 })),
        fc.constantFrom('none' as const, 'jiao' as const, 'yuan' as const),
        (items, points, discount, unit) => {
          let cart = cartOf(items);
          if (discount !== null) cart = setOrderDiscount(cart, { kind: 'amount', fen: discount });
          const context = contextWith({ unit, mode: 'down' });
          const before = priceCart(cart, context);
          const after = priceCart({ ...cart, pointsToRedeem: points }, context);
          expect(checkOrderArithmetic(after).ok).toBe(true);
          expect(after.lines.every((line) => line.total >= 0)).toBe(true);
          const redeemed = after.pointsRedeemed?.points ?? 0;
          expect(redeemed).toBe(maxRedeemablePoints(points, before.total, 100));
          expect(after.total).toBe(before.total - redeemed);
          expect(after.approvalsNeeded).toEqual(before.approvalsNeeded);
        },
      ),
    );
  });

  it('refuses a discount larger than the total', () => {
    const priced = priceCart(cartOf([['candy', 1]]), contextWith());
    expect(() => applyPointsDiscount(priced, { points: 100, discount: 100 })).toThrow(
      /more than the total/,
    );
  });
});

describe('undoing a sale', () => {
  const sale = {
    tenders: [{ method: 'stored_value' as const, amount: 3000, memberId: 'm-payer' }],
    memberId: 'm-1',
    total: 5_250,
    pointsRedeemed: { points: 200, discount: 200 },
  };

  it('a refund of part gives its stored value back and takes back only the points it undid', () => {
    const step = {
      storedValue: 1000,
      refundedBefore: 0,
      refundedAfter: 1_250,
      whollyUndone: false,
    };
    // 52 points earned at 1 a yuan; 40 are left on ¥40.00: 12 come back.
    expect(memberUndo(sale, step, 1)).toEqual({
      storedValueTo: { memberId: 'm-payer', amount: 1000 },
      pointsTakenBack: 12,
      pointsReturned: 0,
    });
  });

  it('undoing all of it returns the redeemed points; no member means no points either way', () => {
    const step = { storedValue: 3000, refundedBefore: 0, refundedAfter: 5_250, whollyUndone: true };
    expect(memberUndo(sale, step, 2)).toEqual({
      storedValueTo: { memberId: 'm-payer', amount: 3000 },
      pointsTakenBack: 104,
      pointsReturned: 200,
    });
    expect(memberUndo({ ...sale, memberId: null }, step, 2)).toEqual({
      storedValueTo: { memberId: 'm-payer', amount: 3000 },
      pointsTakenBack: 0,
      pointsReturned: 0,
    });
  });
});
