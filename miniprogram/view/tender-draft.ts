// The checkout screen's payment in progress: tenders taken so far against the total, what is still
// due, the change, and the quick cash amounts to offer. Pure; the rules are the core's.
import {
  addTender,
  amountDue,
  cashTowards,
  changeDue,
  formatFen,
  type Checked,
  type Fen,
  type Tender,
} from '@pos/shared';
import { text } from '../i18n/index';

export interface QuickAmount {
  fen: Fen;
  label: string;
}

/** Notes a customer is likely to hand over for `due`: exact, then the next 10, 50 and 100 yuan. */
export function quickCashAmounts(due: Fen): QuickAmount[] {
  if (due <= 0) return [];
  const amounts = [due];
  for (const step of [1000, 5000, 10000]) {
    const next = Math.ceil(due / step) * step;
    if (!amounts.includes(next)) amounts.push(next);
  }
  return amounts.map((fen, i) => ({ fen, label: i === 0 ? text.checkout.exact : formatFen(fen) }));
}

/** Adds what the customer handed over in cash towards what is due (short cash leaves a split). */
export function takeCash(total: Fen, tenders: readonly Tender[], tendered: Fen): Checked<Tender[]> {
  return addTender(total, tenders, cashTowards(amountDue(total, tenders), tendered));
}

/** The member's stored value towards what is due, as much as the balance covers. */
export function takeStoredValue(
  total: Fen,
  tenders: readonly Tender[],
  member: { id: string; balance: Fen },
): Checked<Tender[]> {
  const amount = Math.min(member.balance, amountDue(total, tenders));
  return addTender(total, tenders, { method: 'stored_value', amount, memberId: member.id });
}

export interface TenderRow {
  method: string;
  amount: string;
  detail: string;
}

export interface PaymentView {
  due: string;
  dueFen: Fen;
  paid: string;
  change: string;
  changeFen: Fen;
  rows: TenderRow[];
  complete: boolean;
}

export function paymentView(total: Fen, tenders: readonly Tender[]): PaymentView {
  const dueFen = amountDue(total, tenders);
  const changeFen = changeDue(tenders);
  const paidFen = tenders.reduce((sum, t) => sum + t.amount, 0);
  return {
    due: formatFen(dueFen),
    dueFen,
    paid: formatFen(paidFen),
    change: formatFen(changeFen),
    changeFen,
    rows: tenders.map((tender) => ({
      method:
        tender.method === 'cash'
          ? text.checkout.cash
          : tender.method === 'wechat'
            ? text.checkout.wechat
            : text.checkout.storedValue,
      amount: formatFen(tender.amount),
      detail:
        tender.method === 'cash' && tender.change > 0
          ? `${text.checkout.cashReceived} ${formatFen(tender.tendered)}，${text.checkout.change} ${formatFen(tender.change)}`
          : '',
    })),
    complete: total > 0 ? dueFen === 0 && tenders.length > 0 : true,
  };
}
