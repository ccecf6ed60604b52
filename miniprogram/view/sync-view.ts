// The sync badge's words and colour, from the sync status: online or not, what is unsynced,
// refused changes, unreadable data, and the storage warning. Pure.
import { fixableOnServer, type ConnectionState } from '../core/connection-state';
import type { SyncStatus } from '../core/sync-status';
import { text } from '../i18n/index';

export interface SyncBadgeView {
  /** Vant tag type: success online, warning connecting, danger offline. */
  tone: 'success' | 'warning' | 'danger';
  connection: string;
  /** What staff can do about a stop that retrying alone cannot end; '' otherwise. */
  advice: string;
  /** Whether 重试 can help: offline, or revoked/unknown (a manager may have fixed it). */
  canRetry: boolean;
  unsynced: string;
  unsyncedCount: number;
  refused: string;
  /** Empty unless the outbox holds data this app version cannot read. */
  unreadable: string;
  /** Empty when storage is fine. */
  storageWarning: string;
  storageFull: boolean;
}

const adviceFor: Partial<Record<ConnectionState, string>> = text.sync.advice;

export function syncBadge(status: SyncStatus): SyncBadgeView {
  const online = status.connection === 'online';
  const connecting = status.connection === 'connecting';
  const percent = Math.floor(status.storage.ratio * 100);
  const level = status.storage.level;
  return {
    tone: online ? 'success' : connecting ? 'warning' : 'danger',
    connection: text.sync.states[status.connection],
    advice: adviceFor[status.connection] ?? '',
    canRetry: status.connection === 'offline' || fixableOnServer.has(status.connection),
    // Not "all synced" beside a refused change or data it cannot read: those did not sync either.
    unsynced:
      status.unsynced > 0
        ? text.sync.unsynced(status.unsynced)
        : status.unreadable > 0 || status.refused.length > 0
          ? ''
          : text.sync.allSynced,
    unsyncedCount: status.unsynced,
    refused: status.refused.length > 0 ? text.sync.refused(status.refused.length) : '',
    unreadable: status.unreadable > 0 ? text.sync.unreadable(status.unreadable) : '',
    storageWarning:
      level === 'full'
        ? text.sync.storageFull(percent)
        : level === 'warning'
          ? text.sync.storageWarning(percent)
          : '',
    storageFull: level === 'full',
  };
}

/**
 * The kiosk's customer screen (the badge's `customer` mode): nothing while the store's server is
 * reached, one word otherwise. A customer can do nothing about what is unsynced or refused, a full
 * storage or a retry, and should not read them; the word says why 扫码支付 is off (it needs the
 * server), and shows staff passing by that orders sent to the counter are waiting on this device.
 * Every state but online reads 离线 to them (revoked, outdated...: a manager's concern).
 */
export function customerSyncWord(status: Pick<SyncStatus, 'connection'>): string {
  return status.connection === 'online' ? '' : text.sync.states.offline;
}
