// Revoking a device (its token and socket refused from then on) and reinstating one revoked by
// mistake, so that the sales it kept meanwhile reach the store. Each journaled, for the audit.
import { HttpError } from '../http/errors';
import type { DeviceRecord } from '../store/state';
import type { Store } from '../store/store';

function pairedDevice(store: Store, deviceId: string): DeviceRecord {
  const device = store.device(deviceId);
  if (!device) throw new HttpError(404, 'not_found', `no device ${deviceId}`);
  return device;
}

/** `by`: the manager; `reason`: their words, for the audit. */
export async function revokeDevice(
  store: Store,
  deviceId: string,
  by: string,
  reason: string,
): Promise<DeviceRecord> {
  const device = pairedDevice(store, deviceId);
  // Revoking again would only add a second, false revocation to the audit.
  if (device.revokedAt !== null)
    throw new HttpError(409, 'already_revoked', `device ${device.code} is already revoked`);
  await store.commit({ kind: 'device.revoked', deviceId, by, reason });
  return pairedDevice(store, deviceId);
}

/** Its old token works again; the device syncs at its next attempt (重试 on it, or a restart). */
export async function reinstateDevice(
  store: Store,
  deviceId: string,
  by: string,
  reason: string,
): Promise<DeviceRecord> {
  const device = pairedDevice(store, deviceId);
  if (device.revokedAt === null)
    throw new HttpError(409, 'not_revoked', `device ${device.code} is not revoked`);
  await store.commit({ kind: 'device.reinstated', deviceId, by, reason });
  return pairedDevice(store, deviceId);
}
