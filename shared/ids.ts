// Identifiers made without the server: operation ids, order ids and human order numbers.
// A device's id and its short code (T1, P1, K1) come from pairing; the rest is per-device counting.
import { z } from 'zod';

export const deviceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{4,40}$/, 'must be 4-40 letters, digits, _ or -');
export const deviceCodeSchema = z
  .string()
  .regex(/^[TPK][1-9][0-9]{0,3}$/, 'must be T, P or K and a number, such as T1');
export const deviceKindSchema = z.enum(['tablet', 'phone', 'kiosk']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

/** The device code letter for each kind of device. */
export const deviceCodePrefix: Record<DeviceKind, string> = { tablet: 'T', phone: 'P', kiosk: 'K' };

/** An operation's id: the device id and its per-device sequence number, so it is unique without the server. */
export function operationId(deviceId: string, seq: number): string {
  return `${deviceId}:${seq}`;
}
