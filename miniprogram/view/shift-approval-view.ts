// A shift closed with a variance beyond the threshold: what the cashier and the manager read before
// the manager's PIN (expected, counted, the difference, why it needs approving), and after the
// close whether the variance was approved at the till or awaits a manager on the dashboard (also
// when the server dropped the till's approval, said with why). Pure.
import { formatFen, type ShiftSummary } from '@pos/shared';
import type { DroppedApproval } from '../core/shift-log';
import { describeError, text } from '../i18n/index';
import type { ClosingCheck } from '../stores/shift-store';
import { varianceView, type VarianceView } from './shift-view';

export interface VarianceApprovalView extends VarianceView {
  /** "差额超过 ±¥10.00，需要店长批准". */
  title: string;
}

/** The variance a manager is asked to approve before the shift closes. */
export function varianceApprovalView(check: ClosingCheck): VarianceApprovalView {
  return {
    ...varianceView(check.expected, check.counted),
    title: text.shift.varianceTooLarge(formatFen(check.thresholdFen)),
  };
}

export interface ClosedApprovalView {
  /**
   * approved: at the till; pending: a manager approves it later on the dashboard; dropped: the
   * server did not keep the till's approval, so it is pending too, and the cashier is told why.
   */
  tone: 'approved' | 'pending' | 'dropped';
  text: string;
}

/**
 * What the closed screen says of the variance's approval; null when it needed none. `awaits` is
 * the shift store's word (beyond the threshold, not approved); `managerName` names the approver;
 * `dropped` is the approval the server recorded the close without.
 */
export function closedApproval(
  summary: ShiftSummary,
  awaits: boolean,
  thresholdFen: number,
  managerName: (staffId: string) => string,
  dropped: DroppedApproval | null = null,
): ClosedApprovalView | null {
  if (dropped)
    return {
      tone: 'dropped',
      text: text.shift.approvalDropped(managerName(dropped.approvedBy), describeError(dropped)),
    };
  if (summary.approvedBy !== null)
    return { tone: 'approved', text: text.shift.varianceApproved(managerName(summary.approvedBy)) };
  if (awaits)
    return { tone: 'pending', text: text.shift.varianceAwaitsApproval(formatFen(thresholdFen)) };
  return null;
}
