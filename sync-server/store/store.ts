// The embedded store: the journal (source of truth, group-committed, fsync'd) plus the current
// state checkpointed through lowdb. Handlers receive a Store; nothing imports one as a global.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Low } from 'lowdb';
import {
  defaultStoreSettings,
  type AckResult,
  type Change,
  type DeviceInfo,
  type Member,
  type Operation,
  type Order,
  type Snapshot,
  type StoreSettings,
} from '@pos/shared';
import { applyEvent, indexSkus, type ApplyContext } from './apply-event';
import { ChangeFeed } from './change-feed';
import { DurableJsonFile } from './durable-json-file';
import { CorruptDataError } from './errors';
import { lockDataDirectory } from './data-lock';
import { Journal } from './journal';
import { OrderBook } from './order-book';
import {
  deviceInfo,
  emptyState,
  journalRecordSchema,
  stateSchema,
  type DeviceRecord,
  type JournalRecord,
  type OpOutcome,
  type SeedData,
  type StoreEvent,
  type StoreState,
} from './state';

/** A device may skip sequence numbers (lost data), but not jump absurdly far. */
export const MAX_SEQUENCE_JUMP = 10_000;

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
}

export type ChangeListener = (changes: Change[]) => void;

interface OpRecord {
  hash: string;
  outcome: OpOutcome;
}

