// A payment's trades at the provider: the live one (`outTradeNo`) and those it replaced
// (`earlierTradeNos`, closed before a mini-program trade took over). Money taken under an earlier
// trade is followed under that trade; a second trade paid after the payment already holds money
// is its own record of money to give back. Pure: ids and the time are passed in.
import type { Payment, ProviderObservation } from './payment';

type Paid = Extract<ProviderObservation, { kind: 'paid' }>;

/** Whether `outTradeNo` is one of the payment's trades that it no longer follows. */
export function isEarlierTrade(payment: Payment, outTradeNo: string): boolean {
  return payment.outTradeNo !== outTradeNo && (payment.earlierTradeNos ?? []).includes(outTradeNo);
}

/**
 * The payment following `outTradeNo`, one of its earlier trades that was paid: its tender, its
 * refunds and the day report name the trade that took the money. The live one becomes an earlier
 * trade (the caller has closed it at the provider).
 */
export function withPaidTrade(payment: Payment, outTradeNo: string): Payment {
  const earlier = (payment.earlierTradeNos ?? []).filter((trade) => trade !== outTradeNo);
  return { ...payment, outTradeNo, earlierTradeNos: [...earlier, payment.outTradeNo] };
}

/**
 * A second trade of a payment that already holds money, paid too (the customer charged twice): a
 * record of its own, named by that trade, paid but not recorded on any order, so the manager sees
 * it and gives it back. `id` is a new payment id.
 */
export function secondTradePaid(
  payment: Payment,
  outTradeNo: string,
  paid: Paid,
  id: string,
  now: number,
): Payment {
  const { earlierTradeNos: _earlier, closeAskedAt: _closeAsked, ...same } = payment;
  const amount = paid.amount >= 0 ? paid.amount : payment.amount;
  return {
    ...same,
    id,
    outTradeNo,
    otherTenders: [],
    status: 'paid_not_recorded',
    createdAt: now,
    updatedAt: now,
    lastCheckedAt: now,
    transactionId: paid.transactionId,
    paidAt: paid.paidAt,
    paidAmount: amount,
    problem: `trade ${outTradeNo} was paid too, after payment ${payment.id} (${payment.outTradeNo}) was ${payment.status === 'paid' ? 'paid' : 'taken'}: not recorded on the order; refund it`,
  };
}
