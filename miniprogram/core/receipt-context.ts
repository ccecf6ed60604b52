// What a receipt prints besides the order, looked up on the device: the store's name and time
// zone, the cashier's name, and the member's name, phone, balances and the points this order
// earned (the core's rule, as the server applies it when the order reaches it).
//
// Balances are the member's as this device shows them (MemberStore.accountOf, a member joined here
// offline included), so a sale's own receipt prints them after the sale. A reprint comes later and
// the device cannot know what the member held right after that order, so it prints none rather
// than today's balances under the order's date.
import { earnedRateOf, pointsEarned, type Order, type ReceiptContext } from '@pos/shared';
import type { Ledger } from './ledger';
import type { MemberAccount } from './member-account';

/** Where a receipt's context is looked up: the app's client has both. */
export interface ReceiptSources {
  ledger: Ledger;
  /** Members as this device shows them (the client's MemberStore). */
  members: { accountOf(phoneOrId: string): MemberAccount | null };
}

export interface ReceiptContextOptions {
  /** A second print of the order, later: no balance is printed (see above). */
  reprint?: boolean;
}

/**
 * Points on what is still paid for, as the server counts them (a refund takes back the points of
 * what it refunded), at the rate the sale earned at (the store's for an order that carries none).
 * An open order has earned nothing yet, and a voided one nothing at all.
 */
function earnedOn(order: Order, storeRate: number): number | undefined {
  const pointsPerYuan = earnedRateOf(order, storeRate);
  if (pointsPerYuan <= 0 || order.status === 'open' || order.status === 'voided') return undefined;
  const refunded = order.refunds.reduce(
    (sum, refund) => sum + refund.lines.reduce((lines, line) => lines + line.amount, 0),
    0,
  );
  return pointsEarned(order.total - refunded, pointsPerYuan);
}

/**
 * The points the member holds once the server has this device's operations: the account's
 * spendable points leave out points earned here and not synced yet (not spendable until then),
 * but the receipt counts them, as the server will, so 积分余额 includes 本单积分.
 */
function pointsHeld(account: MemberAccount): number {
  return Math.max(
    0,
    account.syncedPoints - account.pendingPointsRedeemed + account.pendingPointsEarned,
  );
}

export function receiptContextFrom({
  ledger,
  members,
}: ReceiptSources): (order: Order, options?: ReceiptContextOptions) => ReceiptContext {
  return (order, options = {}) => {
    const { settings, staff } = ledger.replica;
    // By id or a merged provisional id; a member joined here offline too.
    const account = order.memberId ? members.accountOf(order.memberId) : null;
    const earned = earnedOn(order, settings.pointsPerYuan);
    return {
      storeName: settings.storeName,
      utcOffsetMinutes: settings.utcOffsetMinutes,
      cashierName: order.cashierId ? (staff.get(order.cashierId)?.name ?? null) : null,
      member: account
        ? {
            name: account.member.name,
            phone: account.member.phone,
            ...(earned === undefined ? {} : { pointsEarned: earned }),
            ...(options.reprint
              ? {}
              : { pointsBalance: pointsHeld(account), storedValueBalance: account.balance }),
          }
        : null,
    };
  };
}
