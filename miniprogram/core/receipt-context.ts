// What a receipt prints besides the order, looked up in the device's replica: the store's name
// and time zone, the cashier's name, the member's name, phone, balances and the points this order
// earned (the core's rule, as the server applies it when the order reaches it).
import { pointsEarned, type Order, type ReceiptContext } from '@pos/shared';
import type { Ledger } from './ledger';

/**
 * Points on what is still paid for, as the server counts them (a refund takes back the points of
 * what it refunded). An open order has earned nothing yet, and a voided one nothing at all.
 */
function earnedOn(order: Order, pointsPerYuan: number): number | undefined {
  if (pointsPerYuan <= 0 || order.status === 'open' || order.status === 'voided') return undefined;
  const refunded = order.refunds.reduce(
    (sum, refund) => sum + refund.lines.reduce((lines, line) => lines + line.amount, 0),
    0,
  );
  return pointsEarned(order.total - refunded, pointsPerYuan);
}

export function receiptContextFrom(ledger: Ledger): (order: Order) => ReceiptContext {
  return (order) => {
    const { settings, staff, members } = ledger.replica;
    const member = order.memberId ? members.get(order.memberId) : undefined;
    const earned = earnedOn(order, settings.pointsPerYuan);
    return {
      storeName: settings.storeName,
      utcOffsetMinutes: settings.utcOffsetMinutes,
      cashierName: order.cashierId ? (staff.get(order.cashierId)?.name ?? null) : null,
      member: member
        ? {
            name: member.name,
            phone: member.phone,
            ...(earned === undefined ? {} : { pointsEarned: earned }),
            pointsBalance: member.points,
            storedValueBalance: member.balance,
          }
        : null,
    };
  };
}
