// Refunds: what is left to give back of an order, per line and per tender, and the rule that a
// refund never exceeds either; a suggestion splits a refund of chosen lines over the tenders.
import { allocateFen, formatFen, sumFen, type Fen } from './money';
import type { Order, Refund, TenderMethod } from './order';
import { checkRefundRoom } from './refund-limits';
import { amountsByMethod, ruleError, type Checked, type RuleError } from './tenders';

export interface RefundableLine {
  lineId: string;
  skuId: string;
  name: string;
  /** What is left to refund: quantity and money. */
  qty: number;
  amount: Fen;
}

/** Each line with what is left to refund of it after earlier refunds, in the order's line order. */
export function refundableByLine(order: Order): RefundableLine[] {
  const left = new Map<string, RefundableLine>();
  for (const line of order.lines)
    left.set(line.lineId, {
      lineId: line.lineId,
      skuId: line.skuId,
      name: line.name,
      qty: line.qty,
      amount: line.total,
    });
  for (const refund of order.refunds)
    for (const part of refund.lines) {
      const line = left.get(part.lineId);
      if (line) {
        line.qty -= part.qty;
        line.amount -= part.amount;
      }
    }
  return [...left.values()];
}

export interface RefundableTender {
  method: TenderMethod;
  amount: Fen;
}

/** Per method the order was paid with: what it took, less what earlier refunds gave back that way. */
export function refundableByTender(order: Order): RefundableTender[] {
  const took = amountsByMethod(order.tenders);
  const methods = [...new Set(order.tenders.map((t) => t.method))];
  const left = new Map(methods.map((m) => [m, took[m]]));
  for (const refund of order.refunds)
    for (const part of refund.tenders) {
      const amount = left.get(part.method);
      if (amount !== undefined) left.set(part.method, amount - part.amount);
    }
  return methods.map((method) => ({ method, amount: left.get(method) ?? 0 }));
}

function checkRefundable(order: Order): Checked<null> {
  if (order.status !== 'paid' && order.status !== 'partially_refunded')
    return ruleError(
      'not_refundable',
      `order ${order.orderNo} is ${order.status}: nothing to refund`,
    );
  return { ok: true, value: null };
}

/** Checks a refund's lines against what is left of each line; errors name the line. */
function checkRefundLines(
  order: Order,
  lines: ReadonlyArray<{ lineId: string; qty: number; amount?: Fen }>,
): Checked<Map<string, RefundableLine>> {
  const left = new Map(refundableByLine(order).map((l) => [l.lineId, l]));
  const seen = new Set<string>();
  for (const part of lines) {
    const line = left.get(part.lineId);
    if (!line)
      return ruleError('unknown_line', `line ${part.lineId} is not in order ${order.orderNo}`);
    if (seen.has(part.lineId))
      return ruleError('duplicate_line', `line ${part.lineId} (${line.name}) appears twice`);
    seen.add(part.lineId);
    if (!Number.isSafeInteger(part.qty) || part.qty < 1)
      return ruleError('qty_invalid', `line ${part.lineId} (${line.name}): qty must be 1 or more`);
    if (part.qty > line.qty)
      return ruleError(
        'qty_exceeds',
        `line ${part.lineId} (${line.name}): refunding ${part.qty} but only ${line.qty} left to refund`,
      );
    if (part.amount !== undefined && (!Number.isSafeInteger(part.amount) || part.amount < 0))
      return ruleError(
        'amount_invalid',
        `line ${part.lineId} (${line.name}): amount must be whole fen`,
      );
    if (part.amount !== undefined && part.amount > line.amount)
      return ruleError(
        'amount_exceeds',
        `line ${part.lineId} (${line.name}): refunding ${formatFen(part.amount)} but only ${formatFen(line.amount)} left to refund`,
      );
  }
  return { ok: true, value: left };
}

export type RefundTenderErrorCode =
  'amount_invalid' | 'unknown_tender' | 'tender_exceeds' | 'tender_sum_mismatch';

/** A refused split of a refund over tenders; `method` names the tender at fault, when there is one. */
export interface RefundTenderError extends RuleError<RefundTenderErrorCode> {
  method?: TenderMethod;
}

function tenderError(
  code: RefundTenderErrorCode,
  message: string,
  method?: TenderMethod,
): { ok: false; error: RefundTenderError } {
  const error: RefundTenderError = ruleError(code, message).error;
  if (method) error.method = method;
  return { ok: false, error };
}

/**
 * How a refund of `amount` may go back over the tenders: whole fen, each method one the order was
 * paid with and no more than it can still give back (less earlier refunds), together exactly `amount`.
 * A cashier's chosen split is checked with this before a manager is asked; applyRefund checks it again.
 */
