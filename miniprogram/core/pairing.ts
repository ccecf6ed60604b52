// Pairing: trade the server's one-time code for this device's id, code and token (POST /api/pair).
// Also reads what staff type or scan: "192.168.1.20:8787", or the QR link "http://host:port/pair?code=...".
import {
  deviceCodeSchema,
  deviceIdSchema,
  ruleError,
  type Checked,
  type DeviceKind,
} from '@pos/shared';
import { HttpUnreachableError, type HttpClient } from '../adapters/http-request';
import type { DeviceIdentity } from './device-identity';

export interface PairInput {
  serverAddress: string;
  /** The 6-digit code the server shows. */
  code: string;
  name: string;
  kind: DeviceKind;
}

/**
 * What a Chinese keyboard types for the address's characters, as the plain ones: full-width
 * digits, letters, "：" and "．" (NFKC), and the ideographic full stop "。" its dot key gives.
 */
function asTypedOnAnyKeyboard(text: string): string {
  return text.normalize('NFKC').replace(/。/g, '.').trim();
}

/** "host:port" from what was typed: a bare address, or one with http:// and a path. */
export function normaliseServerAddress(text: string): Checked<string> {
  const typed = asTypedOnAnyKeyboard(text);
  const match = /^(?:https?:\/\/)?([A-Za-z0-9.-]{1,63}):(\d{1,5})(?:\/.*)?$/.exec(typed);
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65535)
    return ruleError(
      'address_invalid',
      `"${text}" is not a server address such as 192.168.1.20:8787 (the server prints it when it starts): digits or a name, a dot between the parts, a colon before the port`,
    );
  return { ok: true, value: `${match[1]}:${port}` };
}

/** The address and code in the pairing QR code's link; null for any other text. */
export function parsePairingLink(text: string): { serverAddress: string; code: string } | null {
  const match = /^https?:\/\/([^/?#\s]+)\/pair\?(?:.*&)?code=(\d{6})(?:&.*)?$/.exec(text.trim());
  if (!match) return null;
  const address = normaliseServerAddress(match[1]);
  return address.ok ? { serverAddress: address.value, code: match[2] } : null;
}

function serverError(body: unknown): string | null {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' ? error.message : null;
}

export async function pairWithServer(
  http: HttpClient,
  input: PairInput,
  now: number,
): Promise<Checked<DeviceIdentity>> {
  const address = normaliseServerAddress(input.serverAddress);
  if (!address.ok) return address;
  const code = asTypedOnAnyKeyboard(input.code);
  if (!/^\d{6}$/.test(code))
    return ruleError('code_invalid', 'the pairing code is the 6 digits the server shows');
  const name = input.name.trim();
  if (name.length < 1 || name.length > 40)
    return ruleError('name_invalid', 'give the device a name of 1 to 40 characters');
  let response;
  try {
    response = await http.postJson(`http://${address.value}/api/pair`, {
      code,
      name,
      kind: input.kind,
    });
  } catch (error) {
    const detail = error instanceof HttpUnreachableError ? error.message : String(error);
    return ruleError(
      'unreachable',
      `cannot reach the store's server at ${address.value}: is it running, and is this device on the store's Wi-Fi? (${detail})`,
    );
  }
  // Too many wrong codes from here (or from the whole store): the code is not the problem, and
  // a new one would be refused as well until the wait is over.
  if (response.status === 429)
    return ruleError(
      'pairing_locked_out',
      `too many wrong pairing codes: wait a few minutes, then try again (${serverError(response.body) ?? 'HTTP 429'})`,
    );
  if (response.status !== 201)
    return ruleError(
      'pairing_refused',
      `the server refused to pair: ${serverError(response.body) ?? `HTTP ${response.status}`}`,
    );
  const body = response.body as Record<string, unknown> | null;
  const valid =
    body &&
    deviceIdSchema.safeParse(body.deviceId).success &&
    deviceCodeSchema.safeParse(body.deviceCode).success &&
    typeof body.token === 'string' &&
    body.token.length >= 20;
  if (!valid || !body)
    return ruleError('bad_answer', 'the server answered pairing with something unexpected');
  return {
    ok: true,
    value: {
      deviceId: body.deviceId as string,
      deviceCode: body.deviceCode as string,
      token: body.token as string,
      name,
      kind: input.kind,
      storeName: typeof body.storeName === 'string' ? body.storeName.slice(0, 40) : '',
      serverAddress: address.value,
      pairedAt: now,
    },
  };
}
