// Staff PINs as salted slow hashes (PBKDF2-SHA256), checked on the device so sign-in works offline.
// The salt is passed in: the core makes no randomness of its own.
import { pbkdf2 } from '@noble/hashes/pbkdf2';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils';

/** Slow enough to cost a stolen-hash guesser, fast enough (~0.1 s) on a budget phone in pure JS. */
export const PIN_HASH_ITERATIONS = 20000;
const PREFIX = 'pbkdf2-sha256';

/** A PIN is ASCII digits: its bytes need no TextEncoder, which WeChat's JS engine may lack. */
function pinBytes(pin: string): Uint8Array {
  return Uint8Array.from(pin, (digit) => digit.charCodeAt(0));
}

export function checkPinFormat(pin: string): string | null {
  return /^\d{4,6}$/.test(pin) ? null : 'a PIN is 4 to 6 digits';
}

/** "pbkdf2-sha256$20000$<salt hex>$<hash hex>" */
export function hashPin(pin: string, salt: Uint8Array, iterations = PIN_HASH_ITERATIONS): string {
  const problem = checkPinFormat(pin);
  if (problem) throw new RangeError(problem);
  if (salt.length < 16) throw new RangeError('a PIN salt needs at least 16 bytes');
  const hash = pbkdf2(sha256, pinBytes(pin), salt, { c: iterations, dkLen: 32 });
  return `${PREFIX}$${iterations}$${bytesToHex(salt)}$${bytesToHex(hash)}`;
}

/** True when `pin` matches the encoded hash; false for a wrong PIN or a malformed hash. */
export function verifyPin(pin: string, encoded: string): boolean {
  const [prefix, iterationsText, saltHex, hashHex] = encoded.split('$');
  const iterations = Number(iterationsText);
  if (prefix !== PREFIX || !Number.isInteger(iterations) || iterations < 1 || !saltHex || !hashHex)
    return false;
  if (checkPinFormat(pin)) return false;
  const expected = hexToBytes(hashHex);
  const actual = pbkdf2(sha256, pinBytes(pin), hexToBytes(saltHex), {
    c: iterations,
    dkLen: expected.length,
  });
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected[i] ^ actual[i];
  return diff === 0 && actual.length === expected.length;
}
