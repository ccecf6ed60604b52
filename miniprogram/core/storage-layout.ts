// The one place that names the client's storage keys and sizes. Everything lives under "pos.";
// growing collections are split into chunk keys "<prefix>.<n>" so one write stays small.

/** WeChat's limits: 10 MB per mini-program, 1 MB per key. */
export const WECHAT_QUOTA_BYTES = 10 * 1024 * 1024;
export const WECHAT_KEY_LIMIT_BYTES = 1024 * 1024;

/** A chunk is filled to about this much, so a sale rewrites ~64 KB, not a megabyte. */
export const CHUNK_TARGET_BYTES = 64 * 1024;
/**
 * No key is written larger than MAX_CHUNK_BYTES (UTF-8), and no record larger than MAX_RECORD_BYTES:
 * under half of WeChat's 1 MB per key, because Android counts UTF-16 units of its own serialisation
 * (two bytes for each ASCII character of our JSON) and some devices refuse entries near 512 KB.
 */
export const MAX_RECORD_BYTES = 384 * 1024;
/** A chunk grown past this by updates in place moves its record to a new chunk. */
export const MAX_CHUNK_BYTES = 480 * 1024;

/** From this share of the quota the UI warns, and acknowledged history is pruned harder. */
export const STORAGE_WARNING_RATIO = 0.8;
/** From this share no new sale may start; unsynced data is never dropped to make room. */
export const STORAGE_FULL_RATIO = 0.95;

/** Acknowledged orders are kept this many business days (today included), for reprints and refunds. */
export const HISTORY_DAYS = 2;
/** ...and within this share of the quota; the oldest go first, open orders stay. */
export const HISTORY_MAX_QUOTA_SHARE = 0.25;
/** Closed shifts kept locally once acknowledged... */
export const SHIFTS_KEPT = 10;
/** ...and within this many bytes, the newest first (the newest is kept whatever its size). */
export const CLOSED_SHIFTS_MAX_BYTES = MAX_CHUNK_BYTES;
/**
 * A shift is stored in parts of about this size (chunked table `shifts`): one open for weeks with
 * thousands of cash movements and top-ups takes many small records, never one key near the limit.
 */
export const SHIFT_PART_BYTES = 32 * 1024;

/** Changes from the server are written at most this often (a crash only replays them). */
export const REPLICA_PERSIST_DELAY_MS = 500;

/**
 * The format of the replica this build writes. Raise it whenever a server record the replica
 * stores gains a field: a build reads the server's changes with its own schemas, which drop fields
 * they do not know, and the server sends a record again only once it changes. A replica stored
 * under another format is fetched again whole (replica-format.ts).
 */
export const REPLICA_FORMAT = 1;
/**
 * The schemas of the server records the replica stores when REPLICA_FORMAT was last set, as
 * test/client/replica-format-guard.test.ts derives them: that test fails when they change, so
 * nobody adds a field without deciding whether the format must be raised.
 */
export const REPLICA_SCHEMAS_FINGERPRINT = 'b176d58072b90e5b';

const prefix = 'pos.';

export const storageKeys = {
  /** Device identity and token from pairing. */
  device: `${prefix}device`,
  /** Counters that must outlive pruning: last operation seq, order numbers per business day. */
  counters: `${prefix}counters`,
  /** The cart being rung up, so a restart keeps it. */
  cart: `${prefix}cart`,
  /** Signed-in staff and wrong-PIN lockout. */
  session: `${prefix}session`,
  /**
   * Acknowledged shift events as versions before the chunked `shifts` table wrote them, all in
   * this one key: read once and moved into the table.
   */
  shifts: `${prefix}shifts`,
  /** Store settings from the server. */
  settings: `${prefix}settings`,
  /** The change cursor: written after the replica it covers. */
  cursor: `${prefix}cursor`,
  /** The REPLICA_FORMAT the stored replica was written in: written after the cursor. */
  replicaFormat: `${prefix}replicaFormat`,
  /**
   * The server's records skipped as too large to store, with why: the cursor moves past them, so
   * they are named until they come again small enough, across a relaunch too.
   */
  skipped: `${prefix}skipped`,
  /** The receipt printer this device remembers (Bluetooth id, name, paper width). */
  printer: `${prefix}printer`,
  /** How far the device clock was from the store server's at the last welcome (server-clock.ts). */
  clock: `${prefix}clock`,
  /** When the device last synced for real, for the sync status after a relaunch (last-sync.ts). */
  lastSync: `${prefix}lastSync`,
} as const;

/** Chunked collections: key `${prefix}.${n}`. */
export const chunkPrefixes = {
  /** Operations not yet acknowledged by the server; a sale is committed by writing one of these. */
  outbox: `${prefix}outbox`,
  /** Acknowledged and other devices' orders: the short local history. */
  orders: `${prefix}orders`,
  products: `${prefix}products`,
  categories: `${prefix}categories`,
  stock: `${prefix}stock`,
  staff: `${prefix}staff`,
  members: `${prefix}members`,
  devices: `${prefix}devices`,
  /** Acknowledged shift events (the open shifts and the last few closed), in parts. */
  shifts: `${prefix}shifts`,
} as const;

export function isClientKey(key: string): boolean {
  return key.startsWith(prefix);
}
