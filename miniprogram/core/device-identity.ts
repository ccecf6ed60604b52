// Who this device is to the store's server: what pairing returned, kept in storage.
import { deviceCodeSchema, deviceIdSchema, deviceKindSchema, type DeviceKind } from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import { storageKeys } from './storage-layout';

export interface DeviceIdentity {
  deviceId: string;
  deviceCode: string;
  /** Secret: sent in the sync hello, never in a URL. */
  token: string;
  name: string;
  kind: DeviceKind;
  storeName: string;
  /** "192.168.1.20:8787" */
  serverAddress: string;
  pairedAt: number;
}

/** The identity without its token: what the UI may show. */
export type DevicePublicInfo = Omit<DeviceIdentity, 'token'>;

function isText(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

/** The identity when `raw` is a whole, valid one; null otherwise. */
export function parseIdentity(raw: unknown): DeviceIdentity | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const valid =
    deviceIdSchema.safeParse(r.deviceId).success &&
    deviceCodeSchema.safeParse(r.deviceCode).success &&
    deviceKindSchema.safeParse(r.kind).success &&
    isText(r.token, 20, 200) &&
    isText(r.name, 1, 40) &&
    isText(r.storeName, 0, 40) &&
    isText(r.serverAddress, 3, 100) &&
    Number.isSafeInteger(r.pairedAt);
  if (!valid) return null;
  return {
    deviceId: r.deviceId as string,
    deviceCode: r.deviceCode as string,
    token: r.token as string,
    name: r.name as string,
    kind: r.kind as DeviceKind,
    storeName: r.storeName as string,
    serverAddress: r.serverAddress as string,
    pairedAt: r.pairedAt as number,
  };
}

export function loadIdentity(storage: KeyValueStorage): DeviceIdentity | null {
  return parseIdentity(storage.get(storageKeys.device));
}

export function saveIdentity(storage: KeyValueStorage, identity: DeviceIdentity): void {
  storage.set(storageKeys.device, identity);
}

export function publicInfo(identity: DeviceIdentity): DevicePublicInfo {
  const { token: _token, ...info } = identity;
  return info;
}
