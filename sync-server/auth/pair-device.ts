// Pairing a device: a code shown by the server, exchanged once for a device id, a short code
// (T1, P1, K1...) and a long random token of which the server keeps only a hash.
import { randomBytes } from 'node:crypto';
import { deviceCodePrefix, type DeviceKind } from '@pos/shared';
import { hashToken, type Store } from '../store/store';

export interface PairedDevice {
  deviceId: string;
  deviceCode: string;
  token: string;
}

/** `pairedBy`: the manager who issued the code used (null: the start-up banner's code). */
export async function pairDevice(
  store: Store,
  name: string,
  kind: DeviceKind,
  now: number,
  pairedBy: string | null = null,
): Promise<PairedDevice> {
  const prefix = deviceCodePrefix[kind];
  const number = (store.state.deviceCodeCounters[prefix] ?? 0) + 1;
  const deviceId = `d_${randomBytes(9).toString('base64url')}`;
  const token = `t_${randomBytes(32).toString('base64url')}`;
  const deviceCode = `${prefix}${number}`;
  await store.commit({
    kind: 'device.paired',
    device: {
      id: deviceId,
      code: deviceCode,
      name,
      kind,
      pairedAt: now,
      revokedAt: null,
      ackedSeq: 0,
      missingSeqs: [],
      lastSeenAt: null,
      tokenHash: hashToken(token),
      maxSeq: 0,
    },
    by: pairedBy,
  });
  return { deviceId, deviceCode, token };
}
