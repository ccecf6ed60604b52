// How a store is opened: where its files are, what a brand-new one holds, how often it checkpoints,
// and whom it tells of warnings, of a failure that stops it, and of every journal entry.
import type { StoreSettings } from '@pos/shared';
import type { JournalRecord, SeedData } from './state';

export interface StoreOptions {
  dataDir: string;
  now?: () => number;
  /** Settings of a brand-new store with no seed. */
  settings?: StoreSettings;
  /** Called once, for a brand-new store, to fill it (the demo store). */
  seed?: () => SeedData;
  /** How many recent changes to keep for devices resuming from a cursor. */
  feedCapacity?: number;
  /**
   * A checkpoint of the state is written once this many journal entries are not in the last one,
   * or this long after a change, whichever comes first: a restart replays at most that much.
   */
  checkpointIntervalMs?: number;
  checkpointEveryEntries?: number;
  journalSegmentBytes?: number;
  onWarning?: (message: string) => void;
  /**
   * Told once when the store stops taking changes (see `failure`; mostly a full or failing disk):
   * only a restart brings it back, so whoever runs the server must hear of it.
   */
  onFailure?: (failure: Error) => void;
  /**
   * Told of every journal entry: those read back at open, then each new one as it is recorded (with
   * the state already changed). For indexes of history the state does not keep (day-end reports).
   */
  onRecord?: (record: JournalRecord) => void;
}
