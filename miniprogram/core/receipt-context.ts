// What a receipt prints besides the order, looked up in the device's replica: the store's name
// and time zone, the cashier's name, the member's name, phone and balances.
import type { Order, ReceiptContext } from '@pos/shared';
import type { Ledger } from './ledger';

export function receiptContextFrom(ledger: Ledger): (order: Order) => ReceiptContext {
  return (order) => {
    const { settings, staff, members } = ledger.replica;
    const member = order.memberId ? members.get(order.memberId) : undefined;
    return {
      storeName: settings.storeName,
      utcOffsetMinutes: settings.utcOffsetMinutes,
      cashierName: order.cashierId ? (staff.get(order.cashierId)?.name ?? null) : null,
      member: member
        ? {
            name: member.name,
            phone: member.phone,
            pointsBalance: member.points,
            storedValueBalance: member.balance,
          }
        : null,
    };
  };
}
