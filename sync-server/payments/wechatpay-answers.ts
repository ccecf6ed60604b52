// What WeChat Pay's answers say, in the payment service's terms: a transaction's trade_state and a
// refund's status as observations, and its time format. An unknown state counts as no answer.
import type { ProviderObservation, RefundObservation } from '@pos/shared';
import { ProviderUnreachableError } from './provider';

/** A transaction as WeChat Pay describes it (query answer, decrypted notification). */
export interface Transaction {
  mchid?: string;
  appid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  trade_state_desc?: string;
  success_time?: string;
  amount?: { total?: number; payer_total?: number };
}

/** A refund as WeChat Pay describes it (refund answer, refund query). */
export interface WechatRefund {
  refund_id?: string;
  out_refund_no?: string;
  status?: string;
  success_time?: string;
  amount?: { refund?: number; total?: number };
}

export function transactionObservation(
  transaction: Transaction,
  now: () => number,
): ProviderObservation {
  switch (transaction.trade_state) {
    case 'SUCCESS':
    case 'REFUND': {
      const paidAt = Date.parse(transaction.success_time ?? '');
      return {
        kind: 'paid',
        transactionId: transaction.transaction_id ?? '',
        paidAt: Number.isFinite(paidAt) ? paidAt : now(),
        amount: transaction.amount?.total ?? -1,
      };
    }
    case 'NOTPAY':
    case 'USERPAYING':
      return { kind: 'waiting' };
    case 'CLOSED':
    case 'REVOKED':
      return { kind: 'closed' };
    case 'PAYERROR':
      return {
        kind: 'declined',
        reason: transaction.trade_state_desc ?? 'WeChat Pay: payment failed',
      };
    default:
      throw new ProviderUnreachableError(`unknown trade_state ${transaction.trade_state}`);
  }
}

/** WeChat Pay's refund states: SUCCESS, PROCESSING, CLOSED, ABNORMAL. */
export function refundObservation(
  answer: WechatRefund | null,
  outRefundNo: string,
  now: () => number,
): RefundObservation {
  if (!answer?.refund_id || answer.out_refund_no !== outRefundNo)
    throw new ProviderUnreachableError(
      `the answer about refund ${outRefundNo} names no refund_id or another refund`,
    );
  const providerRefundId = answer.refund_id;
  switch (answer.status) {
    case 'SUCCESS': {
      const at = Date.parse(answer.success_time ?? '');
      return { kind: 'succeeded', providerRefundId, at: Number.isFinite(at) ? at : now() };
    }
    case 'PROCESSING':
      return { kind: 'processing', providerRefundId };
    case 'CLOSED':
      return { kind: 'failed', providerRefundId, reason: 'WeChat Pay closed the refund' };
    case 'ABNORMAL':
      return {
        kind: 'failed',
        providerRefundId,
        reason:
          "WeChat Pay could not pay the refund into the customer's account (ABNORMAL): settle it in the merchant platform",
      };
    default:
      throw new ProviderUnreachableError(`unknown refund status ${answer.status}`);
  }
}

/** "2026-11-22T11:05:00+08:00": WeChat Pay's time format, in China time. */
export function rfc3339(ms: number): string {
  const china = new Date(ms + 8 * 3600_000).toISOString().slice(0, 19);
  return `${china}+08:00`;
}
