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
 * Stages a record unless the table already holds the same. One too large to store is skipped, not
 * thrown: the rest of its frame or snapshot must still apply (a new till would otherwise never
 * pair). Its stale copy goes too, so the till does not sell at a price the store has left.
 */
export function stageChanged<T>(
  target: ChunkedTable<T>,
  id: string,
  record: T,
  tooLarge: SkippedRecords,
): void {
  const known = target.get(id);
  const key = `${target.prefix}:${id}`;
  if (known !== undefined && JSON.stringify(known) === JSON.stringify(record)) return;
  try {
    target.stage(record);
    tooLarge.delete(key);
  } catch (error) {
    if (!(error instanceof RecordTooLargeError)) throw error;
    target.unstage(id);
    tooLarge.set(key, `${target.prefix} ${error.message}: not stored on this device`);
  }
}

/** Makes a table hold exactly `records`. */
export function replaceAll<T>(
  target: ChunkedTable<T>,
  records: T[],
  idOf: (record: T) => string,
  tooLarge: SkippedRecords,
): void {
  const keep = new Set(records.map(idOf));
  for (const key of tooLarge.keys()) if (key.startsWith(`${target.prefix}:`)) tooLarge.delete(key);
  for (const record of target.values()) if (!keep.has(idOf(record))) target.unstage(idOf(record));
  for (const record of records) stageChanged(target, idOf(record), record, tooLarge);
}

/** What the replica does with each of its tables alike. */
export type TablePart = Pick<
  ChunkedTable<never>,
  'load' | 'flush' | 'hasUnflushed' | 'clear' | 'problems'
>;
