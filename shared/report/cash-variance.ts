// A drawer's variance (counted - expected) above a threshold needs a manager's approval: at the till
// when the shift closes, or later on the dashboard. Small shortfalls and overages pass as they are.
import { z } from 'zod';
import { formatFen, type Fen } from '../money';
import { epochMsSchema } from '../epoch-ms';
import type { StoreSettings } from '../settings';

import type { ShiftSummary } from '../shift-cash-book';

/** ¥10: a variance larger than this, either way, needs a manager's approval, unless the store sets its own. */
export const DEFAULT_VARIANCE_APPROVAL_FEN = 1000;

/** The store's threshold for a variance that needs an approval (its setting, else ¥10). */
export function cashVarianceApprovalFenOf(
  settings: Pick<StoreSettings, 'cashVarianceApprovalFen'>,
): Fen {
  return settings.cashVarianceApprovalFen ?? DEFAULT_VARIANCE_APPROVAL_FEN;
}

/** A manager's approval of a shift's variance given after the close (the dashboard). */
export const shiftApprovalSchema = z.object({
  shiftId: z.string().min(1).max(80),
  managerId: z.string().min(1).max(40),
  note: z.string().max(200),
  at: epochMsSchema,
});
export type ShiftApproval = z.infer<typeof shiftApprovalSchema>;

export function varianceNeedsApproval(variance: Fen | null, thresholdFen: Fen): boolean {
  return variance !== null && Math.abs(variance) > thresholdFen;
}

/** A shift as the report shows it: its cash, and whether its variance is approved. */
export interface ShiftRow extends ShiftSummary {
  needsApproval: boolean;
  /** Note of a manager's approval given on the dashboard ('' otherwise). */
  approvalNote: string;
}

/** Attaches approvals (from the till's close or given later) and what still needs one. */
export function shiftRows(
  summaries: readonly ShiftSummary[],
  approvals: readonly ShiftApproval[],
  thresholdFen: Fen,
): ShiftRow[] {
  const approvalOf = new Map(approvals.map((a) => [a.shiftId, a]));
  return summaries.map((summary) => {
    const later = approvalOf.get(summary.shiftId);
    const approvedBy = summary.approvedBy ?? later?.managerId ?? null;
    return {
      ...summary,
      approvedBy,
      approvalNote: later?.note ?? '',
      needsApproval: varianceNeedsApproval(summary.variance, thresholdFen) && approvedBy === null,
    };
  });
}

/**
 * A shift of a closed day that was still open at the close and closed after it: its row as the
 * server counts it now (approvals given since included), carried by the first open day after.
 */
export interface LateShiftClose extends ShiftRow {
  /** The closed business day the shift belongs to (the day it opened). */
  businessDay: string;
}

/** "shift s1 (c-1): ¥-12.00 over the ¥10.00 threshold": what a person reads about one. */
export function describeUnapprovedVariance(row: ShiftRow, thresholdFen: Fen): string {
  return `shift ${row.shiftId} (${row.staffId}): variance ${formatFen(row.variance ?? 0)} is beyond ±${formatFen(thresholdFen)} and not approved`;
}
