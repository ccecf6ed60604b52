// The embedded store: the journal (source of truth, group-committed, fsync'd) plus the current
// state checkpointed through lowdb. Handlers receive a Store; nothing imports one as a global.
import crypto from 'node:crypto';
import type { Low } from 'lowdb';
import type {
  AckResult,
  Change,
  DeviceInfo,
  Member,
  Operation,
  Order,
  Snapshot,
  StoreSettings,
} from '@pos/shared';
import { applyEvent, type ApplyContext, type EventResult } from './apply-event';
import type { ChangeFeed } from './change-feed';
import { ChangeDelivery, type ChangeListener } from './change-delivery';
import { Checkpointer } from './checkpointer';
import { lockDataDirectory } from './data-lock';
import { ChangeFailedError } from './errors';
import type { Journal } from './journal';
import { encodeRecord, operationJson, type OperationJson } from './journal-json';
import {
  answerOf,
  applyFailure,
  hashOperation,
  receiptEvent,
  refusal,
  senderRefusal,
  sequenceJumpRefusal,
} from './receipt';
import { recoverStore, type OpRecord } from './recovery';
import { StateRebuild } from './state-rebuild';
import {
  deviceInfo,
  type DeviceRecord,
  type JournalRecord,
  type OpOutcome,
  type SeedData,
  type StoreEvent,
  type StoreState,
} from './state';

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

export function hashToken(token: string): string {
  return crypto.hash('sha256', token, 'hex');
}

export class Store {
  private readonly checkpointer: Checkpointer;
  private readonly delivery: ChangeDelivery;
  private readonly rebuild: StateRebuild;
  private closed = false;
  private failureTold = false;
  private readonly onRecord: ((record: JournalRecord) => void) | undefined;
  private readonly onFailure: ((failure: Error) => void) | undefined;

  private constructor(
    db: Low<StoreState>,
    private readonly journal: Journal<JournalRecord>,
    private readonly ctx: ApplyContext,
    private readonly feed: ChangeFeed,
    private readonly ops: Map<string, OpRecord>,
    private readonly unlock: () => Promise<void>,
    private readonly now: () => number,
    options: StoreOptions,
  ) {
    this.onRecord = options.onRecord;
    this.onFailure = options.onFailure;
    this.checkpointer = new Checkpointer(db, journal, {
      now: () => performance.now(),
      intervalMs: options.checkpointIntervalMs ?? 30_000,
      everyEntries: options.checkpointEveryEntries ?? 1000,
      onWarning: options.onWarning,
    });
    this.delivery = new ChangeDelivery(feed);
    this.rebuild = new StateRebuild({
      ctx,
      journal,
      checkpointer: this.checkpointer,
      files: options,
      onWarning: options.onWarning,
    });
  }

  /** Opens (or creates) the store in `dataDir`, recovering from the journal what the checkpoint lacks. */
  static async open(options: StoreOptions): Promise<Store> {
    const unlock = await lockDataDirectory(options.dataDir, { onWarning: options.onWarning });
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

  /**
   * Why the store takes no more changes until it is restarted (its journal failed to write, or its
   * state could not be rebuilt after a failed change); null while it takes them.
   */
  get failure(): Error | null {
    return this.rebuild.broken ?? this.journal.failed;
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
      if (this.rebuild.running) await this.rebuild.running;
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
    return this.delivery.listen(listener);
  }

  /** Resolves once no rebuild runs, so a read that follows sees a whole state. */
  async settled(): Promise<void> {
    while (this.rebuild.running) await this.rebuild.running;
    // A rebuild that failed is told here, not only at the next change someone attempts.
    this.tellFailure();
  }

  // Writes.

  /**
   * Applies a device's operations exactly once and resolves when every one of them is durable.
   * A repeated id with the same body gets its first answer again; with another body it is refused.
   */
  async submit(deviceId: string, ops: readonly Operation[]): Promise<AckResult[]> {
    while (this.rebuild.running) await this.rebuild.running;
    this.assertWritable();
    const results: AckResult[] = [];
    for (const op of ops) {
      results.push(this.submitOne(deviceId, op));
      // When the fold failed on that one, the rest go onto the state rebuilt from the files.
      while (this.rebuild.running) await this.rebuild.running;
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
    while (this.rebuild.running) await this.rebuild.running;
    this.assertWritable();
    let changes: Change[];
    try {
      ({ changes } = this.record(event));
    } catch (error) {
      // Answered once the state is whole again, so the caller's next read finds nothing of it.
      if (error instanceof ChangeFailedError) await this.settled();
      throw error;
    }
    await this.durable();
    return changes;
  }

  /** Finishes in-flight writes, writes a last checkpoint and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.settled();
    await this.journal.flush();
    this.delivery.durableUpTo(this.journal.lastDurableN);
    this.delivery.announce();
    await this.checkpointer.close();
    await this.journal.close();
    await this.unlock();
  }

  private submitOne(deviceId: string, op: Operation): AckResult {
    const device = this.ctx.state.devices[deviceId];
    if (!device) return refusal(op, 'device_unknown', `device ${deviceId} is not paired`);
    const notFromIt = senderRefusal(device, op);
    if (notFromIt) return notFromIt;
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
      return answerOf(op, previous.outcome, true, previous.approvalDropped);
    }
    const jumped = sequenceJumpRefusal(device, op);
    if (jumped) return jumped;
    const event = receiptEvent(op, hash, device, {
      staffOf: (id) => this.ctx.state.staff[id],
      skuKnown: (skuId) => this.ctx.skuProducts.has(skuId),
      orderOf: (orderId) => this.ctx.orders.get(orderId),
      referenceUse: (reference) => this.ctx.trades.referenceUse(reference),
    });
    // An operation recorded otherwise than received is serialized anew: its JSON is not `json`.
    const { outcome } = this.record(event, event.op === op ? json : undefined);
    const { approvalDropped } = event;
    this.ops.set(op.id, { hash, outcome: outcome!, approvalDropped });
    return answerOf(op, outcome!, false, approvalDropped);
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
      this.rebuild.start(error);
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
    this.delivery.made(n, changes, encoded.changes);
    return { changes, outcome: result.outcome };
  }

  private async durable(): Promise<void> {
    await this.journal.flush().catch((error: unknown) => {
      this.tellFailure();
      throw error;
    });
    this.delivery.durableUpTo(this.journal.lastDurableN);
    this.checkpointer.maybe();
  }

  /** Called before every fold: what is refused here has changed nothing in memory. */
  private assertWritable(): void {
    if (this.closed) throw new Error('the store is closed');
    // The journal's append would throw only after the fold changed the state, and the operation,
    // never recorded as received, would be folded again at every retry of its push.
    const { failure } = this;
    if (failure) {
      this.tellFailure();
      throw failure;
    }
  }

  private tellFailure(): void {
    const { failure } = this;
    if (!failure || this.failureTold) return;
    this.failureTold = true;
    this.onFailure?.(failure);
  }
}