export function checkRefundTenders(
  order: Order,
  amount: Fen,
  tenders: Refund['tenders'],
): { ok: true; value: Refund['tenders'] } | { ok: false; error: RefundTenderError } {
  const tendersLeft = new Map(refundableByTender(order).map((t) => [t.method, t.amount]));
  const asked = new Map<TenderMethod, Fen>();
  for (const part of tenders) {
    if (!Number.isSafeInteger(part.amount) || part.amount < 0)
      return tenderError(
        'amount_invalid',
        `refund via ${part.method}: amount must be whole fen`,
        part.method,
      );
    asked.set(part.method, (asked.get(part.method) ?? 0) + part.amount);
  }
  for (const [method, amount] of asked) {
    const left = tendersLeft.get(method);
    // A zero line (a free item coming back) still names some method; it gives nothing back that way.
    if (amount === 0) continue;
    if (left === undefined)
      return tenderError(
        'unknown_tender',
        `order ${order.orderNo} was not paid by ${method}`,
        method,
      );
    if (amount > left)
      return tenderError(
        'tender_exceeds',
        `refund via ${method}: ${formatFen(amount)} is more than the ${formatFen(left)} it can still give back`,
        method,
      );
  }
  const tendersAmount = sumFen(tenders.map((t) => t.amount));
  if (amount !== tendersAmount)
    return tenderError(
      'tender_sum_mismatch',
      `the refund gives back ${formatFen(tendersAmount)} by tender but ${formatFen(amount)} by line`,
    );
  return { ok: true, value: [...tenders] };
}

/**
 * Adds a refund to an order. Per line it may give back no more than is left of the quantity and the
 * money; per tender method no more than that method took less earlier refunds; and its tenders must
 * give back exactly what its lines do. The order is refunded once every piece has come back.
 */
export function applyRefund(order: Order, refund: Refund): Checked<Order> {
  if (refund.orderId !== order.id)
    return ruleError('wrong_order', `the refund is for order ${refund.orderId}, not ${order.id}`);
  const refundable = checkRefundable(order);
  if (!refundable.ok) return refundable;
  if (order.refunds.some((r) => r.id === refund.id))
    return ruleError(
      'duplicate_refund',
      `refund ${refund.id} is already on order ${order.orderNo}`,
    );
  if (refund.lines.length === 0)
    return ruleError('empty_refund', 'a refund needs at least one line');
  const linesChecked = checkRefundLines(order, refund.lines);
  if (!linesChecked.ok) return linesChecked;

  const tendersChecked = checkRefundTenders(
    order,
    sumFen(refund.lines.map((l) => l.amount)),
    refund.tenders,
  );
  if (!tendersChecked.ok) return tendersChecked;

  const refunds = [...order.refunds, refund];
  const qtyRefunded = new Map<string, number>();
  for (const r of refunds)
    for (const part of r.lines)
      qtyRefunded.set(part.lineId, (qtyRefunded.get(part.lineId) ?? 0) + part.qty);
  const allBack = order.lines.every((l) => (qtyRefunded.get(l.lineId) ?? 0) >= l.qty);
  return {
    ok: true,
    value: { ...order, refunds, status: allBack ? 'refunded' : 'partially_refunded' },
  };
}

export interface SuggestedRefund {
  lines: Refund['lines'];
  tenders: Refund['tenders'];
}

/**
 * Proposes what to give back for some quantities of some lines: each line's share of what is left of
 * it in proportion to the quantity (all of it when the last pieces come back), split over the
 * tender methods in proportion to what each can still give back (largest remainder, whole fen).
 */
export function suggestRefund(
  order: Order,
  lineQtys: ReadonlyArray<{ lineId: string; qty: number }>,
): Checked<SuggestedRefund> {
  const refundable = checkRefundable(order);
  if (!refundable.ok) return refundable;
  // The server refuses a refund past these bounds on receipt: the till says so before it is made.
  const room = checkRefundRoom(order);
  if (!room.ok) return room;
  if (lineQtys.length === 0) return ruleError('empty_refund', 'choose at least one line to refund');
  const linesChecked = checkRefundLines(order, lineQtys);
  if (!linesChecked.ok) return linesChecked;
  const left = linesChecked.value;

  const lines = lineQtys.map(({ lineId, qty }) => {
    const line = left.get(lineId) as RefundableLine;
    const [amount] = allocateFen(line.amount, [qty, line.qty - qty]);
    return { lineId, qty, amount };
  });
  const amount = sumFen(lines.map((l) => l.amount));
  const tendersLeft = refundableByTender(order);
  const split = allocateFen(
    amount,
    tendersLeft.map((t) => t.amount),
  );
  const tenders = tendersLeft
    .map((t, i) => ({ method: t.method, amount: split[i] }))
    .filter((t) => t.amount > 0);
  // The refund schema wants one tender even when nothing is given back (a free item returned).
  if (tenders.length === 0) tenders.push({ method: order.tenders[0]?.method ?? 'cash', amount: 0 });
  return { ok: true, value: { lines, tenders } };
}
