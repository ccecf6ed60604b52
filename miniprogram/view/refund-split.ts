// A refund's money over the tenders an order was paid with, as the cashier chooses it: prefilled
// with the core's proportional split, typed in yuan, read back with the core's parser and rules. Pure.
import {
  checkRefundTenders,
  fenToDecimal,
  formatFen,
  MoneyParseError,
  parseFen,
  refundableByTender,
  sumFen,
  type Checked,
  type Fen,
  type Order,
  type Refund,
  type SuggestedRefund,
  type TenderMethod,
} from '@pos/shared';
import { describeError, text } from '../i18n/index';
import { methodName } from './order-view';

export interface SplitRow {
  method: TenderMethod;
  /** "现金", "储值卡"… */
  name: string;
  /** What this method can still give back, and as "可退 ¥20.00". */
  leftFen: Fen;
  left: string;
  /** The amount in yuan as typed ("12.50"). */
  value: string;
}

export interface RefundSplit {
  /** The chosen lines and tenders the rows were made for: typed amounts are kept while it holds. */
  key: string;
  /** The refund's total (the chosen lines' money). */
  amount: Fen;
  rows: SplitRow[];
  /** "已分配 ¥30.00 / 应退 ¥36.00": what the rows add up to so far. */
  assigned: string;
}

function assignedText(rows: readonly SplitRow[], amount: Fen): string {
  let sum = 0;
  for (const row of rows) {
    try {
      sum += parseFen(row.value);
    } catch {
      // Not an amount yet (being typed): it counts for nothing until it is one.
    }
  }
  return text.orders.splitAssigned(formatFen(sum), formatFen(amount));
}

/**
 * The split to offer for a proposed refund, or null when there is nothing to choose: the order can
 * give money back one way only, or the refund gives nothing back. Amounts typed into `previous` are
 * kept while the same lines and tenders are chosen (the list refreshing must not wipe them).
 */
export function refundSplit(
  order: Order,
  suggested: SuggestedRefund,
  previous: RefundSplit | null = null,
): RefundSplit | null {
  const amount = sumFen(suggested.lines.map((l) => l.amount));
  const left = refundableByTender(order).filter((t) => t.amount > 0);
  if (amount === 0 || left.length < 2) return null;
  const key = [
    order.id,
    ...suggested.lines.map((l) => `${l.lineId}x${l.qty}`),
    ...left.map((t) => t.method),
  ].join('|');
  const typed = previous?.key === key ? previous.rows : null;
  const rows = left.map((t, i): SplitRow => {
    const proposed = suggested.tenders.find((s) => s.method === t.method)?.amount ?? 0;
    return {
      method: t.method,
      name: methodName(t.method),
      leftFen: t.amount,
      left: text.orders.splitLeft(formatFen(t.amount)),
      value: typed?.[i]?.value ?? fenToDecimal(proposed),
    };
  });
  return { key, amount, rows, assigned: assignedText(rows, amount) };
}

/** The split with one method's amount as the cashier typed it. */
export function typeSplitAmount(split: RefundSplit, method: string, value: string): RefundSplit {
  const rows = split.rows.map((row) => (row.method === method ? { ...row, value } : row));
  return { ...split, rows, assigned: assignedText(rows, split.amount) };
}

/**
 * The typed split as the refund's tenders, or why not in the UI's words: an amount that is not one
 * (the core's money parser), or a rule of the core's (checkRefundTenders) broken by the amounts.
 */
export function readSplit(order: Order, split: RefundSplit): Checked<Refund['tenders']> {
  const tenders: Refund['tenders'] = [];
  for (const row of split.rows) {
    let amount: Fen;
    try {
      amount = parseFen(row.value);
    } catch (error) {
      if (!(error instanceof MoneyParseError)) throw error;
      return {
        ok: false,
        error: {
          code: 'amount_invalid',
          message: text.orders.splitAmountInvalid(row.name, row.value.trim()),
        },
      };
    }
    if (amount > 0) tenders.push({ method: row.method, amount });
  }
  const checked = checkRefundTenders(order, split.amount, tenders);
  if (checked.ok) return checked;
  const { error } = checked;
  const row = split.rows.find((r) => r.method === error.method);
  const message =
    error.code === 'tender_exceeds' && row
      ? text.orders.splitExceeds(row.name, formatFen(row.leftFen))
      : error.code === 'tender_sum_mismatch'
        ? text.orders.splitSumMismatch(
            formatFen(sumFen(tenders.map((t) => t.amount))),
            formatFen(split.amount),
          )
        : describeError(error);
  return { ok: false, error: { code: error.code, message } };
}
