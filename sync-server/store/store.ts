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
import type { ApplyContext } from './apply-event';
import type { ChangeFeed } from './change-feed';
import { ChangeDelivery, type ChangeListener } from './change-delivery';
import { Checkpointer } from './checkpointer';
import { lockDataDirectory } from './data-lock';
import { ChangeFailedError } from './errors';
import { EventRecorder } from './event-recorder';
import type { Journal } from './journal';
import { OperationIntake } from './operation-intake';
import { recoverStore, type OpRecord } from './recovery';
import { snapshotOf } from './snapshot';
import { StateRebuild } from './state-rebuild';
import type { StoreOptions } from './store-options';
import {
  deviceInfo,
  type DeviceRecord,
  type JournalRecord,
  type StoreEvent,
  type StoreState,
} from './state';

export function hashToken(token: string): string {
  return crypto.hash('sha256', token, 'hex');
}

export class Store {
  private readonly checkpointer: Checkpointer;
  private readonly delivery: ChangeDelivery;
  private readonly rebuild: StateRebuild;
  private readonly recorder: EventRecorder;
  private readonly intake: OperationIntake;
  private closed = false;

  private constructor(
    db: Low<StoreState>,
    private readonly journal: Journal<JournalRecord>,
    private readonly ctx: ApplyContext,
    private readonly feed: ChangeFeed,
    ops: Map<string, OpRecord>,
    private readonly unlock: () => Promise<void>,
    now: () => number,
    options: StoreOptions,
  ) {
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
    this.recorder = new EventRecorder({
      ctx,
      journal,
      delivery: this.delivery,
      checkpointer: this.checkpointer,
      rebuild: this.rebuild,
      now,
      onRecord: options.onRecord,
      onFailure: options.onFailure,
    });
    this.intake = new OperationIntake(ctx, ops, this.recorder);
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
    return this.recorder.failure;
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
    return { cursor: this.feed.latestCursor, snapshot: snapshotOf(this.ctx, businessDay) };
  }

  /** Listens to changes once they are durable, in cursor order. Returns the unsubscribe function. */
  onChanges(listener: ChangeListener): () => void {
    return this.delivery.listen(listener);
  }

  /** Resolves once no rebuild runs, so a read that follows sees a whole state. */
  async settled(): Promise<void> {
    while (this.rebuild.running) await this.rebuild.running;
    // A rebuild that failed is told here, not only at the next change someone attempts.
    this.recorder.tellFailure();
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
      results.push(this.intake.receive(deviceId, op));
      // When the fold failed on that one, the rest go onto the state rebuilt from the files.
      while (this.rebuild.running) await this.rebuild.running;
      this.assertWritable();
    }
    await this.recorder.durable();
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
      ({ changes } = this.recorder.record(event));
    } catch (error) {
      // Answered once the state is whole again, so the caller's next read finds nothing of it.
      if (error instanceof ChangeFailedError) await this.settled();
      throw error;
    }
    await this.recorder.durable();
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

  /** Called before every fold: what is refused here has changed nothing in memory. */
  private assertWritable(): void {
    if (this.closed) throw new Error('the store is closed');
    // The journal's append would throw only after the fold changed the state, and the operation,
    // never recorded as received, would be folded again at every retry of its push.
    this.recorder.assertNotFailed();
  }
}
