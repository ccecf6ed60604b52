// Which of this till's own unpaid sales (the orders store's unpaidHere) Orders offers to take
// payment for: all but one a pay QR on this till is paying right now. Pure.
import type { OrderView } from '../core/local-view';
import { isLivePhase, type PaymentPhase } from '../stores/payment-phase';

export function unpaidOrderIds(
  unpaid: readonly OrderView[],
  payments: { phase: PaymentPhase; order: { id: string } | null },
): string[] {
  const paying = isLivePhase(payments.phase) ? payments.order?.id : undefined;
  return unpaid.map((view) => view.order.id).filter((id) => id !== paying);
}
