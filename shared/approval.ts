// A manager's approval of a sale's discount or price overrides, and whether it still covers the
// cart as it is now. An approval records what it was given for (`Approval.covers`): the discount
// (or how far the overrides move prices from the list) in fen, and the subtotal it was part of.
// It covers the cart while that amount is no larger in fen and no larger a share of the subtotal,
// so a cart that shrinks under a fixed discount, or grows under a percent one, asks again.
import type { Fen } from './money';
import { amountAt, type Approval, type ApprovalCover } from './order';
import type { PricedCart } from './pricing';

/** The approvals a cart can need (pricing's `approvalsNeeded`). */
export type SaleApprovalReason = PricedCart['approvalsNeeded'][number];

/**
 * What a sale asks a manager to approve for `reason`, as pricing reckons it:
 * - discount: the line and order discounts (points redeemed are not part of it: they need no approval);
 * - price_override: how far the overridden lines' amounts are from their list amounts, up or down.
 */
export function approvalCover(priced: PricedCart, reason: SaleApprovalReason): ApprovalCover {
  const fen =
    reason === 'discount'
      ? priced.lineDiscountTotal + priced.orderDiscount - (priced.pointsRedeemed?.discount ?? 0)
      : overrideDeviation(priced);
  return { fen, subtotal: priced.subtotal };
}

/** A manager's approval of the sale as priced now, recording what it covers. */
export function approveSale(
  priced: PricedCart,
  reason: SaleApprovalReason,
  managerId: string,
): Approval {
  return { reason, managerId, covers: approvalCover(priced, reason) };
}

/**
 * Whether `approval` covers what the priced cart asks of it: the amount now is no larger in fen
 * than the approved one, nor a larger share of the subtotal (within a fen per line and one for
 * the order, what rounding a percent discount half-up can add). An approval that records nothing
 * (as on orders placed before approvals recorded what they cover) covers no cart.
 */
export function approvalCovers(approval: Approval, priced: PricedCart): boolean {
  if (approval.reason !== 'discount' && approval.reason !== 'price_override') return false;
  const approved = approval.covers;
  if (!approved) return false;
  const now = approvalCover(priced, approval.reason);
  if (now.fen > approved.fen) return false;
  // now.fen / now.subtotal <= approved.fen / approved.subtotal, in whole numbers, less the slack.
  const slack = priced.lines.length + 1;
  return (now.fen - slack) * approved.subtotal <= approved.fen * now.subtotal;
}

/** What pricing says a manager must approve and no approval given covers. */
export function missingApprovals(
  priced: PricedCart,
  approvals: readonly Approval[],
): SaleApprovalReason[] {
  return priced.approvalsNeeded.filter(
    (reason) => !approvals.some((a) => a.reason === reason && approvalCovers(a, priced)),
  );
}

/**
 * The approvals that still hold after the cart changed: a discount or price override approval
 * that no longer covers the cart is withdrawn; others (refund, void) are not the cart's to judge.
 */
export function approvalsStillCovering(
  priced: PricedCart,
  approvals: readonly Approval[],
): Approval[] {
  return approvals.filter(
    (a) => (a.reason !== 'discount' && a.reason !== 'price_override') || approvalCovers(a, priced),
  );
}

/** Sum over the overridden lines of |list amount - amount|: what the overrides change. */
function overrideDeviation(priced: PricedCart): Fen {
  let fen = 0;
  for (const line of priced.lines) {
    if (!line.priceOverridden) continue;
    fen += Math.abs(amountAt(line, line.listUnitPrice) - line.amount);
  }
  return fen;
}
