// Closing a business day: what stands in the way (devices that may hold unsynced operations, missing
// operations or orders, open shifts, unapproved variances, QR payments the customer may still pay),
// refused unless a manager overrides with a note.
import { z } from 'zod';
import { formatFen, type Fen } from '../money';
import { describeUnapprovedVariance, type ShiftRow } from './cash-variance';
import type { CompletenessProblem } from './completeness';
import type { DayReport, PendingPayment } from './day-report';
import { ruleError, type Checked } from '../tenders';

export const closeDayRequestSchema = z.object({
  /** Closing despite what stands in the way; then the note must say why. */
  override: z.boolean().default(false),
  note: z.string().trim().max(500).default(''),
});
export type CloseDayRequest = z.infer<typeof closeDayRequestSchema>;

export type CloseBlockerCode =
  | 'device_unsynced'
  | 'operations_missing'
  | 'orders_missing'
  | 'shift_open'
  | 'variance_unapproved'
  | 'payment_pending';

/**
 * One thing in the way, with what a screen needs to say it in its own words (`message` is the
 * server's English). `device` or `shift` are absent in closes recorded before they were kept.
 */
export interface CloseBlocker {
  code: CloseBlockerCode;
  message: string;
  /** The device of an unsynced or missing-data problem, and the problem. */
  device?: { code: string; name: string; problem: CompletenessProblem };
  /**
   * The shift still open, or whose variance is unapproved, and the threshold of approval;
   * `businessDay` names the closed day of a shift closed after its day's close.
   */
  shift?: Pick<ShiftRow, 'shiftId' | 'staffId' | 'expected' | 'counted' | 'variance'> & {
    approvalFen: Fen;
    businessDay?: string;
  };
  /** The QR payment still waiting for the customer, or for WeChat Pay to be reached. */
  payment?: Pick<
    PendingPayment,
    'reference' | 'orderNo' | 'amount' | 'createdAt' | 'status' | 'problem'
  >;
}

function describeProblem(name: string, problem: CompletenessProblem): CloseBlocker {
  switch (problem.kind) {
    case 'unsynced':
      return {
        code: 'device_unsynced',
        message: problem.pushing
          ? `${name} is still sending operations it made offline (last received so far #${problem.lastSeq}): wait for it to finish`
          : `${name} may hold unsynced operations (no word from it since before the day's end that it has none; last operation received #${problem.lastSeq})${problem.revoked ? '; it is revoked and cannot send them' : ''}`,
      };
    case 'missing_operations':
      return {
        code: 'operations_missing',
        message: `${name} is missing operations #${problem.from}${problem.to > problem.from ? `-#${problem.to}` : ''}`,
      };
    case 'missing_orders':
      return {
        code: 'orders_missing',
        message: `${name} is missing orders ${problem.orderNos.slice(0, 10).join(', ')}${problem.orderNos.length > 10 ? ` and ${problem.orderNos.length - 10} more` : ''}`,
      };
  }
}

/** Everything that makes the day's numbers not yet final or not yet reconciled. */
export function closeBlockers(report: DayReport): CloseBlocker[] {
  const blockers: CloseBlocker[] = [];
  for (const { code, name, problems } of report.completeness.devices)
    for (const problem of problems)
      blockers.push({
        ...describeProblem(`${code} (${name})`, problem),
        device: { code, name, problem },
      });
  const { z: zReport } = report;
  const approvalFen = zReport.cash.varianceApprovalFen;
  for (const row of zReport.shifts) {
    const { shiftId, staffId, expected, counted, variance } = row;
    const shift = { shiftId, staffId, expected, counted, variance, approvalFen };
    if (counted === null)
      blockers.push({
        code: 'shift_open',
        message: `shift ${shiftId} (${staffId}) is still open: expected ${formatFen(expected)} not counted`,
        shift,
      });
    else if (row.needsApproval)
      blockers.push({
        code: 'variance_unapproved',
        message: describeUnapprovedVariance(row, approvalFen),
        shift,
      });
  }
  // A shift its day's close left open, counted since: nobody else will ever ask for its approval.
  for (const row of report.lateShiftCloses ?? []) {
    if (!row.needsApproval) continue;
    const { shiftId, staffId, expected, counted, variance, businessDay } = row;
    blockers.push({
      code: 'variance_unapproved',
      message: `${describeUnapprovedVariance(row, approvalFen)} (closed after its business day ${businessDay} was closed)`,
      shift: { shiftId, staffId, expected, counted, variance, approvalFen, businessDay },
    });
  }
  // Paid after the close, it would be carried to the next open day as a late adjustment and the
  // frozen report would list its order open: better to wait the few minutes the QR lives.
  for (const { reference, orderNo, amount, createdAt, status, problem } of report.wechat
    .pendingList) {
    if (status === 'paid_not_recorded') continue;
    const what = `WeChat payment ${reference} of ${formatFen(amount)} for ${orderNo ?? 'an order'}`;
    blockers.push({
      code: 'payment_pending',
      message:
        status === 'pending_verification'
          ? `${what} could not be checked with WeChat Pay (${problem ?? 'no answer'}): the customer may have paid it`
          : `${what} is waiting for the customer, who may still pay it: wait until it is paid or its QR expires, or cancel the QR at the till`,
      payment: { reference, orderNo, amount, createdAt, status: status ?? 'pending', problem },
    });
  }
  return blockers;
}

/**
 * Whether the day may close: nothing stands in the way, or the manager overrides with a note. The
 * value lists what was overridden, kept with the close.
 */
export function checkDayClose(
  report: DayReport,
  request: CloseDayRequest,
  alreadyClosed: boolean,
): Checked<CloseBlocker[], 'already_closed' | 'not_final' | 'note_required'> {
  if (alreadyClosed)
    return ruleError('already_closed', `business day ${report.businessDay} is already closed`);
  const blockers = closeBlockers(report);
  if (blockers.length === 0) return { ok: true, value: [] };
  if (!request.override)
    return ruleError(
      'not_final',
      `business day ${report.businessDay} cannot close yet: ${blockers.map((b) => b.message).join('; ')}. Close anyway only with a note saying why.`,
    );
  if (request.note === '')
    return ruleError('note_required', 'closing despite missing data needs a note saying why');
  return { ok: true, value: blockers };
}
