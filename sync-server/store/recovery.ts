// Opening the store's files: the lowdb checkpoint, then the journal. Entries the checkpoint
// covers rebuild the history (orders, trades, the exactly-once index, recent changes); entries
// after it are replayed through the same fold. A checkpoint ahead of its journal stops the start.
// The same read, beside the open store, rebuilds its state after a change the fold failed on.
import path from 'node:path';
import { Low } from 'lowdb';
import { defaultStoreSettings, type StoreSettings } from '@pos/shared';
import { applyEvent, indexSkus, type ApplyContext } from './apply-event';
import { ChangeFeed } from './change-feed';
import { DurableJsonFile } from './durable-json-file';
import { CorruptDataError } from './errors';
import { Journal } from './journal';
import { decodeRecord } from './journal-json';
import { OrderBook } from './order-book';
import { noteCoveredRecord, TradeBook } from './trade-book';
import {
  emptyState,
  journalRecordSchema,
  stateSchema,
  type JournalRecord,
  type OpOutcome,
  type RefusalError,
  type StoreState,
} from './state';

/** What the store remembers of each operation it received: enough to answer a resend the same. */
export interface OpRecord {
  hash: string;
  outcome: OpOutcome;
  /** The approval it was recorded without (StoreEvent's `approvalDropped`). */
  approvalDropped?: RefusalError;
}

export interface RecoveryOptions {
  dataDir: string;
  settings?: StoreSettings;
  feedCapacity?: number;
  journalSegmentBytes?: number;
  onWarning?: (message: string) => void;
  /** Told of every journal entry read back, in order (indexes kept outside the state, such as reports). */
  onRecord?: (record: JournalRecord) => void;
}

export interface Recovered {
  db: Low<StoreState>;
  journal: Journal<JournalRecord>;
  ctx: ApplyContext;
  feed: ChangeFeed;
  ops: Map<string, OpRecord>;
}

export async function recoverStore(options: RecoveryOptions): Promise<Recovered> {
  const { db, ctx, replay } = await readCheckpoint(options);
  const feed = new ChangeFeed(options.feedCapacity ?? 10_000);
  const ops = new Map<string, OpRecord>();
  const journal = await Journal.open<JournalRecord>(
    path.join(options.dataDir, 'journal'),
    (entry) => {
      const record = replay.entry(entry);
      if (record.event.kind === 'op')
        ops.set(record.event.op.id, {
          hash: record.event.hash,
          outcome: record.outcome!,
          approvalDropped: record.event.approvalDropped,
        });
      feed.push(record.changes);
      options.onRecord?.(record);
    },
    {
      segmentBytes: options.journalSegmentBytes,
      onTornTail: (file, bytes) =>
        options.onWarning?.(`dropped a torn last line (${bytes} bytes) of ${file}`),
    },
  );
  const problem = replay.problem(journal.lastN);
  if (problem) {
    await journal.close();
    throw problem;
  }
  return { db, journal, ctx, feed, ops };
}

/**
 * The state and order book exactly as the files have them, read beside the open store: for a store
 * whose memory a failed change may have left half-changed. The journal must be flushed first.
 */
export async function rebuildContext(
  options: Pick<RecoveryOptions, 'dataDir' | 'settings'>,
): Promise<ApplyContext> {
  const { ctx, replay } = await readCheckpoint(options);
  const lastN = await Journal.read<JournalRecord>(path.join(options.dataDir, 'journal'), (entry) =>
    replay.entry(entry),
  );
  const problem = replay.problem(lastN);
  if (problem) throw problem;
  return ctx;
}

/** Reads the checkpoint and makes the fold that brings it up to each journal entry read after it. */
async function readCheckpoint(options: Pick<RecoveryOptions, 'dataDir' | 'settings'>) {
  const statePath = path.join(options.dataDir, 'state.json');
  const db = new Low<StoreState>(
    new DurableJsonFile(statePath, (data) => stateSchema.parse(data)),
    emptyState(options.settings ?? defaultStoreSettings),
  );
  await db.read();
  const state = db.data;
  const ctx: ApplyContext = {
    state,
    orders: new OrderBook(),
    skuProducts: indexSkus(state.products),
    trades: new TradeBook(),
  };
  const checkpointN = state.journalN;
  let sawCheckpoint = checkpointN === 0;
  const replay = {
    /**
     * Entries the checkpoint covers rebuild only the history (order book, trades); later ones go
     * through the fold.
     */
    entry(entry: unknown): JournalRecord {
      const record = journalRecordSchema.parse(decodeRecord(entry)) as unknown as JournalRecord;
      if (record.n <= checkpointN) {
        for (const change of record.changes)
          if (change.kind === 'order') ctx.orders.put(change.order);
        noteCoveredRecord(ctx.trades, record);
        if (record.n === checkpointN) sawCheckpoint = true;
      } else {
        applyEvent(ctx, record.event, record.at);
        state.journalN = record.n;
        if (record.changes.length > 0)
          state.nextCursor = record.changes[record.changes.length - 1].cursor + 1;
      }
      return record;
    },
    /** Why the files cannot be used, once the journal is read to `lastN`; null when they can. */
    problem(lastN: number): CorruptDataError | null {
      if (sawCheckpoint && lastN >= checkpointN) return null;
      return new CorruptDataError(
        statePath,
        `it covers journal entry ${checkpointN} but the journal ends at ${lastN}`,
      );
    },
  };
  return { db, ctx, replay };
}
