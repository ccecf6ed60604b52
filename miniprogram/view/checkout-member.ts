// Whose stored value may pay at the checkout: the cart's member for a fresh sale, and for an open
// order being collected the order's own member (the cart then holds the next customer's sale).
import { formatFen, type Fen, type Member } from '@pos/shared';
import { pos, posClient } from './pos';

export interface CheckoutMember {
  id: string;
  /**
   * What the member may pay by stored value now (member-store's rule): the server's balance less
   * this device's unsynced spends, offline also within the caps; never the synced balance alone,
   * which the sale would then refuse.
   */
  balance: Fen;
  balanceText: string;
}

/** The order's member, found by a merged provisional id too; null for an order without one. */
function memberOfOrder(orderId: string): Member | null {
  const memberId = pos.orders.find(orderId)?.order.memberId ?? null;
  return memberId === null ? null : posClient().members.find(memberId);
}

/** `openOrderId`: the open order the checkout takes payment for, or null for the cart's sale. */
export function checkoutMember(openOrderId: string | null): CheckoutMember | null {
  const member = openOrderId === null ? pos.cart.member : memberOfOrder(openOrderId);
  if (!member) return null;
  const spendable = posClient().members.spendable(member.id);
  return { id: member.id, balance: spendable, balanceText: formatFen(spendable) };
}
