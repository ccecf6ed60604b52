// Which build's schemas wrote the stored replica. A build keeps only the fields of the server's
// records that it knows, and the server sends a record again only once it changes: a replica stored
// under another format than this build's is fetched again whole, its cursor not trusted.
import type { KeyValueStorage } from '../adapters/storage';
import { jsonBytes } from './byte-size';
import { REPLICA_FORMAT, storageKeys } from './storage-layout';

/**
 * Stored at this fixed size, so a later build writing its number never needs more room: past 95%
 * (room-budget.ts) it still goes in once the snapshot it vouches for is written.
 */
const STORED_BYTES = 32;

/** The stored replica was written in this build's format; not when none is stored (older builds). */
export function storedFormatIsCurrent(storage: KeyValueStorage): boolean {
  const stored = storage.get(storageKeys.replicaFormat) as { format?: unknown } | null;
  // A newer number counts as another format too: WeChat lets a release be rolled back, and the
  // older build then stores the server's records without the fields it does not know.
  return stored?.format === REPLICA_FORMAT;
}

/** The stored value for `format`, padded to its fixed size. */
export function replicaFormatRecord(format = REPLICA_FORMAT): { format: number; pad: string } {
  return { format, pad: ' '.repeat(Math.max(0, STORED_BYTES - jsonBytes({ format, pad: '' }))) };
}
