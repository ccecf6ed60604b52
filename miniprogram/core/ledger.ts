// The device's data: identity, outbox, order history, replica and shifts, loaded from storage.
// Local changes are committed through the outbox; server answers and changes settle into the rest.
import {
  businessDayOf,
  type AckResult,
  type Change,
  type Member,
  type Operation,
  type Order,
  type Snapshot,
} from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import type { Clock } from '../adapters/clock';
import { settleAcknowledged } from './ack-settlement';
import { latestOwnOrderStamp } from './clock-floor';
import { DeviceCounters, ownOrderSeqs } from './counters';
import { DelayedRun } from './delayed-run';
import { loadIdentity, saveIdentity, type DeviceIdentity } from './device-identity';
import { LastSync } from './last-sync';
import { LiveView } from './live-view';
import { layOverHistory, type LocalView, type OrderView } from './local-view';
import { pruneHistory } from './history-pruning';
import { OrderHistory } from './order-history';
import { ShownStock } from './shown-stock';
import { TillClock } from './till-clock';
import { isAcknowledged, Outbox, type OperationDraft, type OutboxEntry } from './outbox';
import { allTopics, topicsOf, type LedgerListener, type LedgerTopic } from './ledger-topics';
import { Replica, type ReplicaTopic } from './replica';
import { RoomBudget } from './room-budget';
import { removeSettled } from './settled-removal';
import { isShiftOperation, ShiftLog, type ShiftRecord } from './shift-log';
import { isClientKey, REPLICA_PERSIST_DELAY_MS } from './storage-layout';
import { storageUsage, type StorageUsage } from './storage-usage';
import { WriteProblems } from './write-problems';

export class Ledger {
  identity: DeviceIdentity | null = null;
  readonly counters: DeviceCounters;
  readonly outbox: Outbox;
  readonly history: OrderHistory;
  readonly replica: Replica;
  readonly shiftLog: ShiftLog;
  readonly tillClock: TillClock;
  readonly lastSync: LastSync;
  /** What could not be read at load, in words. */
  loadProblem: string | null = null;
  private readonly writes = new WriteProblems(() => this.emit('problem'));
  private readonly view: LiveView;
  private readonly shownStock = new ShownStock(() => ({
    stock: this.replica.stock.values(),
    products: this.replica.products.values(),
    pending: this.view.stock(),
  }));
  /** The shifts shown: they change only with a shift event, not with every sale. */
  private shiftRecords: ShiftRecord[] | null = null;
  private usage: StorageUsage = storageUsage({ usedBytes: 0, limitBytes: 0 });
  /** The server's data waits in memory: storage had no room for it when it was to be written. */
  private serverDataHeld = false;
  /** The server's data written a moment after it came, in one go for a burst of changes. */
  private readonly replicaWrite: DelayedRun;
  private readonly listeners = new Set<LedgerListener>();

  constructor(
    readonly storage: KeyValueStorage,
    private readonly clock: Clock,
  ) {
    this.counters = new DeviceCounters(storage);
    this.outbox = new Outbox(storage, this.counters);
    this.history = new OrderHistory(storage);
    this.replica = new Replica(storage);
    this.shiftLog = new ShiftLog(storage);
    this.tillClock = new TillClock(storage, {
      clock,
      counters: this.counters,
      outbox: this.outbox,
      utcOffsetMinutes: () => this.replica.settings.utcOffsetMinutes,
      businessDay: (at) => this.businessDay(at),
    });
    this.lastSync = new LastSync(storage, clock);
    this.view = new LiveView(this.history, this.outbox);
    this.replicaWrite = new DelayedRun(clock, REPLICA_PERSIST_DELAY_MS, () => this.persist());
  }

