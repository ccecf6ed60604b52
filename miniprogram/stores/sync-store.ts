// The sync status for the UI at all times: online or not and why, what is unsynced and since when,
// refused operations, the last sync and how full storage is.
import { makeAutoObservable, observable } from 'mobx-miniprogram';
import { ruleError, type Checked } from '@pos/shared';
import type { Clock } from '../adapters/clock';
import type { Ledger } from '../core/ledger';
import type { StorageLevel } from '../core/storage-usage';
import type { SyncEngine } from '../core/sync-engine';
import { syncStatus, type RefusedOperation, type SyncStatus } from '../core/sync-status';
import type { SessionStore } from './session-store';

export interface SyncDeps {
  ledger: Ledger;
  engine: SyncEngine;
  clock: Clock;
  session: SessionStore;
}

export class SyncStore {
  status: SyncStatus;
  /** The time the status was read; ticks while something is unsynced, so ages stay current. */
  now: number;

  constructor(private readonly deps: SyncDeps) {
    this.status = syncStatus(deps.engine.status(), deps.ledger);
    this.now = deps.clock.now();
    makeAutoObservable<SyncStore, 'deps'>(
      this,
      { deps: false, status: observable.ref },
      { autoBind: true },
    );
  }

  refresh(): void {
    this.status = syncStatus(this.deps.engine.status(), this.deps.ledger);
    this.now = this.deps.clock.now();
  }

  get isOnline(): boolean {
    return this.status.connection === 'online';
  }

  /**
   * Online with the server's catch-up applied: the members' balances are the server's of now, not
   * those of when the device went offline, and the offline stored-value caps may be lifted.
   */
  get isCaughtUp(): boolean {
    return this.isOnline && this.status.caughtUp;
  }

  get unsyncedCount(): number {
    return this.status.unsynced;
  }

  /** How long the oldest unsynced change has waited; null when nothing waits. */
  get oldestUnsyncedAgeMs(): number | null {
    const oldest = this.status.oldestUnsyncedAt;
    return oldest === null ? null : Math.max(0, this.now - oldest);
  }

  get refused(): RefusedOperation[] {
    return this.status.refused;
  }

  get storageLevel(): StorageLevel {
    return this.status.storage.level;
  }

  /** The storage warning to show, or null. */
  get storageMessage(): string | null {
    return this.status.storage.message;
  }

  /** One line for the status bar. */
  get summary(): string {
    const { connection, reason, unsynced } = this.status;
    const waiting = unsynced > 0 ? `, ${unsynced} not synced yet` : '';
    if (connection === 'online') return `online${waiting}`;
    if (connection === 'connecting') return `connecting${waiting}`;
    return `${connection}${reason ? `: ${reason}` : ''}${waiting}`;
  }

  /**
   * "Retry now" (重试): connect without waiting out the backoff; after the server said the device
   * is revoked, ask once more (a manager may have reinstated it). A person's tap only.
   */
  retryNow(): void {
    this.deps.engine.retryByHand();
  }

  /**
   * The app back in the foreground: connect without waiting out the backoff, but never on a
   * revoked or unknown device's behalf (the camera or the pay sheet bring the app back too). The
   * status is read again: the phone's date may have been changed in its settings meanwhile.
   */
  reconnectNow(): void {
    this.refresh();
    this.deps.engine.connectNow();
  }

  /**
   * Drops a refused operation after a manager has dealt with it (the server keeps its refusal).
   * Never automatic: the signed-in staff must be a manager.
   */
  dismissRefused(seq: number): Checked<null> {
    if (!this.deps.session.isManager)
      return ruleError('manager_only', 'only a signed-in manager may dismiss a refused change');
    try {
      if (!this.deps.ledger.dismissRefused(seq))
        return ruleError('not_refused', `change ${seq} is not a refused change on this device`);
    } catch (error) {
      return ruleError('storage_error', (error as Error).message);
    }
    return { ok: true, value: null };
  }
}
