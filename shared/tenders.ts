// Tenders against an order's total: they cover it exactly, and only cash hands back change.
// Also the small result type the order rules share: business errors are returned, never thrown.
import { assertFen, formatFen, sumFen, type Fen } from './money';
import type { Tender, TenderMethod } from './order';

/** A broken business rule: a stable code for programs and a message for people that names what is wrong. */
export interface RuleError<Code extends string = string> {
  code: Code;
  message: string;
}
export type Checked<T, Code extends string = string> =
  { ok: true; value: T } | { ok: false; error: RuleError<Code> };

export function ruleError<Code extends string>(
  code: Code,
  message: string,
): { ok: false; error: RuleError<Code> } {
  return { ok: false, error: { code, message } };
}

export type CashTender = Extract<Tender, { method: 'cash' }>;

export type TenderErrorCode =
  | 'total_invalid'
  | 'amount_invalid'
  | 'several_cash'
  | 'cash_short'
  | 'change_wrong'
  | 'underpaid'
  | 'overpaid';

/** "tender 2 (wechat)": how messages point at one tender. */
function nameTender(tender: Tender, index: number): string {
  return `tender ${index + 1} (${tender.method})`;
}

/** What the tenders pay of the order: their amounts, never what was handed over. */
export function paidAmount(tenders: readonly Tender[]): Fen {
  let paid = 0;
  for (const tender of tenders) paid += tender.amount;
  return paid;
}

/** What is still to pay; zero once the tenders cover the total. */
export function amountDue(total: Fen, tenders: readonly Tender[]): Fen {
  return Math.max(0, total - paidAmount(tenders));
}

/** The change to hand back: only cash gives any. */
export function changeDue(tenders: readonly Tender[]): Fen {
  return sumFen(tenders.map((t) => (t.method === 'cash' ? t.change : 0)));
}

/** What each method took of the order; every method is present, zero when unused. */
export function amountsByMethod(tenders: readonly Tender[]): Record<TenderMethod, Fen> {
  const amounts = { cash: 0, wechat: 0, stored_value: 0 };
  for (const tender of tenders) amounts[tender.method] += tender.amount;
  return amounts;
}

/**
 * A cash tender that pays `amount` from the `tendered` notes, with the change worked out.
 * Throws RangeError when the notes do not cover the amount: use `cashTowards` for what a customer hands over.
 */
export function cashTender(amount: Fen, tendered: Fen): CashTender {
  assertFen(amount, 'cash amount');
  assertFen(tendered, 'cash tendered');
  if (tendered < amount)
    throw new RangeError(`cash tendered ${formatFen(tendered)} is less than ${formatFen(amount)}`);
  return { method: 'cash', amount, tendered, change: tendered - amount };
}

/**
 * The cash tender for what a customer hands over towards `due`: it pays all of `due` with change,
 * or, when short, pays what was handed over and leaves the rest for another method (a split).
 */
export function cashTowards(due: Fen, tendered: Fen): CashTender {
  return cashTender(Math.min(due, tendered), tendered);
}

/** Checks one tender on its own: a positive whole amount, and for cash consistent change. */
function checkOne(tender: Tender, index: number): Checked<Tender, TenderErrorCode> {
  const name = nameTender(tender, index);
  if (!Number.isSafeInteger(tender.amount) || tender.amount <= 0)
    return ruleError('amount_invalid', `${name}: amount must be whole fen above zero`);
  if (tender.method !== 'cash') return { ok: true, value: tender };
  if (!Number.isSafeInteger(tender.tendered) || tender.tendered < tender.amount)
    return ruleError(
      'cash_short',
      `${name}: tendered ${formatFen(tender.tendered)} is less than its amount ${formatFen(tender.amount)}`,
    );
  if (tender.change !== tender.tendered - tender.amount)
    return ruleError(
      'change_wrong',
      `${name}: change must be tendered - amount = ${formatFen(tender.tendered - tender.amount)}, not ${formatFen(tender.change)}`,
    );
  return { ok: true, value: tender };
}

/**
 * Checks tenders as the payment of `total`: each is valid, there is at most one cash tender and
 * together they pay exactly the total (cash over-tendering shows as change, not as amount).
 */
export function checkTenders(
  total: Fen,
  tenders: readonly Tender[],
): Checked<Tender[], TenderErrorCode> {
  if (!Number.isSafeInteger(total) || total < 0)
    return ruleError('total_invalid', `the total ${total} is not a whole, non-negative fen amount`);
  let cashCount = 0;
  for (let i = 0; i < tenders.length; i++) {
    const checked = checkOne(tenders[i], i);
    if (!checked.ok) return checked;
    if (tenders[i].method === 'cash' && ++cashCount > 1)
      return ruleError(
        'several_cash',
        `${nameTender(tenders[i], i)}: only one cash tender allowed`,
      );
  }
  const paid = paidAmount(tenders);
  if (paid < total)
    return ruleError(
      'underpaid',
      `tenders pay ${formatFen(paid)} of ${formatFen(total)}: ${formatFen(total - paid)} still due`,
    );
  if (paid > total)
    return ruleError(
      'overpaid',
      `tenders pay ${formatFen(paid)}, more than the total ${formatFen(total)}: only cash may exceed what is due, as change`,
    );
  return { ok: true, value: [...tenders] };
}

/**
 * Adds one tender to a split payment in progress: it may pay at most what is still due, and a
 * second cash tender is refused (change the first instead).
 */
export function addTender(
  total: Fen,
  tenders: readonly Tender[],
  next: Tender,
): Checked<Tender[], TenderErrorCode> {
  const checked = checkOne(next, tenders.length);
  if (!checked.ok) return checked;
  const name = nameTender(next, tenders.length);
  if (next.method === 'cash' && tenders.some((t) => t.method === 'cash'))
    return ruleError('several_cash', `${name}: there is already a cash tender; change it instead`);
  const due = amountDue(total, tenders);
  if (next.amount > due)
    return ruleError(
      'overpaid',
      `${name}: ${formatFen(next.amount)} is more than the ${formatFen(due)} still due`,
    );
  return { ok: true, value: [...tenders, next] };
}
