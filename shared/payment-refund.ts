// A refund through the payment provider and its state machine: pending -> processing ->
// succeeded | failed, with "pending verification" while the provider cannot be reached. Sent
// again with the same out_refund_no until an answer comes, so the customer is refunded once.
// Pure: the provider's answers and the time are passed in.
import { z } from 'zod';
import { epochMsSchema } from './epoch-ms';
import { formatFen, type Fen } from './money';
import { nonNegativeFenSchema } from './money-schema';
import type { Order } from './order';
import { orderPaymentRefundSchema, type OrderPaymentRefund } from './order-payment-refund';
import { paymentProviderSchema, type Payment } from './payment';

export const paymentRefundSchema = orderPaymentRefundSchema.extend({
  orderId: z.string().min(1).max(80),
  orderNo: z.string().min(1).max(20),
  /** The business day of the refund (not of the sale). */
  businessDay: z.string().min(1).max(10),
  deviceId: z.string().min(1).max(40),
  staffId: z.string().min(1).max(40),
  reason: z.string().max(200),
  /** The provider of the payment; null when its record is gone (the server's provider then). */
  provider: paymentProviderSchema.nullable(),
  /** What the payment took: WeChat Pay asks for it with every refund. */
  total: nonNegativeFenSchema,
  providerRefundId: z.string().max(64).nullable(),
  createdAt: epochMsSchema,
  lastCheckedAt: epochMsSchema.nullable(),
  succeededAt: epochMsSchema.nullable(),
});
export type PaymentRefund = z.infer<typeof paymentRefundSchema>;

/** What the provider says about a refund when it is sent or asked about. */
export type RefundObservation =
  | { kind: 'processing'; providerRefundId: string }
  | { kind: 'succeeded'; providerRefundId: string; at: number }
  | { kind: 'failed'; reason: string; providerRefundId: string | null }
  | { kind: 'unreachable'; detail: string };

export function isRefundSettled(refund: Pick<PaymentRefund, 'status'>): boolean {
  return refund.status === 'succeeded' || refund.status === 'failed';
}

/** The refund after the provider's answer at `now`; a settled one never changes by itself. */
export function observeRefund(
  refund: PaymentRefund,
  observation: RefundObservation,
  now: number,
): PaymentRefund {
  if (isRefundSettled(refund)) return refund;
  const checked = { ...refund, updatedAt: now, lastCheckedAt: now };
  switch (observation.kind) {
    case 'processing':
      return {
        ...checked,
        status: 'processing',
        providerRefundId: observation.providerRefundId,
        problem: null,
      };
    case 'succeeded':
      return {
        ...checked,
        status: 'succeeded',
        providerRefundId: observation.providerRefundId,
        succeededAt: observation.at,
        problem: null,
      };
    case 'failed':
      return {
        ...checked,
        status: 'failed',
        providerRefundId: observation.providerRefundId ?? refund.providerRefundId,
        problem: observation.reason.slice(0, 300),
      };
    case 'unreachable':
      // Sent or not, nobody knows: it is sent again with the same out_refund_no, which the
      // provider refunds once however often it arrives.
      return {
        ...refund,
        updatedAt: now,
        status: 'pending_verification',
        problem: observation.detail.slice(0, 300),
      };
  }
}

/**
 * A manager sends a failed refund again. Only one the provider never took (no refund id of its
 * own) goes again under the same number; one it took and could not pay out (a closed account) is
 * settled in the merchant platform.
 */
export function retryRefund(
  refund: PaymentRefund,
  now: number,
): { ok: true; value: PaymentRefund } | { ok: false; error: { code: string; message: string } } {
  if (refund.status !== 'failed')
    return {
      ok: false,
      error: { code: 'not_failed', message: `refund ${refund.outRefundNo} is ${refund.status}` },
    };
  if (refund.providerRefundId !== null)
    return {
      ok: false,
      error: {
        code: 'settle_by_hand',
        message: `refund ${refund.outRefundNo} was taken by WeChat Pay (${refund.providerRefundId}) and could not be paid out: settle it in the merchant platform`,
      },
    };
  return { ok: true, value: { ...refund, status: 'pending', problem: null, updatedAt: now } };
}

/** What devices see of it, kept on the order. */
export function orderRefundSummary(refund: PaymentRefund): OrderPaymentRefund {
  const { outRefundNo, refundId, outTradeNo, amount, status, problem, updatedAt } = refund;
  return { outRefundNo, refundId, outTradeNo, amount, status, problem, updatedAt };
}

/** Refunds a person must still look at: not succeeded (waiting, unverified or failed). */
export function unfinishedRefunds(
  refunds: Iterable<PaymentRefund>,
  businessDay?: string,
): PaymentRefund[] {
  return [...refunds]
    .filter((refund) => refund.status !== 'succeeded')
    .filter((refund) => businessDay === undefined || refund.businessDay === businessDay)
    .sort((a, b) => a.createdAt - b.createdAt);
}

export interface RefundPart {
  outTradeNo: string;
  /** What that payment took. */
  total: Fen;
  amount: Fen;
  /** Why it cannot go through the provider (no payment number on the tender), if so. */
  problem: string | null;
}

/**
 * Splits `amount` (what a refund gives back by WeChat) over the order's wechat tenders, each up to
 * what it took less what earlier refunds sent back through it.
 */
export function refundParts(
  order: Pick<Order, 'orderNo' | 'tenders'>,
  amount: Fen,
  earlier: ReadonlyArray<Pick<PaymentRefund, 'outTradeNo' | 'amount'>>,
): RefundPart[] {
  const parts: RefundPart[] = [];
  let left = amount;
  for (const tender of order.tenders) {
    if (tender.method !== 'wechat' || left <= 0) continue;
    const reference = tender.reference;
    const sentBack = earlier
      .filter((refund) => refund.outTradeNo === reference)
      .reduce((sum, refund) => sum + refund.amount, 0);
    const take = Math.min(left, tender.amount - sentBack);
    if (take <= 0) continue;
    left -= take;
    parts.push({
      outTradeNo: reference,
      total: tender.amount,
      amount: take,
      problem: /^[0-9A-Za-z_-]{6,32}$/.test(reference)
        ? null
        : `the WeChat tender of order ${order.orderNo} names no payment (${JSON.stringify(reference)}): refund ${formatFen(take)} by hand in the merchant platform`,
    });
  }
  if (left > 0)
    parts.push({
      outTradeNo: '',
      total: 0,
      amount: left,
      problem: `${formatFen(left)} more than order ${order.orderNo}'s WeChat payments took: not sent; check the refund`,
    });
  return parts;
}

/**
 * Money taken that no order took: a paid payment the order could not take (paid in cash
 * meanwhile, voided), or one the provider took after the server closed it or for another amount:
 * needs a refund.
 */
export function paidNotRecorded(payment: Pick<Payment, 'status' | 'problem'>): boolean {
  return (
    payment.status === 'paid_not_recorded' ||
    (payment.status === 'paid' &&
      (payment.problem ?? '').startsWith('paid but not recorded on the order'))
  );
}
