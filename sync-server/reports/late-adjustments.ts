// The days closed, and what reaches them late: an operation or a QR payment recorded after its day
// closed is a late adjustment, carried by the report of the first open day after that day.
import { addBusinessDays, type LateAdjustment } from '@pos/shared';
import type { DayClose } from './day-events';

export interface RecordedClose {
  /** The journal entry of the close: operations recorded after it are late for the day. */
  n: number;
  at: number;
  close: DayClose;
}

export class LateAdjustments {
  private readonly closes = new Map<string, RecordedClose>();
  /** Late operations and payments by the report that carries them. */
  private readonly late = new Map<string, LateAdjustment[]>();

  close(recorded: RecordedClose): void {
    this.closes.set(recorded.close.businessDay, recorded);
  }

  isClosed(day: string): boolean {
    return this.closes.has(day);
  }

  /** Something late for the closed `day`, carried by the first open day after it. */
  carry(day: string, adjustment: LateAdjustment): void {
    const carrier = this.firstOpenDayAfter(day);
    let list = this.late.get(carrier);
    if (!list) this.late.set(carrier, (list = []));
    list.push(adjustment);
  }

  closeOf(day: string): RecordedClose | undefined {
    return this.closes.get(day);
  }

  closedDays(): string[] {
    return [...this.closes.keys()].sort();
  }

  /** Late operations and payments carried by this day's report. */
  carriedBy(day: string): LateAdjustment[] {
    return this.late.get(day) ?? [];
  }

  /** Late operations and payments for this (closed) day, wherever they are carried. */
  forDay(day: string): LateAdjustment[] {
    return [...this.late.values()].flat().filter((a) => a.forDay === day);
  }

  private firstOpenDayAfter(day: string): string {
    let next = addBusinessDays(day, 1);
    while (this.closes.has(next)) next = addBusinessDays(next, 1);
    return next;
  }
}
