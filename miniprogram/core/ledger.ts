// The device's data: identity, outbox, order history, replica and shifts, loaded from storage.
// Local changes are committed through the outbox; server answers and changes settle into the rest.
import {
  businessDayOf,
  type AckResult,
  type Member,
  type Operation,
  type Snapshot,
} from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import type { Clock } from '../adapters/clock';
import { settleAnswers } from './answer-settlement';
import { latestOwnOrderStamp } from './clock-floor';
import { DeviceCounters, ownOrderSeqs } from './counters';
import { loadIdentity, saveIdentity, type DeviceIdentity } from './device-identity';
import { LastSync } from './last-sync';
import type { LocalView, OrderView } from './local-view';
import { pruneHistory } from './history-pruning';
import { OrderHistory } from './order-history';
import { ShownData } from './shown-data';
import { TillClock } from './till-clock';
import { Outbox, type OperationDraft } from './outbox';
import { allTopics, topicsOf, type LedgerListener, type LedgerTopic } from './ledger-topics';
import { Replica } from './replica';
import { ServerDataIntake } from './server-data-intake';
import type { FeedEntry, UnreadableRecord } from './server-frame';
import { ShiftLog, type ShiftRecord } from './shift-log';
import { isClientKey } from './storage-layout';
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
  /** What storage refused and is still not written, by area (writeProblem puts it in words). */
  readonly writes = new WriteProblems(() => this.emit('problem'));
  /** What the stores are shown, derived from the rest (they read it through the methods below). */
  readonly shown: ShownData;
  private usage: StorageUsage = storageUsage({ usedBytes: 0, limitBytes: 0 });
  private readonly serverData: ServerDataIntake;
  private readonly listeners = new Set<LedgerListener>();

  constructor(
    readonly storage: KeyValueStorage,
    readonly clock: Clock,
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
    this.shown = new ShownData(this);
    this.serverData = new ServerDataIntake(this);
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
    this.shown.rebuild();
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

  // ---- Reads ----

  businessDay(at = this.clock.now()): string {
    return businessDayOf(at, this.replica.settings);
  }

  /** The whole view, for tests and tools (the stores read the parts below). */
  localView(): LocalView {
    return this.shown.view.snapshot();
  }

  /** Newest first. The same array until something changes: do not modify it. */
  orders(): readonly OrderView[] {
    return this.shown.view.newestFirst();
  }

  /** Members joined on this device that the server has not confirmed yet. */
  pendingMembers(): Member[] {
    return this.shown.view.members();
  }

  /** A new Map whenever a level changed (stores compare by reference). */
  stockLevels(): Map<string, number> {
    return this.shown.stockLevels();
  }

  /** This device's shifts: acknowledged events with the pending ones applied. */
  shifts(): ShiftRecord[] {
    return this.shown.shifts();
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
      this.shown.view.highestOrderSeq(identity.deviceId, businessDay),
      // Each order is placed by an operation of its own: no day's numbers reach past them all.
      this.counters.orderSeqsDamaged ? this.outbox.lastSeq() : 0,
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
    this.shown.added(this.outbox.get(op.seq)!);
    this.refreshUsage();
    this.emit('outbox', ...topicsOf(op));
    return op;
  }

  /** A manager drops a refused operation (its data stays on the server's refusal record). */
  dismissRefused(seq: number): boolean {
    const entry = this.outbox.get(seq);
    if (!entry?.refused) return false;
    this.outbox.remove([seq], ownOrderSeqs([entry]));
    this.shown.changed({ entries: [seq] });
    this.shown.dropShifts();
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

  /** Takes the server's answers (answer-settlement.ts), then shows what they changed. */
  settle(results: readonly AckResult[]): void {
    settleAnswers(this, results);
    this.shown.drop();
    this.prune();
    this.refreshUsage();
    // Room was freed: the server's data held back can be written now.
    this.serverData.roomFreed();
    this.emit('outbox', 'orders', 'stock', 'shifts', 'members');
  }

  /** The operations to push next, in order, after those up to `afterSeq` (in flight). */
  nextBatch(maxOps: number, maxBytes: number, afterSeq = 0): Operation[] {
    return this.outbox.nextBatch(maxOps, maxBytes, afterSeq);
  }

  applyChanges(changes: readonly FeedEntry[], cursor: number): void {
    this.emit(...this.serverData.applyChanges(changes, cursor));
  }

  /** Written at once, not batched: a device must be able to sell offline right after pairing. */
  applySnapshot(
    snapshot: Snapshot,
    cursor: number,
    unreadable: readonly UnreadableRecord[] = [],
  ): void {
    this.emit(...this.serverData.applySnapshot(snapshot, cursor, unreadable));
    this.persist();
  }

  /** Writes the server's data held in memory; false when it must wait (server-data-intake.ts). */
  persist(): boolean {
    return this.serverData.persist();
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
    if (dropped.length > 0) this.shown.changed({ orders: dropped });
  }

  /**
   * What storage refused and is still not written, and the server's records this device could not
   * store or read, in words; null when all is written.
   */
  get writeProblem(): string | null {
    const problems = [this.writes.summary, this.replica.skippedProblem].filter(Boolean);
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
    this.serverData.cancel();
    for (const key of this.storage.keys()) if (isClientKey(key)) this.storage.remove(key);
    this.load();
    this.emit(...allTopics);
  }

  dispose(): void {
    if (this.serverData.pending) this.persist();
    this.lastSync.flush();
    this.listeners.clear();
  }
}