export function hashOperation(op: Operation): string {
  return createHash('sha256').update(JSON.stringify(op)).digest('hex');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class Store {
  private readonly ops = new Map<string, OpRecord>();
  private readonly feed: ChangeFeed;
  private readonly listeners = new Set<ChangeListener>();
  /** Changes made but not yet durable: delivered, in order, once their journal entry is on disk. */
  private undelivered: Array<{ n: number; changes: Change[] }> = [];
  private checkpointedN: number;
  private lastCheckpointAt = 0;
  private checkpointing: Promise<void> | null = null;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private unannounced: Change[] = [];
  private closed = false;

  private constructor(
    private readonly db: Low<StoreState>,
    private readonly journal: Journal<JournalRecord>,
    private readonly ctx: ApplyContext,
    feed: ChangeFeed,
    private readonly unlock: () => Promise<void>,
    private readonly options: Required<
      Pick<StoreOptions, 'now' | 'checkpointIntervalMs' | 'checkpointEveryEntries'>
    > &
      Pick<StoreOptions, 'onWarning'>,
  ) {
    this.feed = feed;
    this.checkpointedN = ctx.state.journalN;
  }

  /** Opens (or creates) the store in `dataDir`, recovering from the journal what the checkpoint lacks. */
  static async open(options: StoreOptions): Promise<Store> {
    const now = options.now ?? Date.now;
    const unlock = await lockDataDirectory(options.dataDir);
    try {
      return await Store.recover(options, now, unlock);
    } catch (error) {
      await unlock();
      throw error;
    }
  }

  private static async recover(
    options: StoreOptions,
    now: () => number,
    unlock: () => Promise<void>,
  ): Promise<Store> {
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
    };
    const feed = new ChangeFeed(options.feedCapacity ?? 10_000);
    const ops = new Map<string, OpRecord>();
    const checkpointN = state.journalN;
    let sawCheckpoint = checkpointN === 0;

    const journal = await Journal.open<JournalRecord>(
      path.join(options.dataDir, 'journal'),
      (entry) => {
        const record = journalRecordSchema.parse(entry) as unknown as JournalRecord;
        if (record.event.kind === 'op')
          ops.set(record.event.op.id, { hash: record.event.hash, outcome: record.outcome! });
        if (record.n <= checkpointN) {
          // Already in the checkpoint: only the history (orders, recent changes) is rebuilt.
          for (const change of record.changes)
            if (change.kind === 'order') ctx.orders.put(change.order);
          if (record.n === checkpointN) sawCheckpoint = true;
        } else {
          applyEvent(ctx, record.event, record.at);
          state.journalN = record.n;
          if (record.changes.length > 0)
            state.nextCursor = record.changes[record.changes.length - 1].cursor + 1;
        }
        feed.push(record.changes);
      },
      {
        segmentBytes: options.journalSegmentBytes,
        onTornTail: (file, bytes) =>
          options.onWarning?.(`dropped a torn last line (${bytes} bytes) of ${file}`),
      },
    );
    if (!sawCheckpoint || journal.lastN < checkpointN) {
      await journal.close();
      throw new CorruptDataError(
        statePath,
        `it covers journal entry ${checkpointN} but the journal ends at ${journal.lastN}`,
      );
    }
    const store = new Store(db, journal, ctx, feed, unlock, {
      now,
      checkpointIntervalMs: options.checkpointIntervalMs ?? 30_000,
      checkpointEveryEntries: options.checkpointEveryEntries ?? 1000,
      onWarning: options.onWarning,
    });
    for (const [id, record] of ops) store.ops.set(id, record);
    if (journal.lastN === 0 && options.seed)
      await store.commit({ kind: 'seed', seed: options.seed() });
    return store;
  }

  // Reads. The state is trusted inside: everything in it passed the schemas on the way in.

  get settings(): StoreSettings {
    return this.ctx.state.settings;
  }

  get cursor(): number {
    return this.feed.latestCursor;
  }

  get state(): Readonly<StoreState> {
    return this.ctx.state;
  }

  get orderCount(): number {
    return this.ctx.orders.size;
  }

  device(id: string): DeviceRecord | undefined {
    return this.ctx.state.devices[id];
  }

  deviceByToken(token: string): DeviceRecord | undefined {
    const hash = hashToken(token);
    return Object.values(this.ctx.state.devices).find((device) => device.tokenHash === hash);
  }

  devices(): DeviceInfo[] {
    return Object.values(this.ctx.state.devices).map(deviceInfo);
  }

  order(id: string): Order | undefined {
    return this.ctx.orders.get(id);
  }

  ordersOfDay(businessDay: string): Order[] {
    return this.ctx.orders.ofDay(businessDay).sort((a, b) => a.createdAt - b.createdAt);
  }

  memberByPhone(phone: string): Member | undefined {
    return Object.values(this.ctx.state.members).find((member) => member.phone === phone);
  }

  /** Changes after `cursor`, or null when the device must start over from a snapshot. */
  changesSince(cursor: number): Change[] | null {
    return this.feed.since(cursor);
  }

  /** Everything a device needs, at the cursor of the last durable change. */
  async snapshot(businessDay: string): Promise<{ snapshot: Snapshot; cursor: number }> {
    while (this.journal.lastDurableN < this.journal.lastN) await this.journal.flush();
    const { state } = this.ctx;
    const orders = new Map<string, Order>();
    for (const order of [...this.ctx.orders.ofDay(businessDay), ...this.ctx.orders.open()])
      orders.set(order.id, order);
    return {
      cursor: this.feed.latestCursor,
      snapshot: {
        settings: state.settings,
        categories: Object.values(state.categories),
        products: Object.values(state.products),
        stock: Object.entries(state.stock).map(([skuId, { level }]) => ({ skuId, level })),
        staff: Object.values(state.staff),
        members: Object.values(state.members),
        devices: this.devices(),
        orders: [...orders.values()],
      },
    };
  }

  /** Listens to changes once they are durable, in cursor order. Returns the unsubscribe function. */
  onChanges(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Writes.

  /**
   * Applies a device's operations exactly once and resolves when every one of them is durable.
   * A repeated id with the same body gets its first answer again; with another body it is refused.
   */
  async submit(deviceId: string, ops: readonly Operation[]): Promise<AckResult[]> {
    this.assertOpen();
    const results = ops.map((op) => this.submitOne(deviceId, op));
    await this.durable();
    return results;
  }

  /** Records an event (pairing, a catalog edit...) and resolves with its changes once durable. */
  async commit(event: StoreEvent): Promise<Change[]> {
    this.assertOpen();
    const { changes } = this.record(event);
    await this.durable();
    return changes;
  }

  /** Finishes in-flight writes, writes a last checkpoint and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    await this.journal.flush();
    this.deliver();
    this.announce();
    await this.checkpointing;
    await this.checkpoint();
    await this.journal.close();
    await this.unlock();
  }

  private submitOne(deviceId: string, op: Operation): AckResult {
    const answer = (outcome: OpOutcome, duplicate = false): AckResult =>
      outcome.status === 'applied'
        ? { id: op.id, seq: op.seq, status: duplicate ? 'duplicate' : 'applied' }
        : { id: op.id, seq: op.seq, status: 'refused', error: outcome.error };
    const refuse = (code: string, message: string) =>
      answer({ status: 'refused', error: { code, message } });

    const device = this.ctx.state.devices[deviceId];
    if (!device || device.revokedAt !== null)
      return refuse('device_unknown', `device ${deviceId} is not paired`);
    if (op.deviceId !== deviceId)
      return refuse('wrong_device', `operation ${op.id} belongs to another device`);
    const hash = hashOperation(op);
    const previous = this.ops.get(op.id);
    if (previous) {
      if (previous.hash !== hash)
        return refuse(
          'id_conflict',
          `operation ${op.id} was already received with a different body`,
        );
      return answer(previous.outcome, true);
    }
    if (op.seq > device.maxSeq + MAX_SEQUENCE_JUMP)
      return refuse('sequence_jump', `sequence ${op.seq} jumps too far past ${device.maxSeq}`);
    const { outcome } = this.record({ kind: 'op', op, hash });
    this.ops.set(op.id, { hash, outcome: outcome! });
    return answer(outcome!);
  }

  private record(event: StoreEvent): { changes: Change[]; outcome?: OpOutcome } {
    const { state } = this.ctx;
    const n = this.journal.lastN + 1;
    const at = this.options.now();
    const result = applyEvent(this.ctx, event, at);
    const changes = result.changes.map(
      (change) => ({ ...change, cursor: state.nextCursor++ }) as Change,
    );
    state.journalN = n;
    this.journal.append({ n, at, event, outcome: result.outcome, changes });
    if (changes.length > 0) this.undelivered.push({ n, changes });
    return { changes, outcome: result.outcome };
  }

  private async durable(): Promise<void> {
    await this.journal.flush();
    this.deliver();
    this.maybeCheckpoint();
  }

  private deliver(): void {
    const durableN = this.journal.lastDurableN;
    let delivered = 0;
    while (delivered < this.undelivered.length && this.undelivered[delivered].n <= durableN)
      delivered++;
    if (delivered === 0) return;
    const changes = this.undelivered.slice(0, delivered).flatMap((entry) => entry.changes);
    this.undelivered = this.undelivered.slice(delivered);
    this.feed.push(changes);
    // Listeners hear of them a moment later, so that the writer's own answer (its ack) goes out
    // before the fan-out to every device; the feed (catch-up, snapshots' cursor) has them now.
    this.unannounced.push(...changes);
    if (this.unannounced.length === changes.length) setImmediate(() => this.announce());
  }

  private announce(): void {
    const changes = this.unannounced;
    this.unannounced = [];
    if (changes.length > 0) for (const listener of this.listeners) listener(changes);
  }

  /**
   * Checkpoints at most once per interval. When one cannot run now (too soon, one already running,
   * entries in flight) a timer tries again, so the last burst before a quiet spell is covered too.
   */
  private maybeCheckpoint(): void {
    if (this.closed || this.checkpointTimer || this.checkpointing) return;
    const wait = this.lastCheckpointAt + this.options.checkpointIntervalMs - this.options.now();
    const backlog = this.ctx.state.journalN - this.checkpointedN;
    if (wait > 0 && backlog < this.options.checkpointEveryEntries)
      return this.retryCheckpoint(wait);
    if (this.journal.lastDurableN !== this.ctx.state.journalN) return this.retryCheckpoint(10);
    this.checkpointing = this.checkpoint()
      // The journal is the truth: a failed checkpoint only means a longer replay at the next start.
      .catch((error: unknown) =>
        this.warn(`checkpoint failed, will retry: ${(error as Error).message}`),
      )
      .finally(() => {
        this.checkpointing = null;
        if (this.ctx.state.journalN > this.checkpointedN)
          this.retryCheckpoint(this.options.checkpointIntervalMs);
      });
  }

  private retryCheckpoint(afterMs: number): void {
    if (this.closed || this.checkpointTimer) return;
    this.checkpointTimer = setTimeout(
      () => {
        this.checkpointTimer = null;
        this.maybeCheckpoint();
      },
      Math.max(afterMs, 10),
    );
    this.checkpointTimer.unref();
  }

  /** Writes the state as of the last durable entry; skipped while entries are still in flight. */
  private async checkpoint(): Promise<void> {
    const { state } = this.ctx;
    if (state.journalN === this.checkpointedN || this.journal.lastDurableN !== state.journalN)
      return;
    this.lastCheckpointAt = this.options.now();
    const n = state.journalN;
    // lowdb's write serializes synchronously (see DurableJsonFile), so later changes cannot slip in.
    await this.db.write();
    this.checkpointedN = n;
  }

  private warn(message: string): void {
    this.options.onWarning?.(message);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the store is closed');
  }
}
