// A sale rung up from the cart: priced, checked for its approvals and for what it takes from its
// member, numbered next on this device, and saved with its outbox entry in one storage write
// before anyone is told it is paid.
import {
  orderId,
  orderNumber,
  placeOrder,
  ruleError,
  withPointsRate,
  type Approval,
  type Checked,
  type Order,
  type PricedCart,
  type Tender,
} from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { checkSaleApprovals } from '../core/approvers';
import { commit } from '../core/commit';
import type { DeviceIdentity } from '../core/device-identity';
import type { Ledger } from '../core/ledger';
import type { CartStore } from './cart-store';
import type { MemberStore } from './member-store';
import type { SessionStore } from './session-store';

export interface CartSaleDeps {
  ledger: Ledger;
  clock: Clock;
  session: SessionStore;
  cart: CartStore;
  /**
   * Stored value is checked there: the balance, and offline the caps (member-store.ts); so are the
   * points a sale redeems, again as it is paid.
   */
  members: MemberStore;
}

/** Who sells: a cashier on a register, or nobody on a kiosk (session.seller). */
export type Seller = NonNullable<SessionStore['seller']>;

/** What makes the order, besides the device and its next number. */
export interface SaleDraft {
  priced: PricedCart;
  tenders: Tender[];
  approvals: Approval[];
  seller: Seller;
  memberId: string | null;
  createdAt: number;
}

/** The sale as an order numbered next on this device, as the core checks and makes it. */
export function numberedOrder(
  ledger: Ledger,
  device: DeviceIdentity,
  sale: SaleDraft,
): Checked<Order> {
  const { seq, businessDay } = ledger.nextOrderNumber(sale.createdAt);
  return placeOrder({
    priced: sale.priced,
    tenders: sale.tenders,
    id: orderId(device.deviceId, businessDay, seq),
    orderNo: orderNumber(device.deviceCode, businessDay, seq),
    device: { id: device.deviceId, code: device.deviceCode },
    businessDay,
    createdAt: sale.createdAt,
    cashierId: sale.seller.cashierId,
    memberId: sale.memberId,
    source: sale.seller.source,
    approvals: sale.approvals,
  });
}

/** The cart sold by `tenders` (none: a kiosk's order for the counter), with `approvals` added. */
export function placeCartSale(
  deps: CartSaleDeps,
  tenders: Tender[],
  approvals: Approval[],
  seller: Seller,
): Checked<Order> {
  const { ledger, cart, clock } = deps;
  const device = ledger.identity;
  if (!device) return ruleError('not_paired', "pair this device with the store's server first");
  if (cart.isEmpty) return ruleError('empty_cart', 'the cart is empty');
  const pricing = cart.pricing;
  if (!pricing.ok) return pricing;
  const memberId = cart.cart.memberId;
  const spend = checkMemberSpend(deps.members, tenders, memberId, pricing.value.pointsRedeemed);
  if (!spend.ok) return spend;
  // The register asks for them before checkout (cart.approve); the caller may add more.
  const allApprovals = [...approvals, ...cart.approvals];
  const approved = checkSaleApprovals(deps.session.staffList, allApprovals);
  if (!approved.ok) return approved;
  const placed = numberedOrder(ledger, device, {
    priced: pricing.value,
    tenders,
    approvals: allApprovals,
    seller,
    memberId,
    createdAt: clock.now(),
  });
  if (!placed.ok) return placed;
  // A member's sale carries the rate it earns at, so a refund of it here offline takes that back.
  const order = withPointsRate(placed.value, deps.members.pointsRule.earnPerYuan);
  const committed = commit(ledger, () => ({ type: 'order.placed', payload: order }), cart.cartId);
  if (!committed.ok) return committed;
  cart.soldAndCleared();
  return { ok: true, value: order };
}

/**
 * What a sale takes from its member as it is paid: stored value against the balance this till
 * knows (offline, the caps too), redeemed points against those left (`openOrderId`: the open
 * order being paid, whose held points are its own).
 */
export function checkMemberSpend(
  members: MemberStore,
  tenders: readonly Tender[],
  memberId: string | null,
  redeemed: Order['pointsRedeemed'],
  openOrderId?: string,
): Checked<null> {
  const balance = members.checkTenders(tenders, memberId);
  return balance.ok ? members.checkRedeemed(memberId, redeemed, openOrderId) : balance;
}
