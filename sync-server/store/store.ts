// The embedded store: the journal (source of truth, group-committed, fsync'd) plus the current
// state checkpointed through lowdb. Handlers receive a Store; nothing imports one as a global.
import crypto from 'node:crypto';
import type { Low } from 'lowdb';
import {
  checkCountedTotal,
  checkJoinedMemberName,
  checkMadeIdSequence,
  checkOperationStaff,
  checkOwnership,
  type AckResult,
  type Change,
  type DeviceInfo,
  type Member,
  type Operation,
  type Order,
  type Snapshot,
  type StoreSettings,
} from '@pos/shared';
import { applyEvent, type ApplyContext, type EventResult } from './apply-event';
import type { ChangeFeed } from './change-feed';
import { Checkpointer } from './checkpointer';
import { lockDataDirectory } from './data-lock';
import { ChangeFailedError, messageOf } from './errors';
import type { Journal } from './journal';
import { encodeRecord, operationJson, type OperationJson } from './journal-json';
import { rebuildContext, recoverStore, type OpRecord } from './recovery';
import {
  deviceInfo,
  type DeviceRecord,
  type JournalRecord,
  type OpOutcome,
  type RefusalError,
  type SeedData,
  type StoreEvent,
  type StoreState,
} from './state';

/**
 * A device may skip sequence numbers (lost data), but not leave more than this many missing in
 * all: each is remembered, reported at day end and sent to every device.
 */
export const MAX_MISSING_SEQS = 10_000;

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
   * Told of every journal entry: those read back at open, then each new one as it is recorded (with
   * the state already changed). For indexes of history the state does not keep (day-end reports).
   */
  onRecord?: (record: JournalRecord) => void;
}

/** Hears changes once durable, with each change's JSON (`encoded[i]` is changes[i]'s). */
export type ChangeListener = (changes: Change[], encoded: readonly string[]) => void;

// crypto.hash: one call, no Hash object per operation (half the cost for a sale's ~1 KB).
export function hashOperation(op: Operation, json = JSON.stringify(op)): string {
  return crypto.hash('sha256', json, 'hex');
}

export function hashToken(token: string): string {
  return crypto.hash('sha256', token, 'hex');
}

// Module functions, not closures made per operation: submitOne runs for every operation pushed.
function answerOf(op: Operation, outcome: OpOutcome, duplicate: boolean): AckResult {
  return outcome.status === 'applied'
    ? { id: op.id, seq: op.seq, status: duplicate ? 'duplicate' : 'applied' }
    : { id: op.id, seq: op.seq, status: 'refused', error: outcome.error };
}

function refusal(op: Operation, code: string, message: string): AckResult {
  return answerOf(op, { status: 'refused', error: { code, message } }, false);
}

/** Why an operation the fold failed on is refused: kept as received, for the manager. */
function applyFailure(op: Operation, error: unknown): RefusalError {
  return {
    code: 'apply_failed',
    message: `the server failed to apply operation ${op.id} (${op.type}): ${messageOf(error)}. It is kept on the server as received; tell the manager`,
  };
}

export class Store {
  private readonly listeners = new Set<ChangeListener>();
  /** Changes made but not yet durable: delivered, in order, once their journal entry is on disk. */
  private undelivered: Array<{ n: number; changes: Change[]; encoded: string[] }> = [];
  private unannounced: { changes: Change[]; encoded: string[] } = { changes: [], encoded: [] };
  private readonly checkpointer: Checkpointer;
  private closed = false;
  private readonly onRecord: ((record: JournalRecord) => void) | undefined;
  private readonly onWarning: ((message: string) => void) | undefined;
  /** While set, the state is being rebuilt from the files after a failed change: writes wait for it. */
  private rebuilding: Promise<void> | null = null;
  /** Set when that rebuild failed: the store takes no more writes. */
  private broken: Error | null = null;

  private constructor(
    db: Low<StoreState>,
    private readonly journal: Journal<JournalRecord>,
    private readonly ctx: ApplyContext,
    private readonly feed: ChangeFeed,
    private readonly ops: Map<string, OpRecord>,
    private readonly unlock: () => Promise<void>,
    private readonly now: () => number,
    private readonly options: StoreOptions,
  ) {
    this.onRecord = options.onRecord;
    this.onWarning = options.onWarning;
    this.checkpointer = new Checkpointer(db, journal, {
      now,
      intervalMs: options.checkpointIntervalMs ?? 30_000,
      everyEntries: options.checkpointEveryEntries ?? 1000,
      onWarning: options.onWarning,
    });
  }

