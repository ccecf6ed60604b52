// Folds a server-made payment event: keeps the payment record (and its trades in the trade book,
// which refunds go back through), and when it has just become paid, marks its order paid with a
// WeChat tender (the core's payOrder rules) so every device syncs it, or credits the member's
// stored value for a top-up. Only the step to paid does it: once.
import {
  isPaymentSettled,
  tally,
  payOrder,
  saleStockDeltas,
  type Payment,
  type Tender,
} from '@pos/shared';
import type { ApplyContext, EventResult } from './apply-event';
import { moveStock } from './apply-stock';
import { memberById, memberDay, settleSale } from './apply-member';

/** Settled payments older than this leave the checkpoint (the journal keeps them). */
const KEEP_SETTLED_MS = 7 * 24 * 60 * 60 * 1000;

export function applyPaymentSaved(ctx: ApplyContext, payment: Payment, at: number): EventResult {
  const { payments } = ctx.state;
  const previous = payments[payment.id];
  payments[payment.id] = payment;
  ctx.trades.notePayment(payment);
  forgetOldSettled(payments, at);
  if (payment.status !== 'paid' || previous?.status === 'paid') return { changes: [] };
  if (payment.topUp) return creditTopUp(ctx, payment);

  const order = ctx.orders.get(payment.orderId);
  const wechat: Tender = {
    method: 'wechat',
    amount: payment.amount,
    reference: payment.outTradeNo,
  };
  const paid = order
    ? payOrder(order, {
        // A kiosk order paid by its customer has no cashier: the order keeps its own (null).
        cashierId: payment.cashierId ?? order.cashierId ?? 'customer',
        tenders: [...payment.otherTenders, wechat],
        paidAt: payment.paidAt ?? at,
        // A kiosk order paid at a register's counter: its tenders count at that register.
        ...(payment.deviceId !== order.deviceId ? { deviceId: payment.deviceId } : {}),
      })
    : null;
  if (!order || !paid || !paid.ok) {
    // The money was taken but the order cannot take it (paid in cash meanwhile, voided): kept on
    // the payment for the manager, who refunds it; never dropped.
    const why = !order
      ? `order ${payment.orderId} is unknown`
      : paid && !paid.ok
        ? paid.error.message
        : '';
    payments[payment.id] = { ...payment, problem: `paid but not recorded on the order: ${why}` };
    return { changes: [] };
  }
  const value = {
    ...paid.value,
    cashierId: payment.cashierId ?? order.cashierId,
    // The split's cash counts in the shift of the till's drawer, by the till's clock.
    ...(payment.cashTakenAt !== undefined ? { cashTakenAt: payment.cashTakenAt } : {}),
  };
  // Points earned on the sale, as for any paid order (the member helper's rules).
  const sale = settleSale(ctx, value, {
    id: `payment:${payment.id}`,
    deviceId: payment.deviceId,
    createdAt: value.paidAt ?? at,
  });
  ctx.orders.put(sale.order);
  return {
    changes: [
      { kind: 'order', order: sale.order },
      ...moveStock(ctx, saleStockDeltas(value), value.paidAt ?? at, at),
      ...sale.changes,
    ],
  };
}

/** A paid top-up: the member's balance rises by what was paid, and the day counts it. */
function creditTopUp(ctx: ApplyContext, payment: Payment): EventResult {
  const { state } = ctx;
  const member = memberById(state, payment.topUp!.memberId);
  if (!member) {
    // Members are never removed, so this is a damaged record: the money is kept for the manager.
    state.payments[payment.id] = {
      ...payment,
      problem: `paid but not credited: member ${payment.topUp!.memberId} is unknown`,
    };
    return { changes: [] };
  }
  const credited = { ...member, balance: member.balance + payment.amount };
  state.members[member.id] = credited;
  tally(memberDay(state, payment.businessDay).topUps.wechat, payment.amount);
  return { changes: [{ kind: 'member', member: credited }] };
}

function forgetOldSettled(payments: Record<string, Payment>, at: number): void {
  for (const [id, payment] of Object.entries(payments))
    if (isPaymentSettled(payment) && payment.updatedAt < at - KEEP_SETTLED_MS) delete payments[id];
}
