// Folds refunds through the payment provider: a refund (or void) of an order paid by WeChat opens
// one record per payment it goes back through, in the same journal entry, so none is lost however
// the server stops; the refund service's later answers (payment.refund_saved) update the record
// and the order's copy, which reaches every device through sync. Money goes back only through a
// trade that paid the order refunded: any other part is left to a manager to refund by hand.
import {
  businessDayOf,
  formatFen,
  orderRefundSummary,
  refundableByTender,
  refundParts,
  type Fen,
  type Order,
  type PaymentRefund,
  type Refund,
  type RefundPart,
  type StoreSettings,
  type VoidRecord,
} from '@pos/shared';
import { outRefundNoFor } from '../payments/refund-numbers';
import type { ApplyContext, EventResult } from './apply-event';

export interface RefundToSend {
  /** The order refund's id (a void: the order's id and ":void"). */
  refundId: string;
  businessDay: string;
  deviceId: string;
  staffId: string;
  reason: string;
  createdAt: number;
  /** What goes back by WeChat. */
  amount: Fen;
}

/** What an order refund gives back by WeChat. */
export function wechatRefunded(refund: Refund): RefundToSend {
  return {
    refundId: refund.id,
    businessDay: refund.businessDay,
    deviceId: refund.deviceId,
    staffId: refund.approvedBy,
    reason: refund.reason,
    createdAt: refund.createdAt,
    amount: refund.tenders
      .filter((tender) => tender.method === 'wechat')
      .reduce((sum, tender) => sum + tender.amount, 0),
  };
}

/** A paid order voided: what its WeChat payments took and no refund gave back yet goes back. */
export function wechatVoided(
  order: Order,
  record: VoidRecord,
  deviceId: string,
  settings: StoreSettings,
): RefundToSend {
  const paid = order.status === 'paid' || order.status === 'partially_refunded';
  return {
    refundId: `${order.id}:void`,
    businessDay: businessDayOf(record.at, settings),
    deviceId,
    staffId: record.approvedBy,
    reason: record.reason,
    createdAt: record.at,
    amount: paid
      ? (refundableByTender(order).find((tender) => tender.method === 'wechat')?.amount ?? 0)
      : 0,
  };
}

/** The order with its new provider refunds (none when nothing goes back by WeChat). */
export function openPaymentRefunds(ctx: ApplyContext, order: Order, request: RefundToSend): Order {
  if (request.amount <= 0) return order;
  const { paymentRefunds } = ctx.state;
  const earlier = Object.values(paymentRefunds).filter(
    (refund) => refund.orderId === order.id && refund.refundId !== request.refundId,
  );
  const parts = refundParts(order, request.amount, earlier).map((part) =>
    ownTradeOnly(ctx, order, part),
  );
  const opened: PaymentRefund[] = parts.map((part, i) => {
    const outRefundNo = outRefundNoFor(request.refundId, i + 1);
    const payment = Object.values(ctx.state.payments).find(
      (candidate) => candidate.outTradeNo === part.outTradeNo,
    );
    return (
      paymentRefunds[outRefundNo] ?? {
        outRefundNo,
        refundId: request.refundId,
        outTradeNo: part.outTradeNo,
        amount: part.amount,
        status: part.problem ? 'failed' : 'pending',
        problem: part.problem,
        updatedAt: request.createdAt,
        orderId: order.id,
        orderNo: order.orderNo,
        businessDay: request.businessDay,
        deviceId: request.deviceId,
        staffId: request.staffId,
        reason: request.reason,
        provider: payment?.provider ?? null,
        total: part.total,
        providerRefundId: null,
        createdAt: request.createdAt,
        lastCheckedAt: null,
        succeededAt: null,
      }
    );
  });
  for (const refund of opened) paymentRefunds[refund.outRefundNo] = refund;
  return withSummaries(order, opened);
}

/**
 * A part of the refund that would go back through a trade that did not pay this order (a WeChat
 * tender made on a device, kept from before the server refused them, naming another order's
 * payment): not sent, and named by no trade, so that no manager's retry sends it there either.
 */
function ownTradeOnly(ctx: ApplyContext, order: Order, part: RefundPart): RefundPart {
  if (part.problem !== null || ctx.trades.paidOrder(part.outTradeNo, order.id)) return part;
  return {
    outTradeNo: '',
    total: 0,
    amount: part.amount,
    problem: `the WeChat tender of order ${order.orderNo} names trade ${part.outTradeNo}, which did not pay this order: not sent through it; check the sale and refund ${formatFen(part.amount)} by hand in the merchant platform if the customer paid it`,
  };
}

/** A refund's new state from the refund service. */
export function applyPaymentRefundSaved(ctx: ApplyContext, refund: PaymentRefund): EventResult {
  ctx.state.paymentRefunds[refund.outRefundNo] = refund;
  const order = ctx.orders.get(refund.orderId);
  if (!order) return { changes: [] };
  const updated = withSummaries(order, [refund]);
  ctx.orders.put(updated);
  return { changes: [{ kind: 'order', order: updated }] };
}

function withSummaries(order: Order, refunds: PaymentRefund[]): Order {
  if (refunds.length === 0) return order;
  const summaries = [...(order.paymentRefunds ?? [])];
  for (const refund of refunds) {
    const summary = orderRefundSummary(refund);
    const at = summaries.findIndex((s) => s.outRefundNo === refund.outRefundNo);
    if (at >= 0) summaries[at] = summary;
    else summaries.push(summary);
  }
  return { ...order, paymentRefunds: summaries };
}
