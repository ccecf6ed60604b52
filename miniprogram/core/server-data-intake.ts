// The server's data taken into the ledger: changes and snapshots applied to the replica, the
// orders they carry staged in the history, and both written a moment later in one go for a burst,
// or held in memory while storage has no room for them.
import type { Order, Snapshot } from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { DelayedRun } from './delayed-run';
import type { LedgerTopic } from './ledger-topics';
import type { OrderHistory } from './order-history';
import type { Replica, ReplicaTopic } from './replica';
import { RoomBudget } from './room-budget';
import type { FeedEntry, UnreadableRecord } from './server-frame';
import type { ShownData } from './shown-data';
import { REPLICA_PERSIST_DELAY_MS } from './storage-layout';
import type { StorageUsage } from './storage-usage';
import type { WriteProblems } from './write-problems';

/** The ledger, as the intake works on it. */
export interface IntakeParts {
  readonly clock: Clock;
  readonly replica: Replica;
  readonly history: OrderHistory;
  readonly writes: WriteProblems;
  readonly shown: ShownData;
  prune(): void;
  refreshUsage(): void;
  storageUsage(): StorageUsage;
}

export class ServerDataIntake {
  /** The server's data waits in memory: storage had no room for it when it was to be written. */
  private held = false;
  /** The server's data written a moment after it came, in one go for a burst of changes. */
  private readonly write: DelayedRun;

  constructor(private readonly ledger: IntakeParts) {
    this.write = new DelayedRun(ledger.clock, REPLICA_PERSIST_DELAY_MS, () => this.persist());
  }

  /** A write is waiting for its moment. */
  get pending(): boolean {
    return this.write.pending;
  }

  /** Returns what changed, for the ledger's listeners. */
  applyChanges(changes: readonly FeedEntry[], cursor: number): LedgerTopic[] {
    const skipped = this.ledger.replica.skippedProblem;
    const applied = this.ledger.replica.applyChanges(changes, cursor);
    return this.afterServerData(applied.topics, applied.orders, skipped);
  }

  /** Returns what changed, for the ledger's listeners; not written yet (the ledger persists it). */
  applySnapshot(
    snapshot: Snapshot,
    cursor: number,
    unreadable: readonly UnreadableRecord[],
  ): LedgerTopic[] {
    const skipped = this.ledger.replica.skippedProblem;
    const applied = this.ledger.replica.applySnapshot(snapshot, cursor, unreadable);
    return this.afterServerData(applied.topics, applied.orders, skipped);
  }

  /** `skippedBefore`: the replica's skipped records as they were, so a change shows in the status. */
  private afterServerData(
    topics: ReadonlySet<ReplicaTopic>,
    orders: readonly Order[],
    skippedBefore: string | null,
  ): LedgerTopic[] {
    for (const order of orders) this.ledger.history.stage(order);
    this.ledger.shown.changed({ orders: orders.map((order) => order.id) });
    this.write.schedule();
    const problem =
      this.ledger.replica.skippedProblem !== skippedBefore ? (['problem'] as const) : [];
    // Stock shown depends on the history too: a sale the server echoed no longer counts as pending.
    return [...topics, ...(orders.length > 0 ? (['orders', 'stock'] as const) : []), ...problem];
  }

  /**
   * Writes the server's data held in memory, the cursor last. False when storage refused or what
   * is left would take it past 95% (room-budget.ts): the rest waits in memory, the cursor unmoved
   * so a relaunch pulls the same changes again, and is written once acks free room.
   */
  persist(): boolean {
    const { replica, history, writes } = this.ledger;
    this.write.cancel();
    this.ledger.prune();
    this.ledger.refreshUsage();
    const room = new RoomBudget(this.ledger.storageUsage());
    const written = writes.attempt('history', () => replica.flush(room, () => history.flush(room)));
    this.held = !written;
    this.ledger.refreshUsage();
    return written;
  }

  /** Room was freed: the server's data held back can be written now. */
  roomFreed(): void {
    if (this.held && this.ledger.storageUsage().level !== 'full') this.write.schedule();
  }

  /** Drops a write still waiting (the data it would write is being cleared). */
  cancel(): void {
    this.write.cancel();
  }
}
