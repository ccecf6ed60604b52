// The sync badge's words and colour, from the sync status: online or not, what is unsynced and
// since when, the last successful sync, refused changes, unreadable data, a data problem, and the
// storage warning;
// and by the badge's same rule for 在线, whether a WeChat Pay QR may be offered. Pure.
import { storeDateTime } from '@pos/shared';
import { fixableOnServer, type ConnectionState } from '../core/connection-state';
import type { SyncStatus } from '../core/sync-status';
import { text } from '../i18n/index';
import { durationWords } from './durations';

export interface SyncBadgeView {
  /** Vant tag type: success online, warning connecting, danger offline. */
  tone: 'success' | 'warning' | 'danger';
  /** 在线, 连接中, 离线 (the store's server does not answer), 无网络 (the phone has none)... */
  connection: string;
  /** What staff can do about a stop that retrying alone cannot end; '' otherwise. */
  advice: string;
  /**
   * Whether 重试 can help: offline, revoked/unknown (a manager may have fixed it), or a server older
   * than the app (it may have been updated since the last knock).
   */
  canRetry: boolean;
  unsynced: string;
  unsyncedCount: number;
  refused: string;
  /** Empty unless the outbox holds data this app version cannot read. */
  unreadable: string;
  /**
   * Empty unless storage refused a write, or the server's records could not be stored or read
   * here: the settings page says which.
   */
  problem: string;
  /** Empty when storage is fine. */
  storageWarning: string;
  storageFull: boolean;
}

/** The badge's times, beside the count: since when changes wait, and when the till last synced. */
export interface SyncTimesView {
  /** How long the oldest unsynced change has waited ('最早 3 小时前'); '' when nothing waits. */
  oldest: string;
  /** The last successful sync on the store's clock ('上次同步 09:00'), or 从未同步. */
  lastSync: string;
}

/** When the times are read: now, and the store's offset from UTC for its wall clock. */
export interface ReadingTime {
  now: number;
  utcOffsetMinutes: number;
}

const adviceFor: Partial<Record<ConnectionState, string>> = text.sync.advice;

/** States the engine knocks again from by itself: 重试 only saves the wait. */
const retriedOnItsOwn: ReadonlySet<ConnectionState> = new Set(['offline', 'server_outdated']);

/**
 * Online and seen to work (connection-state.ts `working`): an answer came, not a welcome alone. A
 * half-open socket, or a server that cannot store anything, says welcome too. The badge's 在线, and
 * when a WeChat Pay QR may be offered (the checkout's, a member top-up's, the kiosk's 扫码支付): the
 * server makes the QR and records the payment, so on a welcome alone a customer could pay on a
 * server that never records it.
 */
export function seenWorking(status: Pick<SyncStatus, 'connection' | 'working'>): boolean {
  return status.connection === 'online' && status.working;
}

type ConnectionSeen = Pick<SyncStatus, 'connection' | 'working' | 'network'>;

/** Welcomed but not yet seen to work (seenWorking): 连接中 until an answer shows it works. */
function shownState(status: ConnectionSeen): ConnectionState {
  return status.connection === 'online' && !status.working ? 'connecting' : status.connection;
}

/**
 * Offline, or trying again, while the phone itself says it has no network: the cashier's fix is the
 * tablet's Wi-Fi, not the store's server. Said steadily, not 离线 and 连接中 in turn as attempts go on.
 */
function noNetwork(status: ConnectionSeen): boolean {
  const shown = shownState(status);
  return (shown === 'offline' || shown === 'connecting') && status.network?.connected === false;
}

/**
 * The settings page's 连接: offline, why, and what to check. The phone's word that it has no network
 * says which; otherwise the phone has one and the store's server does not answer.
 */
export function connectionDetail(status: ConnectionSeen): string {
  if (noNetwork(status)) return text.sync.offlineNoNetwork;
  const shown = shownState(status);
  return shown === 'offline' ? text.sync.offlineNoServer : text.sync.states[shown];
}

export function syncBadge(status: SyncStatus): SyncBadgeView {
  const shown = shownState(status);
  const online = shown === 'online';
  const connecting = shown === 'connecting' && !noNetwork(status);
  const percent = Math.floor(status.storage.ratio * 100);
  const level = status.storage.level;
  return {
    tone: online ? 'success' : connecting ? 'warning' : 'danger',
    connection: noNetwork(status) ? text.sync.noNetwork : text.sync.states[shown],
    advice: adviceFor[status.connection] ?? '',
    canRetry: retriedOnItsOwn.has(status.connection) || fixableOnServer.has(status.connection),
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
    problem: status.problem ? text.sync.dataProblem : '',
    storageWarning:
      level === 'full'
        ? text.sync.storageFull(percent)
        : level === 'warning'
          ? text.sync.storageWarning(percent)
          : '',
    storageFull: level === 'full',
  };
}

export function syncTimes(
  status: Pick<SyncStatus, 'oldestUnsyncedAt' | 'lastSyncAt'>,
  time: ReadingTime,
): SyncTimesView {
  return {
    oldest: oldestWords(status.oldestUnsyncedAt, time.now),
    lastSync: lastSyncWords(status.lastSyncAt, time),
  };
}

function oldestWords(oldestUnsyncedAt: number | null, now: number): string {
  if (oldestUnsyncedAt === null) return '';
  const ageMs = now - oldestUnsyncedAt;
  return ageMs < 60_000 ? text.sync.oldestJustNow : text.sync.oldest(durationWords(ageMs));
}

/** '09:00' today on the store's clock, '12-06 09:00' another day. */
function lastSyncWords(lastSyncAt: number | null, { now, utcOffsetMinutes }: ReadingTime): string {
  if (lastSyncAt === null) return text.sync.neverSynced;
  const at = storeDateTime(lastSyncAt, utcOffsetMinutes);
  const today = storeDateTime(now, utcOffsetMinutes).slice(0, 10);
  return text.sync.lastSync(at.slice(0, 10) === today ? at.slice(11, 16) : at.slice(5, 16));
}

/**
 * The kiosk's customer screen (the badge's `customer` mode): nothing while the store's server is
 * reached and seen to work (when 扫码支付 is offered), one word otherwise. A customer can do nothing
 * about what is unsynced or refused, a full storage or a retry, and should not read them; the word
 * says why 扫码支付 is off (it needs the server), and shows staff passing by that orders sent to
 * the counter are waiting on this device. Every other state reads 离线 to them (connecting,
 * revoked, outdated...: a manager's concern).
 */
export function customerSyncWord(status: Pick<SyncStatus, 'connection' | 'working'>): string {
  return seenWorking(status) ? '' : text.sync.states.offline;
}
