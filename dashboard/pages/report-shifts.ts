// The Z-report's drawers: one row a shift with every term of its expected cash (so the manager
// sees why it is what it is), a totals row, and approving a variance above the threshold.
import { api, isSignedOut } from '../api';
import { clock, failure, h, panel, table, yuan, type Child } from '../dom';
import { zh } from '../i18n/zh';
import type { DayReportView } from '../types';

const t = zh.report;

type ZReport = DayReportView['report']['z'];
type Shift = ZReport['shifts'][number];

export interface ShiftsPanelOptions {
  /** The day is open: a variance that needs a manager can be approved here. */
  approvable: boolean;
  person: (staffId: string | null) => string;
  /** A variance was approved: the report is shown again. */
  approved: () => void;
}

/**
 * Approving a shift's variance with a note: here, and on the close page for the variances in the
 * way of the close (one of a shift that closed after its day did, too).
 */
export function approveVarianceButton(shiftId: string, approved: () => void): HTMLElement {
  const approve = async () => {
    const note = prompt(t.note);
    if (!note) return;
    let answer: { alreadyApproved?: boolean };
    try {
      const path = `/api/reports/shifts/${encodeURIComponent(shiftId)}/approve`;
      answer = await api<{ alreadyApproved?: boolean }>('POST', path, { note });
    } catch (error) {
      // Said to the manager (the day closed meanwhile...), not thrown to the console.
      if (!isSignedOut(error)) alert(failure(error));
      return;
    }
    // Another manager (or the till) approved it first: nothing was recorded again, and the page
    // reloads to show who did.
    if (answer.alreadyApproved) alert(t.alreadyApproved);
    approved();
  };
  return h('button', { onclick: approve, 'data-test': 'approve-variance' }, t.approve);
}

function shiftState(shift: Shift, options: ShiftsPanelOptions): HTMLElement | string {
  if (shift.counted === null) return h('span', { class: 'badge warn' }, t.shiftOpen);
  if (shift.needsApproval) {
    if (!options.approvable) return h('span', { class: 'badge bad' }, t.needsApproval);
    return approveVarianceButton(shift.shiftId, options.approved);
  }
  if (shift.approvedBy)
    return h('span', { class: 'badge ok' }, `${t.approved} ${options.person(shift.approvedBy)}`);
  return '';
}

export function shiftsPanel(z: ZReport, options: ShiftsPanelOptions): HTMLElement {
  const rows: Child[][] = z.shifts.map((s) => [
    s.shiftId,
    options.person(s.staffId),
    clock(s.openedAt),
    clock(s.closedAt),
    yuan(s.float),
    yuan(s.cashSales),
    yuan(s.cashRefunds),
    h('span', { 'data-test': 'shift-voids' }, yuan(s.cashVoids)),
    yuan(s.cashIn),
    yuan(s.cashOut),
    h('span', { 'data-test': 'shift-top-ups' }, yuan(s.cashTopUps)),
    h('span', { 'data-test': 'shift-expected' }, yuan(s.expected)),
    yuan(s.counted),
    yuan(s.variance),
    s.note || s.approvalNote,
    shiftState(s, options),
  ]);
  if (z.shifts.length > 1)
    rows.push([
      t.total,
      ...Array<string>(6).fill(''),
      yuan(z.cash.cashVoids),
      '',
      '',
      yuan(z.cash.cashTopUps),
      yuan(z.cash.expected),
      yuan(z.cash.counted),
      yuan(z.cash.variance),
      '',
      '',
    ]);
  return panel(
    t.shifts,
    table(
      [
        '',
        t.who,
        '开班',
        '交班',
        [t.float, 'num'],
        [t.cashSales, 'num'],
        [t.cashRefunds, 'num'],
        [t.cashVoids, 'num'],
        [t.cashIn, 'num'],
        [t.cashOut, 'num'],
        [t.cashTopUps, 'num'],
        [t.expected, 'num'],
        [t.counted, 'num'],
        [t.variance, 'num'],
        t.note,
        '',
      ],
      rows,
    ),
    z.shifts.length > 0 ? h('p', { class: 'muted' }, t.expectedIs) : null,
  );
}
