// How far refunds may grow one order. Each refund is kept inside its order, and the server folds it
// into a new copy of the whole order, written whole in its journal line and sent whole to every
// till: with no bound, one till giving back a large sale a piece at a time made every line longer
// than the last, the journal quadratic, until its write failed and the store took no more changes.
// The device checks before a refund is made (suggestRefund); the server checks an order.refunded on
// receipt, not in the fold, so a journal written before the bound replays as it was applied.
import type { Operation } from './operation';
import type { Order } from './order';
import { ruleError, type Checked } from './tenders';

/** The most refunds one order may hold: a customer bringing pieces back one at a time, for weeks. */
export const MAX_REFUNDS_PER_ORDER = 100;

/**
 * The most characters an order may take (as JSON, its refunds in it) and still take a refund: far
 * above a real sale with a hundred refunds (a 160-line sale with 100 long reasons is about 100,000),
 * and small enough with one refund more for every till's storage to keep it.
 */
export const MAX_REFUNDABLE_ORDER_CHARS = 120_000;

/**
 * Refused ('too_many_refunds') when the order already holds the most refunds it may, and
 * ('order_too_large') when it is already too large to grow: another refund may not be recorded on it.
 */
export function checkRefundRoom(order: Order): Checked<null> {
  if (order.refunds.length >= MAX_REFUNDS_PER_ORDER)
    return ruleError(
      'too_many_refunds',
      `order ${order.orderNo} already has ${order.refunds.length} refunds, the most one order may have: no further refund can be recorded on it`,
    );
  const chars = JSON.stringify(order).length;
  if (chars > MAX_REFUNDABLE_ORDER_CHARS)
    return ruleError(
      'order_too_large',
      `order ${order.orderNo} with its ${order.refunds.length} refunds already takes ${chars} characters, more than the ${MAX_REFUNDABLE_ORDER_CHARS} an order may reach and still be refunded: no further refund can be recorded on it`,
    );
  return { ok: true, value: null };
}

/**
 * An order.refunded checked against the order it refunds as the store has it (`orderOf`); an order
 * the store does not know is left to the fold, which refuses it by that name.
 */
export function checkRefundOperationRoom(
  op: Operation,
  orderOf: (orderId: string) => Order | undefined,
): Checked<null> {
  if (op.type !== 'order.refunded') return { ok: true, value: null };
  const order = orderOf(op.payload.orderId);
  return order ? checkRefundRoom(order) : { ok: true, value: null };
}
