// How full the device's storage is, and what that allows: a warning from 80% of the quota, and
// from 95% no new sale may start (unsynced data is never dropped to make room).
import { STORAGE_FULL_RATIO, STORAGE_WARNING_RATIO, WECHAT_QUOTA_BYTES } from './storage-layout';

export type StorageLevel = 'ok' | 'warning' | 'full';

export interface StorageUsage {
  usedBytes: number;
  limitBytes: number;
  /** usedBytes / limitBytes, 0-1. */
  ratio: number;
  level: StorageLevel;
  /** What to tell staff; null when all is well. */
  message: string | null;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function storageUsage(info: { usedBytes: number; limitBytes: number }): StorageUsage {
  const limitBytes = info.limitBytes > 0 ? info.limitBytes : WECHAT_QUOTA_BYTES;
  const ratio = Math.min(1, info.usedBytes / limitBytes);
  const level: StorageLevel =
    ratio >= STORAGE_FULL_RATIO ? 'full' : ratio >= STORAGE_WARNING_RATIO ? 'warning' : 'ok';
  const used = `${Math.floor(ratio * 100)}% (${megabytes(info.usedBytes)} of ${megabytes(limitBytes)})`;
  const message =
    level === 'full'
      ? `Storage is ${used} full: no new sale can start until this device syncs with the store's server`
      : level === 'warning'
        ? `Storage is ${used} full: connect to the store's server soon so synced data can be cleared`
        : null;
  return { usedBytes: info.usedBytes, limitBytes, ratio, level, message };
}
