// What the settings screen shows: the server and this device as rows of text, and how full the
// device's storage is. Pure.
import { storeDateTime } from '@pos/shared';
import type { DevicePublicInfo } from '../core/device-identity';
import type { StorageUsage } from '../core/storage-usage';
import { text } from '../i18n/index';

export interface InfoRow {
  label: string;
  value: string;
}

export interface StorageView {
  text: string;
  percent: number;
  /** Vant progress colour: the storage warning's colours. */
  color: string;
  warning: string;
}

/** "312 KB" under a megabyte, "3.4 MB" above. */
function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function serverRows(device: DevicePublicInfo, connection: string): InfoRow[] {
  const t = text.settings;
  return [
    { label: t.address, value: device.serverAddress },
    { label: t.storeName, value: device.storeName },
    { label: t.connection, value: connection },
  ];
}

export function deviceRows(device: DevicePublicInfo, utcOffsetMinutes: number): InfoRow[] {
  const t = text.settings;
  return [
    { label: t.deviceName, value: device.name },
    { label: t.deviceCode, value: device.deviceCode },
    { label: t.deviceKind, value: text.pair.kinds[device.kind] },
    { label: t.pairedAt, value: storeDateTime(device.pairedAt, utcOffsetMinutes).slice(0, 16) },
  ];
}

export function storageView(usage: StorageUsage): StorageView {
  const percent = Math.floor(usage.ratio * 100);
  return {
    text: text.settings.storageUsed(size(usage.usedBytes), size(usage.limitBytes), percent),
    percent,
    color: usage.level === 'full' ? '#ee0a24' : usage.level === 'warning' ? '#ed6a0c' : '#1989fa',
    warning:
      usage.level === 'full'
        ? text.sync.storageFull(percent)
        : usage.level === 'warning'
          ? text.sync.storageWarning(percent)
          : '',
  };
}
