// WeChat payments a person must look at on the day report: not yet settled (awaiting the customer,
// or pending verification because the server could not reach the provider), and paid but not
// recorded on their order (money taken that the order could not take, taken after the server
// closed the payment, or another amount: what was taken needs a refund). A payment is listed on
// its own business day: its order's (where the Z-report counts the order's WeChat tender, even when
// the QR was made after the next day's start) or a top-up's (the day of its QR). The day report
// filters on the same key.
import { paidNotRecorded, unsettledPayments, type Payment, type PendingPayment } from '@pos/shared';
import type { Store } from '../store/store';

export function pendingPaymentsOf(store: Store, businessDay?: string): PendingPayment[] {
  const payments = Object.values(store.state.payments);
  const notRecorded = payments
    .filter(paidNotRecorded)
    .filter((p) => businessDay === undefined || p.businessDay === businessDay);
  return [...unsettledPayments(payments, businessDay), ...notRecorded].map((p): PendingPayment => ({
    reference: p.outTradeNo,
    orderId: p.orderId,
    orderNo: p.orderNo,
    deviceId: p.deviceId,
    amount: p.paidAmount ?? p.amount,
    createdAt: p.createdAt,
    businessDay: p.businessDay,
    status: paidNotRecorded(p) ? 'paid_not_recorded' : (p.status as StillOpen),
    problem: p.problem,
  }));
}

type StillOpen = Extract<Payment['status'], 'pending' | 'pending_verification'>;
