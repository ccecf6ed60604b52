// A pay QR still up when a kiosk's staff session ends untouched (idle-timer.ts): nobody is left to
// hand the goods over or to take another way of paying. The QR is closed on the server and let go
// here, and so is a member's top-up QR (paid later, it would credit the member with nobody there).
// A sale the staff member rang up for it is voided as well, so it does not wait at the counter as
// if a customer were coming to pay; a customer's order taken from the counter queue goes back to
// waiting there, where its customer holds its number.
import type { PaymentStatus } from '@pos/shared';
import type { PosClient } from '../core/client';
import { text } from '../i18n/index';

/**
 * What the payment last said, when it says nobody paid. Paid needs no void, and while WeChat Pay
 * was unreachable (`pending_verification`) the customer may have paid: that order stays open for
 * the server's answer and a manager.
 */
const unpaidStatuses: ReadonlySet<PaymentStatus> = new Set([
  'pending',
  'declined',
  'expired',
  'closed',
]);

/** Call while the staff member is still signed in: the void is theirs. */
export function abandonStaffPayQr(client: PosClient): void {
  const { payments, orders, session } = client;
  for (const other of payments.others()) void other.leave();
  const order = payments.order;
  if (!order) return;
  const payment = payments.payment;
  const rungUpForQr = payments.rungUpForQr;
  // The close is sent first, so that the QR stops being payable as early as it can. A customer who
  // pays in the moment before it lands pays a voided order: the server then gives the money back
  // through WeChat Pay, or lists it for the manager to refund (apply-payment.ts).
  void payments.leave();
  const unpaid = payment === null || unpaidStatuses.has(payment.status);
  const staff = session.staff;
  if (!rungUpForQr || !unpaid || !staff) return;
  // Refused unless the staff member is a manager (a void needs one): the order then stays open,
  // in the orders list, for a manager to void.
  orders.voidOrder(order.id, { reason: text.payQr.voidedUnattended, approvedBy: staff.id });
}
