// The replica's tables of the server's records: the schemas the replica reads them with, and how a
// record from the server is staged into its table (one too large to store is skipped, not thrown).
import {
  categorySchema,
  deviceInfoSchema,
  memberSchema,
  productSchema,
  staffSchema,
  stockLevelSchema,
  storeSettingsSchema,
} from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import { ChunkedTable, RecordTooLargeError } from './chunked-table';
import type { UnreadableRecord } from './server-frame';
import type { SkippedRecords } from './skipped-records';

/**
 * The schemas the replica reads the server's records with, when they arrive and from storage. A
 * field added to one needs a new REPLICA_FORMAT (storage-layout.ts).
 */
export const replicaSchemas = {
  settings: storeSettingsSchema,
  categories: categorySchema,
  products: productSchema,
  stock: stockLevelSchema,
  staff: staffSchema,
  members: memberSchema,
  devices: deviceInfoSchema,
};

interface SchemaLike<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** A table of the server's records, each read back from storage with `schema`. */
export function tableOf<T>(
  storage: KeyValueStorage,
  prefix: string,
  schema: SchemaLike<T>,
  idOf: (record: T) => string,
): ChunkedTable<T> {
  return new ChunkedTable<T>({
    storage,
    prefix,
    idOf,
    parse: (raw) => {
      const parsed = schema.safeParse(raw);
      return parsed.success ? parsed.data : null;
    },
  });
}

/**
 * Stages a record unless the table already holds the same, and lets go of its name among the
 * skipped. One too large to store is skipped, not thrown: the rest of its frame or snapshot must
 * still apply (a new till would otherwise never pair). Its stale copy goes too, so the till does
 * not sell at a price the store has left.
 */
export function stageChanged<T>(
  target: ChunkedTable<T>,
  id: string,
  record: T,
  skipped: SkippedRecords,
): void {
  const known = target.get(id);
  const key = skippedKey(target.prefix, id);
  if (known !== undefined && JSON.stringify(known) === JSON.stringify(record)) return;
  try {
    target.stage(record);
    skipped.delete(key);
  } catch (error) {
    if (!(error instanceof RecordTooLargeError)) throw error;
    target.unstage(id);
    skipped.set(key, `${target.prefix} ${error.message}: not stored on this device`);
  }
}

/** The key a skipped record is named under: its table's prefix (or name) and its id. */
export function skippedKey(table: string, id: string | null): string {
  return `${table}:${id ?? ''}`;
}

/**
 * Names a record of the server's this build could not read, and lets its stale copy go (as for one
 * too large): the cursor moves past it, and a till must not go on with what the store has changed.
 * Named until it comes again readable, or a snapshot replaces everything.
 */
export function skipUnreadable(
  record: UnreadableRecord,
  target: SkippableTable | undefined,
  skipped: SkippedRecords,
): void {
  if (target && record.id !== null) target.unstage(record.id);
  const what = record.id === null ? `${record.table} (no id)` : `${record.table} ${record.id}`;
  skipped.set(
    skippedKey(target?.prefix ?? record.table, record.id),
    `${what} could not be read (${record.reason}): not stored on this device`,
  );
}

/**
 * Makes a table hold exactly `records`. The names skipped before are the caller's to let go
 * (Replica.applySnapshot clears them all, whatever table they were for).
 */
export function replaceAll<T>(
  target: ChunkedTable<T>,
  records: T[],
  idOf: (record: T) => string,
  skipped: SkippedRecords,
): void {
  const keep = new Set(records.map(idOf));
  for (const record of target.values()) if (!keep.has(idOf(record))) target.unstage(idOf(record));
  for (const record of records) stageChanged(target, idOf(record), record, skipped);
}

/** What skipping a record does with its table. */
export type SkippableTable = Pick<ChunkedTable<never>, 'prefix' | 'unstage'>;

/** What the replica does with each of its tables alike. */
export type TablePart = Pick<
  ChunkedTable<never>,
  'load' | 'flush' | 'hasUnflushed' | 'clear' | 'problems'
>;
