// The `after_close` column of a closed day's sheets: which rows operations (or payments by QR)
// arriving after the close added or changed. The frozen Z-report was made without them, so the
// unmarked rows are what it counted, and the marked ones say what happened since.
import type { LateAdjustment } from './late-adjustment';

/** How a late operation (or payment by QR) changed its order, in the `after_close` column. */
export type AfterCloseChange = 'sold' | 'paid' | 'refunded' | 'voided';

const changeOf: Partial<Record<LateAdjustment['type'], AfterCloseChange>> = {
  'order.placed': 'sold',
  'order.paid': 'paid',
  'payment.paid': 'paid',
  'order.refunded': 'refunded',
  'order.voided': 'voided',
};

export interface AfterCloseMarks {
  /** What late operations did to an order, in the order they arrived ('sold+voided'), or null. */
  ofOrder(orderNo: string, only?: readonly AfterCloseChange[]): string | null;
  /** Whether a refund was given by a late operation. */
  refundIsLate(refundId: string): boolean;
}

/** The marks of a day's late adjustments (none for a day still open: nothing is late for it). */
export function afterCloseMarks(late: readonly LateAdjustment[]): AfterCloseMarks {
  const byOrder = new Map<string, AfterCloseChange[]>();
  const lateRefunds = new Set<string>();
  for (const { orderNo, type, refundId } of [...late].sort((a, b) => a.receivedAt - b.receivedAt)) {
    const change = changeOf[type];
    if (refundId !== undefined) lateRefunds.add(refundId);
    if (orderNo === null || change === undefined) continue;
    byOrder.set(orderNo, [...(byOrder.get(orderNo) ?? []), change]);
  }
  return {
    ofOrder(orderNo, only) {
      const changes = (byOrder.get(orderNo) ?? []).filter((c) => !only || only.includes(c));
      return changes.length === 0 ? null : changes.join('+');
    },
    refundIsLate: (refundId) => lateRefunds.has(refundId),
  };
}
