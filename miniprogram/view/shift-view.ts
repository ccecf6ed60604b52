// What the shift screen shows, from the shift store's summary: the drawer's flows, and the
// closing count by denomination with what it adds up to against the expected cash. Pure.
import {
  countedTotal,
  denominations,
  formatFen,
  storeClockTime,
  type CashCount,
  type Fen,
  type ShiftSummary,
} from '@pos/shared';
import { text } from '../i18n/index';
import type { PrintResult } from '../stores/printer-store';

export interface ShiftFlowsView {
  openedAt: string;
  float: string;
  cashSales: string;
  cashRefunds: string;
  /** Cash handed back for voids; null when there was none (the row is left out). */
  cashVoids: string | null;
  cashIn: string;
  cashOut: string;
  /** Cash paid for stored value; null when there was none (the row is left out). */
  cashTopUps: string | null;
  expected: string;
  expectedFen: Fen;
}

export interface DenominationRow {
  denomination: number;
  label: string;
  count: number;
  subtotal: string;
}

export interface VarianceView {
  expected: string;
  counted: string;
  variance: string;
  /** over: more cash than expected; short: less. */
  tone: 'over' | 'short' | 'even';
}

/**
 * One line per shift whose close the server refused (shift store's `reopened`): open again, maybe
 * behind the shift at work, so the page says so rather than hide it.
 */
export function reopenedNotices(
  reopened: readonly { opened: { at: number } }[],
  utcOffsetMinutes: number,
): string[] {
  return reopened.map((shift) =>
    text.shift.reopened(storeClockTime(shift.opened.at, utcOffsetMinutes)),
  );
}

export function shiftFlows(
  summary: ShiftSummary | null,
  utcOffsetMinutes: number,
): ShiftFlowsView | null {
  if (!summary) return null;
  return {
    openedAt: text.shift.openedBy(storeClockTime(summary.openedAt, utcOffsetMinutes)),
    float: formatFen(summary.float),
    cashSales: formatFen(summary.cashSales),
    cashRefunds: formatFen(summary.cashRefunds),
    cashVoids: summary.cashVoids > 0 ? formatFen(summary.cashVoids) : null,
    cashIn: formatFen(summary.cashIn),
    cashOut: formatFen(summary.cashOut),
    cashTopUps: summary.cashTopUps > 0 ? formatFen(summary.cashTopUps) : null,
    expected: formatFen(summary.expected),
    expectedFen: summary.expected,
  };
}

/** Counts by denomination, largest first, as the shift store takes them. */
export type Counts = Record<string, number>;

export function cashCount(counts: Counts): CashCount {
  return denominations.map((denomination) => ({
    denomination,
    count: counts[String(denomination)] ?? 0,
  }));
}

export function denominationRows(counts: Counts): DenominationRow[] {
  return cashCount(counts).map(({ denomination, count }) => ({
    denomination,
    label: formatFen(denomination),
    count,
    subtotal: formatFen(denomination * count),
  }));
}

export function varianceView(expected: Fen, counted: Fen): VarianceView {
  const difference = counted - expected;
  const tone = difference > 0 ? 'over' : difference < 0 ? 'short' : 'even';
  return {
    expected: formatFen(expected),
    counted: formatFen(counted),
    variance:
      tone === 'even'
        ? text.shift.even
        : `${tone === 'over' ? text.shift.over : text.shift.short} ${formatFen(Math.abs(difference))}`,
    tone,
  };
}

/** The count so far against the open shift's expected cash. */
export function countPreview(expected: Fen, counts: Counts): VarianceView {
  return varianceView(expected, countedTotal(cashCount(counts)));
}

/** A closed shift's result, as the store summarised it. */
export function closedView(summary: ShiftSummary): VarianceView {
  return varianceView(summary.expected, summary.counted ?? 0);
}

/** What the cashier reads after opening the drawer: kicked open, or open it by hand (no printer). */
export function drawerNotice(kick: PrintResult | null): string {
  if (kick === null || (!kick.ok && kick.problem === 'no_printer'))
    return text.shift.drawerNoPrinter;
  return kick.ok ? text.shift.drawerOpened : text.shift.drawerKickFailed(kick.message);
}
