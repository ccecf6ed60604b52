// The device clock may stamp a change only while it is not behind the latest time this till has
// stamped one with: a date set back a week would hand out again the order numbers of days whose
// counters are gone (the server refuses the sale, the cash is in the drawer) and file sales on
// days long closed. NTP corrects seconds, hence a tolerance.
import { storeDateTime, type Checked, type Order, type RuleError } from '@pos/shared';
import { DAYS_KEPT, type DeviceCounters } from './counters';
import type { OutboxEntry } from './outbox';
import { CLOCK_SKEW_WARNING_MS, type ClockSkew } from './server-clock';

export const CLOCK_BEHIND_TOLERANCE_MS = 10 * 60_000;

/** The refusal while the clock is behind, with the time of the last change on the store's clock. */
export interface ClockBehindRefusal extends RuleError {
  code: 'clock_behind';
  /** '2026-11-22 09:30' on the store's wall clock. */
  lastAt: string;
}

/** The latest stamp that counts: the counters', or a newer one still in the outbox. */
export function latestStamp(
  counters: DeviceCounters,
  entries: readonly OutboxEntry[],
): number | null {
  let latest = counters.stampedAt;
  for (const { op } of entries)
    if (op.seq > counters.stampsAfterSeq && (latest === null || op.createdAt > latest))
      latest = op.createdAt;
  return latest;
}

/** The latest stamp when `now` is behind it past the tolerance; null when the clock may stamp. */
export function stampAhead(now: number, latest: number | null): number | null {
  return latest !== null && now < latest - CLOCK_BEHIND_TOLERANCE_MS ? latest : null;
}

/** Refused (ClockBehindRefusal) while `now` is behind the latest stamp past the tolerance. */
export function checkClock(
  now: number,
  latest: number | null,
  utcOffsetMinutes: number,
): Checked<null> {
  const ahead = stampAhead(now, latest);
  if (ahead === null) return { ok: true, value: null };
  const minute = (at: number) => storeDateTime(at, utcOffsetMinutes).slice(0, 16);
  const refusal: ClockBehindRefusal = {
    code: 'clock_behind',
    message: `the device clock says ${minute(now)}, before this till's last change at ${minute(ahead)}: set the tablet's date and time right, then try again`,
    lastAt: minute(ahead),
  };
  return { ok: false, error: refusal };
}

/**
 * Whether the stamps ahead of the clock were the mistake, not the clock: the store's server found
 * it right (a date set forward, sold on, then corrected). Not once a week of business days ahead
 * holds order numbers: the counters may then have let go of today's.
 */
export function serverVouches(
  skew: ClockSkew,
  ahead: number | null,
  orderDaysAhead: number,
): boolean {
  return (
    ahead !== null && Math.abs(skew.skewMs) <= CLOCK_SKEW_WARNING_MS && orderDaysAhead < DAYS_KEPT
  );
}

/**
 * The latest time this device made an order in the history: counters written before the stamp was
 * kept start from it, so a till is guarded from its first launch after the update.
 */
export function latestOwnOrderStamp(orders: readonly Order[], deviceId: string): number | null {
  let latest: number | null = null;
  for (const order of orders)
    if (order.deviceId === deviceId) latest = Math.max(latest ?? 0, order.createdAt);
  return latest;
}
