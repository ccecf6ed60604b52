// Member points: earned per whole yuan paid, redeemed in whole yuan as a discount on an order.
// The server keeps the balance; these rules are what the device shows and the server applies.
import { z } from 'zod';
import { CartError } from './cart';
import { allocateFen, formatFen, type Fen } from './money';
import { nonNegativeFenSchema } from './money-schema';
import type { Order } from './order';
import type { PricedCart } from './pricing';
import type { StoreSettings } from './settings';
import { ruleError, type Checked } from './tenders';

/** Points that take one yuan off when the store has not set its own rate. */
export const DEFAULT_POINTS_PER_YUAN_OFF = 100;

/** Points spent on an order and the discount they bought; recorded on the order. */
export const pointsRedemptionSchema = z.object({
  points: z.number().int().positive(),
  discount: nonNegativeFenSchema,
});
export type PointsRedemption = z.infer<typeof pointsRedemptionSchema>;

export type PointsErrorCode =
  'points_invalid' | 'points_not_whole' | 'points_short' | 'points_over_total';

/** How many points buy one yuan of discount under these settings. */
export function pointsPerYuanOff(settings: Pick<StoreSettings, 'pointsRedeemPerYuan'>): number {
  return settings.pointsRedeemPerYuan ?? DEFAULT_POINTS_PER_YUAN_OFF;
}

/** Points earned for paying `paid`: per whole yuan, never for a part of one. */
export function pointsEarned(paid: Fen, pointsPerYuan: number): number {
  if (!Number.isSafeInteger(paid) || paid <= 0) return 0;
  return Math.floor(paid / 100) * pointsPerYuan;
}

/** The discount `points` buy: whole yuan only, so points that make up no whole yuan buy nothing. */
export function pointsValue(points: number, perYuanOff: number): Fen {
  if (!Number.isSafeInteger(points) || points <= 0) return 0;
  return Math.floor(points / perYuanOff) * 100;
}

/** The most points one order can take: what the member has, up to the whole yuan of `due`. */
export function maxRedeemablePoints(available: number, due: Fen, perYuanOff: number): number {
  const yuan = Math.min(Math.floor(Math.max(0, available) / perYuanOff), Math.floor(due / 100));
  return Math.max(0, yuan) * perYuanOff;
}

/**
 * Checks a redemption of `points` against what the member has and what the order still costs:
 * a positive multiple of the rate, no more than available, a discount no larger than `due`.
 */
export function checkRedemption(
  points: number,
  available: number,
  due: Fen,
  perYuanOff: number,
): Checked<PointsRedemption, PointsErrorCode> {
  if (!Number.isSafeInteger(points) || points <= 0)
    return ruleError('points_invalid', `redeem a whole number of points above zero, not ${points}`);
  if (points % perYuanOff !== 0)
    return ruleError(
      'points_not_whole',
      `points are redeemed ${perYuanOff} at a time (¥1 each): ${points} is not a multiple of ${perYuanOff}`,
    );
  if (points > available)
    return ruleError('points_short', `the member has ${available} points, fewer than ${points}`);
  const discount = pointsValue(points, perYuanOff);
  if (discount > due)
    return ruleError(
      'points_over_total',
      `${points} points take ${formatFen(discount)} off, more than the ${formatFen(due)} to pay; at most ${maxRedeemablePoints(available, due, perYuanOff)} points`,
    );
  return { ok: true, value: { points, discount } };
}

/**
 * Takes a points discount off a priced cart, after rounding (the discount is whole yuan, so a
 * rounded total stays rounded). It joins the order discount and is shared over the lines in
 * proportion to what each still owes, so the lines still add up to the total. It never needs a
 * manager: the customer paid for it with points. Throws CartError when it exceeds the total.
 */
export function applyPointsDiscount(priced: PricedCart, redemption: PointsRedemption): PricedCart {
  const { discount } = redemption;
  if (!Number.isSafeInteger(discount) || discount < 0 || discount > priced.total)
    throw new CartError(
      'points_over_total',
      `the points discount ${formatFen(discount)} is more than the total ${formatFen(priced.total)}`,
    );
  const shares = allocateFen(
    discount,
    priced.lines.map((line) => line.total),
  );
  const lines = priced.lines.map((line, i) => ({
    ...line,
    orderDiscountShare: line.orderDiscountShare + shares[i],
    total: line.total - shares[i],
  }));
  return {
    ...priced,
    lines,
    orderDiscount: priced.orderDiscount + discount,
    total: priced.total - discount,
    pointsRedeemed: { ...redemption },
  };
}

/** One step undoing a paid order: a refund of some lines, or a void of all of it. */
export interface UndoStep {
  /** Stored value given back by this step. */
  storedValue: Fen;
  /** What the order's refunds had given back before this step, and with it. */
  refundedBefore: Fen;
  refundedAfter: Fen;
  /** Nothing of the order is left paid after it. */
  whollyUndone: boolean;
}

/**
 * What a step undoing a sale does to members, on the till and in the server's fold alike: stored
 * value goes back to the member who paid with it, the points earned on what was undone are taken
 * back (at `pointsPerYuan`, the rate the sale earned them), and redeemed points come back once
 * nothing is left paid. The server further settles an overspend first and never goes below zero.
 */
export function memberUndo(
  order: Pick<Order, 'tenders' | 'memberId' | 'total' | 'pointsRedeemed'>,
  step: UndoStep,
  pointsPerYuan: number,
): {
  storedValueTo: { memberId: string; amount: Fen } | null;
  pointsTakenBack: number;
  pointsReturned: number;
} {
  const payer = order.tenders.find((tender) => tender.method === 'stored_value');
  const storedValueTo =
    payer?.method === 'stored_value' && step.storedValue > 0
      ? { memberId: payer.memberId, amount: step.storedValue }
      : null;
  if (order.memberId === null) return { storedValueTo, pointsTakenBack: 0, pointsReturned: 0 };
  const reversed =
    pointsEarned(order.total - step.refundedBefore, pointsPerYuan) -
    pointsEarned(order.total - step.refundedAfter, pointsPerYuan);
  return {
    storedValueTo,
    pointsTakenBack: Math.max(0, reversed),
    pointsReturned: step.whollyUndone && order.pointsRedeemed ? order.pointsRedeemed.points : 0,
  };
}
