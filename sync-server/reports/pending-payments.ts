// WeChat payments not yet confirmed (awaiting the customer, or awaiting verification because the
// server could not reach the provider), from the payments the store keeps, for the day report.
import type { PendingPayment } from '@pos/shared';
import type { Store } from '../store/store';

export function pendingPaymentsOf(store: Store): PendingPayment[] {
  return Object.values(store.state.payments ?? {})
    .filter((p) => p.status === 'pending' || p.status === 'pending_verification')
    .map((p) => ({
      reference: p.outTradeNo,
      orderId: p.orderId,
      orderNo: p.orderNo,
      deviceId: p.deviceId,
      amount: p.amount,
      createdAt: p.createdAt,
    }));
}
