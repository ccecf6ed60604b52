// Store events of the day end, made by the server: a business day closed (its report frozen in
// the event itself) and a shift's variance approved after the close. The journal keeps them; the
// day book (day-book.ts) indexes them, so the state and the devices see no change.
import type { CloseBlocker, DayReport, ShiftApproval, ZReport } from '@pos/shared';
import type { EventResult } from '../store/apply-event';

export interface DayClose {
  businessDay: string;
  closedBy: string;
  note: string;
  /** What stood in the way and the manager closed despite (empty when nothing did). */
  overridden: CloseBlocker[];
  /** The report as it stood at the close: what the day's report shows from then on. */
  report: DayReport;
  /** The Z-report of each device and each cashier of the day, frozen with it. */
  scoped: ZReport[];
}

export type DayEndEvent =
  { kind: 'day.closed'; close: DayClose } | { kind: 'shift.approved'; approval: ShiftApproval };

/** Nothing in the state changes: the close lives in the journal and the day book. */
export function applyDayEndEvent(_event: DayEndEvent): EventResult {
  return { changes: [] };
}
