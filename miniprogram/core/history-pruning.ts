// Keeps the short order history within its budget (the days kept, fewer once storage is at the
// warning level): acknowledged orders only, never one the outbox or an open drawer still needs,
// and this device's order numbers written before any of its orders is dropped.
import { businessDayStartMs, shiftWindow, type BusinessDaySettings } from '@pos/shared';
import { orderSeqsOf, type DeviceCounters } from './counters';
import { historyBudget, historyPruneRule, type OrderHistory } from './order-history';
import type { Outbox } from './outbox';
import type { ShiftRecord } from './shift-log';
import type { StorageUsage } from './storage-usage';
import type { WriteProblems } from './write-problems';

export interface PruneSources {
  history: OrderHistory;
  outbox: Outbox;
  counters: DeviceCounters;
  writes: WriteProblems;
  usage: StorageUsage;
  today: string;
  settings: BusinessDaySettings;
  shifts: () => readonly ShiftRecord[];
  deviceId: string | undefined;
}

/** The ids of the orders dropped from the history (none when within budget or unwritable). */
export function pruneHistory(sources: PruneSources): string[] {
  const { history, outbox, counters, writes } = sources;
  const budget = historyBudget(sources.usage, sources.today);
  // Checked first: the full rule reads the whole outbox, the check only a few running totals.
  if (!history.exceeds(budget)) return [];
  const openDrawers = sources
    .shifts()
    .filter((shift) => shift.closed === null)
    .map((shift) => shiftWindow(shift.opened));
  const dayStartMs = (day: string) => businessDayStartMs(day, sources.settings);
  const dropped = history.pruneCandidates(
    historyPruneRule(budget, outbox.entries(), openDrawers, dayStartMs),
  );
  if (dropped.length === 0) return [];
  const own = dropped.filter((order) => order.deviceId === sources.deviceId);
  // The order numbers first: without them written, nothing of this device's is dropped.
  if (!writes.attempt('counters', () => counters.raise({ orderSeqs: orderSeqsOf(own) }))) return [];
  writes.attemptPart('history', () => history.drop(dropped));
  return dropped.map((order) => order.id);
}
