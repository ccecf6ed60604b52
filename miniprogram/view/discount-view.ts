// The discount editor's arithmetic: what the cashier typed as a Discount (percent off or an amount
// off), the quick choices (九五折 ... 七折), and whether the cart with it needs a manager's PIN
// (the core's pricing decides, against the store's threshold, and the approvals already given
// count as the core counts them). Pure.
import {
  CartError,
  formatFen,
  missingApprovals,
  parseFen,
  priceCart,
  setLineDiscount,
  setOrderDiscount,
  type Approval,
  type Cart,
  type Discount,
  type PricingContext,
  type SaleApprovalReason,
} from '@pos/shared';
import { text } from '../i18n/index';

export type DiscountMode = 'percent' | 'amount';

/** Where the discount goes: one line, or the whole order (lineId null). */
export interface DiscountTarget {
  lineId: string | null;
  /** What the editor's title names: the line's product, or the order. */
  title: string;
}

export interface QuickDiscount {
  label: string;
  basisPoints: number;
}

/** 九五折, 九折, 八五折, 八折, 七折: a share off, as shops say it. */
export const quickDiscounts: QuickDiscount[] = [500, 1000, 1500, 2000, 3000].map((off) => ({
  label: text.discount.zhe(10000 - off),
  basisPoints: off,
}));

/** The cashier's input as a Discount, or a sentence saying what is wrong with it. */
export function parseDiscount(
  mode: DiscountMode,
  input: string,
): { ok: true; discount: Discount } | { ok: false; error: string } {
  const trimmed = input.trim();
  if (mode === 'percent') {
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) return { ok: false, error: text.discount.invalid };
    const basisPoints = Math.round(Number(trimmed) * 100);
    if (basisPoints <= 0 || basisPoints > 10000) return { ok: false, error: text.discount.invalid };
    return { ok: true, discount: { kind: 'percent', basisPoints } };
  }
  try {
    const fen = parseFen(trimmed);
    if (fen <= 0) return { ok: false, error: text.discount.invalid };
    return { ok: true, discount: { kind: 'amount', fen } };
  } catch {
    return { ok: false, error: text.discount.invalid };
  }
}

/** "九折" style for a percent, "减 ¥5.00" for an amount: how a discount reads on the cart. */
export function describeDiscount(discount: Discount | null): string {
  if (!discount) return '';
  return discount.kind === 'percent'
    ? text.discount.zhe(10000 - discount.basisPoints)
    : text.discount.amountOff(formatFen(discount.fen));
}

/** The cart as it would be with the discount set (a new cart; the argument is untouched). */
export function withDiscount(cart: Cart, lineId: string | null, discount: Discount | null): Cart {
  return lineId === null
    ? setOrderDiscount(cart, discount)
    : setLineDiscount(cart, lineId, discount);
}

/**
 * Whether the cart with this discount needs a manager's approval: the discounts would be above
 * the store's share of the subtotal, and no approval already given covers them (one covers a
 * discount no larger in fen nor as a share of the subtotal: lowering an approved discount asks
 * nothing). False when it cannot be priced (the store will say why).
 */
export function needsApproval(
  cart: Cart,
  lineId: string | null,
  discount: Discount | null,
  context: PricingContext,
  approvals: readonly Approval[] = [],
): boolean {
  return asksApproval(withDiscount(cart, lineId, discount), 'discount', context, approvals);
}

/**
 * Whether `cart`, priced, needs a manager to approve `reason` that none of `approvals` covers: the
 * core's missingApprovals, as checkout would judge it. False when it cannot be priced.
 */
export function asksApproval(
  cart: Cart,
  reason: SaleApprovalReason,
  context: PricingContext,
  approvals: readonly Approval[] = [],
): boolean {
  try {
    return missingApprovals(priceCart(cart, context), approvals).includes(reason);
  } catch (error) {
    if (error instanceof CartError) return false;
    throw error;
  }
}

/** The store's threshold in words: "超过 20% 的优惠需店长批准". */
export function approvalRule(basisPoints: number): string {
  return text.discount.approvalRule(basisPoints / 100);
}
