// The audit entries of money a QR payment took that no order recorded (paid after its QR was
// closed, once its order was settled, for another amount, or twice), from the payments as saved.
import type { Payment, PaymentStatus } from '../payment';
import type { AuditEntry, UnrecordedPaymentCause } from './audit';

/** Statuses the server gives up on a QR in: money taken after them came too late for its order. */
const givenUp: readonly PaymentStatus[] = ['closed', 'expired', 'declined'];

/**
 * Fed every saved payment in journal order (so rebuilt the same at every start): says which save
 * is the first record of money no order took, listing each payment once however often it is saved.
 */
export class UnrecordedPaymentAudit {
  /** The status each payment was last saved in. */
  private readonly statuses = new Map<string, PaymentStatus>();
  private readonly listed = new Set<string>();

  /**
   * `recorded`: the save paid an order or credited a member (its journal record carries the
   * change); `at`: when the server recorded it.
   */
  entriesOf(payment: Payment, recorded: boolean, at: number): AuditEntry[] {
    const before = this.statuses.get(payment.id);
    this.statuses.set(payment.id, payment.status);
    const cause = causeOf(payment, before, recorded);
    if (cause === null || this.listed.has(payment.id)) return [];
    this.listed.add(payment.id);
    return [auditOfUnrecordedPayment(payment, cause, at)];
  }
}

function causeOf(
  payment: Payment,
  before: PaymentStatus | undefined,
  recorded: boolean,
): UnrecordedPaymentCause | null {
  // Paid as asked, but the order took it no more (apply-payment.ts keeps it to refund). A top-up
  // is always credited: members are never removed.
  if (payment.status === 'paid')
    return recorded || before === 'paid' || payment.topUp ? null : 'order_settled';
  if (payment.status !== 'paid_not_recorded') return null;
  if (before !== undefined && givenUp.includes(before)) return 'after_close';
  // A payment first saved already paid but not recorded is a second trade's record of its own
  // (secondTradePaid); one that was open was paid for another amount.
  return before === undefined ? 'second_trade' : 'other_amount';
}

/** When the customer paid, the money taken (what to give back) and the trade that took it. */
export function auditOfUnrecordedPayment(
  payment: Payment,
  cause: UnrecordedPaymentCause,
  recordedAt: number,
): AuditEntry {
  return {
    at: payment.paidAt ?? recordedAt,
    kind: 'payment_not_recorded',
    staffId: payment.cashierId,
    approvedBy: null,
    deviceId: payment.deviceId,
    orderNo: payment.orderNo,
    amount: payment.paidAmount ?? payment.amount,
    reason: '',
    facts: {
      kind: 'payment_not_recorded',
      cause,
      asked: payment.amount,
      trade: payment.outTradeNo,
      transactionId: payment.transactionId,
    },
  };
}
