// A sale paid by WeChat QR before its QR exists: the cart rung up as an order left open for
// payment (saved and queued like any sale), and the wait for it to reach the store's server, which
// makes its QR only for an order it holds.
import { ruleError, type Checked, type Order, type Tender } from '@pos/shared';
import { checkSaleApprovals } from '../core/approvers';
import { commit } from '../core/commit';
import type { OrderView } from '../core/local-view';
import { numberedOrder, type CartSaleDeps } from './cart-sale';
import type { MemberStore } from './member-store';

export interface QrSaleDeps extends Omit<CartSaleDeps, 'members'> {
  /** The points a QR sale redeems are checked again as it is rung up (member-store.ts). */
  members?: MemberStore;
}

/** The cart as an order left open for payment: the core checks it as a sale paid by QR. */
export function placeQrSaleOrder(deps: QrSaleDeps, otherTenders: Tender[]): Checked<Order> {
  const { ledger, session, cart, clock } = deps;
  const device = ledger.identity;
  if (!device) return ruleError('not_paired', "pair this device with the store's server first");
  const seller = session.seller;
  if (!seller) return ruleError('not_signed_in', 'sign in with your PIN first');
  if (otherTenders.some((tender) => tender.method !== 'cash'))
    return ruleError('tender_invalid', 'only cash may be split with a WeChat payment');
  if (cart.isEmpty) return ruleError('empty_cart', 'the cart is empty');
  const pricing = cart.pricing;
  if (!pricing.ok) return pricing;
  const approved = checkSaleApprovals(session.staffList, cart.approvals);
  if (!approved.ok) return approved;
  const points = deps.members?.checkRedeemed(cart.cart.memberId, pricing.value.pointsRedeemed);
  if (points && !points.ok) return points;
  const paidElsewhere = otherTenders.reduce((sum, tender) => sum + tender.amount, 0);
  const wechat: Tender = {
    method: 'wechat',
    amount: pricing.value.total - paidElsewhere,
    reference: 'qr',
  };
  const placed = numberedOrder(ledger, device, {
    priced: pricing.value,
    tenders: [...otherTenders, wechat],
    approvals: [...cart.approvals],
    seller,
    memberId: cart.cart.memberId,
    createdAt: clock.now(),
  });
  if (!placed.ok) return placed;
  // Checked as paid by these tenders; saved open until the server hears from the provider.
  const order: Order = { ...placed.value, status: 'open', paidAt: null, tenders: [] };
  const committed = commit(ledger, () => ({ type: 'order.placed', payload: order }), cart.cartId);
  if (!committed.ok) return committed;
  cart.soldAndCleared();
  return { ok: true, value: order };
}

/**
 * The order its QR waits for, asked for at `askedAt`: on the server (its QR may be asked for),
 * still on its way, or never getting there (refused, or not synced within `syncWaitMs`).
 */
export function qrSaleSyncWait(
  view: OrderView | null,
  askedAt: number,
  now: number,
  syncWaitMs = 15_000,
): 'synced' | 'waiting' | { code: string; message: string } {
  if (view?.sync === 'synced') return 'synced';
  if (view?.sync === 'refused') return ruleError('refused', 'the server refused the order').error;
  if (now > askedAt + syncWaitMs)
    return ruleError(
      'unreachable',
      "the order has not reached the store's server: take cash, or try again when it is back",
    ).error;
  return 'waiting';
}
