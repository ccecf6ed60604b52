// The project's own QR payloads: a kind, a short reference, an expiry and a nonce, signed with
// HMAC-SHA256 under the server's secret, in one compact text that fits wxacode's `scene`.
// Pure: the secret, the time and the nonce are passed in; the replay memory lives on the server.
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import type { Checked } from './tenders';

/** What a code is for. An amount is never part of it: the server reads it from its own order. */
export type QrKind = 'pay-order' | 'join-membership' | 'pair-device';

export interface QrPayload {
  kind: QrKind;
  /** A short id the server looks up: a payment id, a membership card id, a pairing code. */
  ref: string;
  /** When the code stops working (ms since epoch; kept to the minute, rounded up). */
  expiresAt: number;
  /** Five letters or digits, fresh for each code: what the server remembers to refuse a replay. */
  nonce: string;
}

export type QrErrorCode = 'qr_malformed' | 'qr_tampered' | 'qr_expired' | 'qr_wrong_kind';

const kindLetters: Record<QrKind, string> = {
  'pay-order': 'P',
  'join-membership': 'J',
  'pair-device': 'D',
};
const kindsByLetter = new Map(Object.entries(kindLetters).map(([kind, letter]) => [letter, kind]));

/** wxacode.getUnlimited's limit: at most 32 characters of [0-9A-Za-z!#$&'()*+,/:;=?@-._~]. */
export const SCENE_MAX_LENGTH = 32;
export const QR_REF_MAX_LENGTH = 9;
const EXPIRY_CHARS = 5;
const NONCE_CHARS = 5;
const MAC_BYTES = 9;
const MAC_CHARS = 12;
const MINUTE_MS = 60_000;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const alphanumeric = /^[0-9A-Za-z]+$/;

/** Base64url without padding; here only for whole groups of three bytes. */
function base64url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    text += BASE64URL[n >> 18] + BASE64URL[(n >> 12) & 63] + BASE64URL[(n >> 6) & 63];
    text += BASE64URL[n & 63];
  }
  return text;
}

/** ASCII text as bytes: every field of a payload is ASCII, and WeChat's engine may lack TextEncoder. */
function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0) & 0x7f);
}

/** A nonce from random bytes (at least five; the caller's randomness). */
export function qrNonce(random: Uint8Array): string {
  if (random.length < NONCE_CHARS) throw new RangeError('a QR nonce needs at least 5 random bytes');
  let nonce = '';
  for (let i = 0; i < NONCE_CHARS; i++) nonce += BASE62[random[i] % 62];
  return nonce;
}

/** A short alphanumeric reference (a payment id) from random bytes. */
export function qrRef(random: Uint8Array, length = 8): string {
  if (length < 1 || length > QR_REF_MAX_LENGTH || random.length < length)
    throw new RangeError(`a QR reference is 1-${QR_REF_MAX_LENGTH} characters from as many bytes`);
  let ref = '';
  for (let i = 0; i < length; i++) ref += BASE62[random[i] % 62];
  return ref;
}

function macOf(secret: Uint8Array, body: string): string {
  return base64url(hmac(sha256, secret, asciiBytes(`pos-qr-1|${body}`)).subarray(0, MAC_BYTES));
}

function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function checkSecret(secret: Uint8Array): void {
  if (secret.length < 32) throw new RangeError('the QR secret must be at least 32 bytes');
}

/**
 * The signed compact text: kind letter, reference, expiry (minutes, base 36), nonce, MAC.
 * At most 32 characters of letters, digits, "-" and "_": a wxacode `scene` as it is.
 */
export function signQrPayload(secret: Uint8Array, payload: QrPayload): string {
  checkSecret(secret);
  const { kind, ref, expiresAt, nonce } = payload;
  if (!(kind in kindLetters)) throw new RangeError(`unknown QR kind ${kind}`);
  if (!alphanumeric.test(ref) || ref.length > QR_REF_MAX_LENGTH)
    throw new RangeError(
      `a QR reference is 1-${QR_REF_MAX_LENGTH} letters or digits, not "${ref}"`,
    );
  if (!alphanumeric.test(nonce) || nonce.length !== NONCE_CHARS)
    throw new RangeError(`a QR nonce is ${NONCE_CHARS} letters or digits, not "${nonce}"`);
  const minutes = Math.ceil(expiresAt / MINUTE_MS);
  const expiry = minutes.toString(36);
  if (!Number.isSafeInteger(minutes) || minutes < 0 || expiry.length > EXPIRY_CHARS)
    throw new RangeError(`a QR expiry must be a time before the year 2084, not ${expiresAt}`);
  const body = kindLetters[kind] + ref + expiry.padStart(EXPIRY_CHARS, '0') + nonce;
  return body + macOf(secret, body);
}

/**
 * Reads and checks a compact payload: its MAC (any changed character is refused), its expiry
 * and, when given, its kind. Replays are the caller's to refuse (see ReplayGuard on the server).
 */
export function verifyQrPayload(
  secret: Uint8Array,
  text: string,
  now: number,
  expected?: QrKind,
): Checked<QrPayload, QrErrorCode> {
  checkSecret(secret);
  const minLength = 1 + 1 + EXPIRY_CHARS + NONCE_CHARS + MAC_CHARS;
  if (
    typeof text !== 'string' ||
    text.length < minLength ||
    text.length > SCENE_MAX_LENGTH ||
    !/^[0-9A-Za-z_-]+$/.test(text)
  )
    return {
      ok: false,
      error: { code: 'qr_malformed', message: 'this is not one of the store’s QR codes' },
    };
  const body = text.slice(0, -MAC_CHARS);
  if (!sameText(macOf(secret, body), text.slice(-MAC_CHARS)))
    return {
      ok: false,
      error: {
        code: 'qr_tampered',
        message: 'this QR code was altered or was not made by this store’s server',
      },
    };
  const kind = kindsByLetter.get(body[0]) as QrKind | undefined;
  const ref = body.slice(1, -(EXPIRY_CHARS + NONCE_CHARS));
  const minutes = parseInt(body.slice(-(EXPIRY_CHARS + NONCE_CHARS), -NONCE_CHARS), 36);
  const nonce = body.slice(-NONCE_CHARS);
  if (
    !kind ||
    !alphanumeric.test(ref) ||
    !alphanumeric.test(nonce) ||
    !Number.isSafeInteger(minutes)
  )
    return {
      ok: false,
      error: { code: 'qr_malformed', message: 'this QR code’s fields are not valid' },
    };
  if (expected && kind !== expected)
    return {
      ok: false,
      error: { code: 'qr_wrong_kind', message: `this QR code is for ${kind}, not ${expected}` },
    };
  const expiresAt = minutes * MINUTE_MS;
  if (now >= expiresAt)
    return {
      ok: false,
      error: { code: 'qr_expired', message: 'this QR code has expired: ask for a new one' },
    };
  return { ok: true, value: { kind, ref, expiresAt, nonce } };
}

/** The compact payload inside what a scan gives: a scene as it is, or the last part of a link. */
export function qrPayloadText(scanned: string): string {
  const trimmed = scanned.trim();
  const withoutQuery = trimmed.split(/[?#]/)[0];
  const last = withoutQuery.slice(withoutQuery.lastIndexOf('/') + 1);
  return last;
}