  /** Opens (or creates) the store in `dataDir`, recovering from the journal what the checkpoint lacks. */
  static async open(options: StoreOptions): Promise<Store> {
    const unlock = await lockDataDirectory(options.dataDir);
    let recovered;
    try {
      recovered = await recoverStore(options);
    } catch (error) {
      await unlock();
      throw error;
    }
    const { db, journal, ctx, feed, ops } = recovered;
    const store = new Store(db, journal, ctx, feed, ops, unlock, options.now ?? Date.now, options);
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
    // Only durable state, and never one a failed change left half-made (a device would keep what
    // the journal lacks): a rebuild may start while the flush is awaited.
    for (;;) {
      if (this.rebuilding) await this.rebuilding;
      else if (this.journal.lastDurableN < this.journal.lastN) await this.journal.flush();
      else break;
    }
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
    while (this.rebuilding) await this.rebuilding;
    this.assertWritable();
    const results: AckResult[] = [];
    for (const op of ops) {
      results.push(this.submitOne(deviceId, op));
      // When the fold failed on that one, the rest go onto the state rebuilt from the files.
      while (this.rebuilding) await this.rebuilding;
      this.assertWritable();
    }
    await this.durable();
    return results;
  }

  /**
   * Records an event (pairing, a catalog edit...) and resolves with its changes once durable.
   * Rejects with a ChangeFailedError, having kept nothing of it, when the fold fails on it.
   */
  async commit(event: StoreEvent): Promise<Change[]> {
    while (this.rebuilding) await this.rebuilding;
    this.assertWritable();
    let changes: Change[];
    try {
      ({ changes } = this.record(event));
    } catch (error) {
      // Answered once the state is whole again, so the caller's next read finds nothing of it.
      if (error instanceof ChangeFailedError) while (this.rebuilding) await this.rebuilding;
      throw error;
    }
    await this.durable();
    return changes;
  }

  /** Finishes in-flight writes, writes a last checkpoint and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.rebuilding) await this.rebuilding;
    await this.journal.flush();
    this.deliver();
    this.announce();
    await this.checkpointer.close();
    await this.journal.close();
    await this.unlock();
  }

  private submitOne(deviceId: string, op: Operation): AckResult {
    const device = this.ctx.state.devices[deviceId];
    if (!device) return refusal(op, 'device_unknown', `device ${deviceId} is not paired`);
    if (device.revokedAt !== null)
      return refusal(op, 'device_revoked', `device ${device.code} was revoked by a manager`);
    if (op.deviceId !== deviceId)
      return refusal(op, 'wrong_device', `operation ${op.id} belongs to another device`);
    const json = operationJson(op);
    const hash = hashOperation(op, json.op);
    const previous = this.ops.get(op.id);
    if (previous) {
      if (previous.hash !== hash)
        return refusal(
          op,
          'id_conflict',
          `operation ${op.id} was already received with a different body`,
        );
      return answerOf(op, previous.outcome, true);
    }
    const skipped = Math.max(0, op.seq - device.maxSeq - 1);
    if (device.missingSeqs.length + skipped > MAX_MISSING_SEQS)
      return refusal(
        op,
        'sequence_jump',
        `sequence ${op.seq} jumps too far past ${device.maxSeq}: more than ${MAX_MISSING_SEQS} operations would be missing`,
      );
    const refusedOnReceipt = this.receiptRefusal(op, device);
    const event: StoreEvent = refusedOnReceipt
      ? { kind: 'op', op, hash, refusedOnReceipt }
      : { kind: 'op', op, hash };
    const { outcome } = this.record(event, json);
    this.ops.set(op.id, { hash, outcome: outcome! });
    return answerOf(op, outcome!, false);
  }

  /**
   * Rules checked here, not in the fold (as the schema is): a journal written before a rule was
   * made stricter replays as it was applied. Null when the operation passes them.
   */
  private receiptRefusal(op: Operation, device: DeviceRecord): RefusalError | null {
    const owned = checkOwnership(op, device);
    if (!owned.ok) return owned.error;
    const sequenced = checkMadeIdSequence(op);
    if (!sequenced.ok) return sequenced.error;
    const counted = checkCountedTotal(op);
    if (!counted.ok) return counted.error;
    const named = checkJoinedMemberName(op);
    if (!named.ok) return named.error;
    const staffed = checkOperationStaff(op, (id) => this.ctx.state.staff[id]);
    return staffed.ok ? null : staffed.error;
  }