  load(): void {
    const keys = this.storage.keys();
    this.identity = loadIdentity(this.storage);
    this.counters.load();
    this.outbox.load(keys);
    this.history.load(keys);
    this.replica.load(keys);
    this.shiftLog.load();
    this.tillClock.load();
    this.lastSync.load();
    if (this.identity) this.writes.attempt('counters', () => this.reserveCounters());
    const problems = [...this.outbox.problems, ...this.replica.problems];
    this.loadProblem = problems.length > 0 ? problems.join('; ') : null;
    this.view.rebuild();
    this.shownStock.drop();
    this.shiftRecords = null;
    this.prune();
    this.refreshUsage();
  }

  subscribe(listener: LedgerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(...topics: LedgerTopic[]): void {
    const set = new Set(topics);
    for (const listener of this.listeners) listener(set);
  }

  /** After server data or settled operations changed these orders and entries. */
  private viewChanged(changed: { entries?: Iterable<number>; orders?: Iterable<string> }): void {
    this.view.update(changed);
    this.shownStock.drop();
  }

  // ---- Reads ----

  businessDay(at = this.clock.now()): string {
    return businessDayOf(at, this.replica.settings);
  }

  /** The whole view, for tests and tools (the stores read the parts below). */
  localView(): LocalView {
    return this.view.snapshot();
  }

  /** Newest first. The same array until something changes: do not modify it. */
  orders(): readonly OrderView[] {
    return this.view.newestFirst();
  }

  /** Members joined on this device that the server has not confirmed yet. */
  pendingMembers(): Member[] {
    return this.view.members();
  }

  /** A new Map whenever a level changed (stores compare by reference). */
  stockLevels(): Map<string, number> {
    return this.shownStock.levels();
  }

  /** This device's shifts: acknowledged events with the pending ones applied. */
  shifts(): ShiftRecord[] {
    this.shiftRecords ??= this.shiftLog.withPending(this.outbox.entries());
    return this.shiftRecords;
  }

  storageUsage(): StorageUsage {
    return this.usage;
  }

  refreshUsage(): void {
    const before = this.usage;
    this.usage = storageUsage(this.storage.info());
    if (before.usedBytes !== this.usage.usedBytes || before.level !== this.usage.level)
      this.emit('storage');
  }

  // ---- Local changes ----

  /** The id and number of this device's next order in the current business day. */
  nextOrderNumber(at = this.clock.now()): { seq: number; businessDay: string } {
    const identity = this.requireIdentity();
    const businessDay = this.businessDay(at);
    const highest = Math.max(
      this.counters.orderSeq(businessDay),
      this.view.highestOrderSeq(identity.deviceId, businessDay),
    );
    return { seq: highest + 1, businessDay };
  }

  /**
   * Commits a local change: the operation, with the device's next sequence, in one storage write.
   * Throws StorageError, RecordTooLargeError or InvalidOperationError, and then nothing changed.
   */
  record(draft: (seq: number) => OperationDraft, cartId: string | null = null): Operation {
    const identity = this.requireIdentity();
    const op = this.outbox.append(identity.deviceId, this.clock.now(), draft, cartId);
    const effect = this.view.add(this.outbox.get(op.seq)!);
    this.shownStock.move(effect.stock);
    if (isShiftOperation(op)) this.shiftRecords = null;
    this.refreshUsage();
    this.emit('outbox', ...topicsOf(op));
    return op;
  }

  /** A manager drops a refused operation (its data stays on the server's refusal record). */
  dismissRefused(seq: number): boolean {
    const entry = this.outbox.get(seq);
    if (!entry?.refused) return false;
    this.outbox.remove([seq], ownOrderSeqs([entry]));
    this.viewChanged({ entries: [seq] });
    this.shiftRecords = null;
    this.refreshUsage();
    this.emit('outbox', 'orders', 'stock', 'members', ...topicsOf(entry.op));
    return true;
  }

  // ---- Sync ----

  /**
   * The server's view of this device on connect; acknowledged operations still here leave now.
   * Its time measures the device clock, which it may find right after stamps made ahead of it.
   */
  welcome(ackedSeq: number, serverTime?: number): void {
    this.outbox.raiseSeqFloor(ackedSeq);
    const now = this.clock.now();
    if (serverTime !== undefined && this.tillClock.vouchedAtWelcome(serverTime, now))
      this.writes.attempt('counters', () => this.counters.disownStamps(now, this.outbox.lastSeq()));
    if (this.outbox.hasAcknowledged()) this.settle([]);
  }

  /**
   * Takes the server's answers: refusals are marked; what it holds durably settles into the
   * history, leaves the outbox (counters written before that), and shift events go to the shift
   * log before they leave. Operations acknowledged earlier that are still here are settled again.
   */
  settle(results: readonly AckResult[]): void {
    const changedOrders: string[] = [];
    this.shiftLog.noteAnswers(results);
    this.writes.attempt('outbox', () => this.outbox.markRefused(results, this.clock.now()));
    // Marked in memory even when the write was refused.
    const refused = results.filter((result) => result.status === 'refused');
    this.view.update({ entries: refused.map((result) => result.seq) });
    const ackedSeqs = results.filter(isAcknowledged).map((r) => r.seq);
    // Applied now for the first time: their stock and member effects are laid on once, not again
    // when an entry whose removal did not happen is settled again. Nor for a duplicate: the server
    // had it before, so its changes are in the replica already (after a relaunch) or come with the
    // catch-up that follows this push.
    const fresh = new Set(
      results
        .filter((r) => r.status === 'applied' && !this.outbox.isAcknowledged(r.seq))
        .map((r) => r.seq),
    );
    const settled = this.outbox.acknowledge(ackedSeqs);
    if (settled.length > 0) {
      for (const view of layOverHistory(this.history, settled))
        if (view.sync !== 'synced') {
          this.history.stage(view.order);
          changedOrders.push(view.order.id);
        }
      const firstTime = settled.filter((entry) => fresh.has(entry.op.seq));
      // Written with their removal below, not with the server's data (held at a full storage).
      settleAcknowledged(this.replica, this.view, this.history, firstTime);
      // Pruned first, so a nearly full storage is not asked to hold more history than it keeps.
      this.prune();
      // Leaving the outbox frees room, so it comes before the shift log, which may need it: at a
      // full storage the shift events then follow in the same settle.
      const shiftOps = settled.map((entry) => entry.op).filter(isShiftOperation);
      this.removeSettled(settled.filter((entry) => !isShiftOperation(entry.op)));
      // Without the shift log written, the shift's events stay in the outbox a while longer.
      if (this.writes.attempt('shifts', () => this.shiftLog.settle(shiftOps)))
        this.removeSettled(settled.filter((entry) => isShiftOperation(entry.op)));
      this.viewChanged({ entries: settled.map((entry) => entry.op.seq), orders: changedOrders });
    }
    this.shownStock.drop();
    this.shiftRecords = null;
    this.prune();
    this.refreshUsage();
    // Room was freed: the server's data held back can be written now.
    if (this.serverDataHeld && this.usage.level !== 'full') this.replicaWrite.schedule();
    this.emit('outbox', 'orders', 'stock', 'shifts', 'members');
  }

  /** Once their orders and what they laid on the replica are written (settled-removal.ts). */
  private removeSettled(entries: readonly OutboxEntry[]): void {
    const { outbox, history, replica, writes, storage } = this;
    removeSettled({ outbox, history, replica, writes, storage }, entries);
  }

  /** The operations to push next, in order, after those up to `afterSeq` (in flight). */
  nextBatch(maxOps: number, maxBytes: number, afterSeq = 0): Operation[] {
    return this.outbox.nextBatch(maxOps, maxBytes, afterSeq);
  }

  applyChanges(changes: readonly Change[], cursor: number): void {
    const tooLarge = this.replica.tooLargeProblem;
    const applied = this.replica.applyChanges(changes, cursor);
    this.afterServerData(applied.topics, applied.orders, tooLarge);
  }

  /** Written at once, not batched: a device must be able to sell offline right after pairing. */
  applySnapshot(snapshot: Snapshot, cursor: number): void {
    const tooLarge = this.replica.tooLargeProblem;
    const applied = this.replica.applySnapshot(snapshot, cursor);
    this.afterServerData(applied.topics, applied.orders, tooLarge);
    this.persist();
  }

  /** `tooLargeBefore`: the replica's skipped records as they were, so a change shows in the status. */
  private afterServerData(
    topics: ReadonlySet<ReplicaTopic>,
    orders: readonly Order[],
    tooLargeBefore: string | null,
  ): void {
    for (const order of orders) this.history.stage(order);
    this.viewChanged({ orders: orders.map((order) => order.id) });
    this.replicaWrite.schedule();
    const problem = this.replica.tooLargeProblem !== tooLargeBefore ? (['problem'] as const) : [];
    // Stock shown depends on the history too: a sale the server echoed no longer counts as pending.
    this.emit(...topics, ...(orders.length > 0 ? (['orders', 'stock'] as const) : []), ...problem);
  }

  /**
   * Writes the server's data held in memory, the cursor last. False when storage refused or what
   * is left would take it past 95% (room-budget.ts): the rest waits in memory, the cursor unmoved
   * so a relaunch pulls the same changes again, and is written once acks free room.
   */
  persist(): boolean {
    this.replicaWrite.cancel();
    this.prune();
    this.refreshUsage();
    const room = new RoomBudget(this.usage);
    const written = this.writes.attempt('history', () =>
      this.replica.flush(room, () => this.history.flush(room)),
    );
    this.serverDataHeld = !written;
    this.refreshUsage();
    return written;
  }

  /**
   * Writes the history's copy of an order now, before a refund or void of it is recorded: past 95%
   * the server's data (an order looked up on it, one synced from another till) waits in memory,
   * and a relaunch would find the refund with no order under it. Throws StorageError.
   */
  writeOrder(orderId: string): void {
    this.history.flushOrders([orderId]);
    this.refreshUsage();
  }

  /**
   * Drops acknowledged history beyond the days kept, harder once storage is at the warning level.
   * Orders the outbox still refers to stay. Never touches the outbox.
   */
  prune(): void {
    const dropped = pruneHistory({
      history: this.history,
      outbox: this.outbox,
      counters: this.counters,
      writes: this.writes,
      usage: this.storageUsage(),
      today: this.businessDay(),
      settings: this.replica.settings,
      shifts: () => this.shifts(),
      deviceId: this.identity?.deviceId,
    });
    if (dropped.length > 0) this.viewChanged({ orders: dropped });
  }

  /**
   * What storage refused and is still not written, and the server's records too large to store,
   * in words; null when all is written.
   */
  get writeProblem(): string | null {
    const problems = [this.writes.summary, this.replica.tooLargeProblem].filter(Boolean);
    return problems.length > 0 ? problems.join('; ') : null;
  }

  // ---- Identity ----

  setIdentity(identity: DeviceIdentity): void {
    saveIdentity(this.storage, identity);
    this.writes.attempt('counters', () => this.reserveCounters());
    this.identity = identity;
    this.emit('identity');
  }

  /** The counters at their padded size, with the stamp an older version did not keep. */
  private reserveCounters(): void {
    this.counters.reserve();
    const deviceId = this.identity?.deviceId;
    const adopted = deviceId ? latestOwnOrderStamp(this.history.values(), deviceId) : null;
    if (adopted !== null) this.counters.adoptStamp(adopted);
  }

  requireIdentity(): DeviceIdentity {
    if (!this.identity) throw new Error('this device is not paired with a store server');
    return this.identity;
  }

  /** Removes everything the client stored. The caller checks first that nothing is unsynced. */
  clearAll(): void {
    this.replicaWrite.cancel();
    for (const key of this.storage.keys()) if (isClientKey(key)) this.storage.remove(key);
    this.load();
    this.emit(...allTopics);
  }

  dispose(): void {
    if (this.replicaWrite.pending) this.persist();
    this.lastSync.flush();
    this.listeners.clear();
  }
}