  private record(
    event: StoreEvent,
    opJson?: OperationJson,
  ): { changes: Change[]; outcome?: OpOutcome } {
    const { state } = this.ctx;
    const n = this.journal.lastN + 1;
    const at = this.now();
    let result: EventResult;
    try {
      result = applyEvent(this.ctx, event, at);
    } catch (error) {
      // The fold may have changed part of the state before it failed: the journal has none of it,
      // so the state is rebuilt from the files, and the change is kept out (or, if it is a
      // device's operation, kept as a refusal: its sequence is received and the device goes on).
      this.rebuildState(error);
      if (event.kind !== 'op') throw new ChangeFailedError(event.kind, error);
      event = { ...event, refusedOnReceipt: applyFailure(event.op, error) };
      result = applyEvent(this.ctx, event, at);
    }
    const changes = result.changes.map(
      (change) => ({ ...change, cursor: state.nextCursor++ }) as Change,
    );
    state.journalN = n;
    const entry: JournalRecord = { n, at, event, outcome: result.outcome, changes };
    const encoded = encodeRecord(entry, opJson);
    this.journal.append(entry, encoded.json);
    this.onRecord?.(entry);
    if (changes.length > 0) this.undelivered.push({ n, changes, encoded: encoded.changes });
    return { changes, outcome: result.outcome };
  }

  private async durable(): Promise<void> {
    await this.journal.flush();
    this.deliver();
    this.checkpointer.maybe();
  }

  private deliver(): void {
    const durableN = this.journal.lastDurableN;
    let delivered = 0;
    while (delivered < this.undelivered.length && this.undelivered[delivered].n <= durableN)
      delivered++;
    if (delivered === 0) return;
    const entries = this.undelivered.slice(0, delivered);
    this.undelivered = this.undelivered.slice(delivered);
    const changes = entries.flatMap((entry) => entry.changes);
    this.feed.push(changes);
    // Listeners hear of them a moment later, so that the writer's own answer (its ack) goes out
    // before the fan-out to every device; the feed (catch-up, snapshots' cursor) has them now.
    const first = this.unannounced.changes.length === 0;
    for (const entry of entries) {
      for (const change of entry.changes) this.unannounced.changes.push(change);
      for (const json of entry.encoded) this.unannounced.encoded.push(json);
    }
    if (first) setImmediate(() => this.announce());
  }

  private announce(): void {
    const { changes, encoded } = this.unannounced;
    this.unannounced = { changes: [], encoded: [] };
    if (changes.length > 0) for (const listener of this.listeners) listener(changes, encoded);
  }

  /** Starts rebuilding the state from the files; writes wait for it (writable). */
  private rebuildState(cause: unknown): void {
    this.onWarning?.(`a change failed, rebuilding the state from the journal: ${messageOf(cause)}`);
    if (this.rebuilding) return;
    this.checkpointer.hold();
    this.rebuilding = this.rebuildFromFiles().then(
      () => {
        this.rebuilding = null;
        this.checkpointer.release();
      },
      (error: unknown) => {
        this.rebuilding = null;
        this.broken = new Error(
          `the store could not rebuild its state after a failed change, so it takes no more changes: ${messageOf(error)}`,
        );
        this.onWarning?.(this.broken.message);
      },
    );
  }

  private async rebuildFromFiles(): Promise<void> {
    // Everything recorded must be on disk first, the failed operation's refusal included (it is
    // recorded just after the rebuild starts).
    do await this.journal.flush();
    while (this.journal.lastDurableN < this.journal.lastN);
    const rebuilt = await rebuildContext(this.options);
    if (rebuilt.state.journalN !== this.journal.lastN)
      throw new Error(
        `the files hold entry ${rebuilt.state.journalN}, the journal ${this.journal.lastN}`,
      );
    const { state } = this.ctx;
    // When each device was last seen is not journaled: the memory's is newer than the files'.
    for (const device of Object.values(rebuilt.state.devices))
      device.lastSeenAt = state.devices[device.id]?.lastSeenAt ?? device.lastSeenAt;
    // The same state object (the checkpoint writes it; handlers hold it), with the files' tables.
    Object.assign(state, rebuilt.state);
    this.ctx.orders = rebuilt.orders;
    this.ctx.skuProducts = rebuilt.skuProducts;
  }

  private assertWritable(): void {
    if (this.closed) throw new Error('the store is closed');
    if (this.broken) throw this.broken;
  }
}
