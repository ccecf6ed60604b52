// Who is signed in on this device, and the wrong-PIN count with its lockout, kept in storage so
// that restarting the app neither signs a cashier out nor resets the count.
import type { KeyValueStorage } from '../adapters/storage';
import { storageKeys } from './storage-layout';

/** Wrong PINs in a row before sign-in locks. */
export const PIN_ATTEMPTS_BEFORE_LOCKOUT = 5;
/** How long it stays locked. */
export const PIN_LOCKOUT_MS = 5 * 60_000;

export interface SessionRecord {
  staffId: string | null;
  signedInAt: number | null;
  /**
   * When the signed-in member last used a staff screen: set at sign-in, moved on in memory by each
   * touch, written when the app goes to the background (a kiosk's staff session ends untouched).
   */
  lastActiveAt: number | null;
  failures: number;
  lockedUntil: number | null;
}

export const signedOut: SessionRecord = {
  staffId: null,
  signedInAt: null,
  lastActiveAt: null,
  failures: 0,
  lockedUntil: null,
};

/** Why no PIN may be tried now, or null. */
export function lockMessage(record: SessionRecord, now: number): string | null {
  if (record.lockedUntil === null || now >= record.lockedUntil) return null;
  const minutes = Math.ceil((record.lockedUntil - now) / 60_000);
  return `too many wrong PINs: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** One more wrong PIN; the fifth in a row locks sign-in for a while. */
export function afterWrongPin(record: SessionRecord, now: number): SessionRecord {
  // A lockout that has run out starts the count again.
  const expired = record.lockedUntil !== null && now >= record.lockedUntil;
  const failures = (expired ? 0 : record.failures) + 1;
  if (failures >= PIN_ATTEMPTS_BEFORE_LOCKOUT)
    return { ...record, failures: 0, lockedUntil: now + PIN_LOCKOUT_MS };
  return { ...record, failures, lockedUntil: expired ? null : record.lockedUntil };
}

export function afterRightPin(record: SessionRecord): SessionRecord {
  return { ...record, failures: 0, lockedUntil: null };
}

export function loadSession(storage: KeyValueStorage): SessionRecord {
  const stored = storage.get(storageKeys.session) as Partial<SessionRecord> | null;
  if (!stored || typeof stored !== 'object') return signedOut;
  const number = (value: unknown) => (Number.isSafeInteger(value) ? (value as number) : null);
  return {
    staffId: typeof stored.staffId === 'string' ? stored.staffId : null,
    signedInAt: number(stored.signedInAt),
    // Written before the field existed: the sign-in is the last activity known.
    lastActiveAt: number(stored.lastActiveAt) ?? number(stored.signedInAt),
    failures: number(stored.failures) ?? 0,
    lockedUntil: number(stored.lockedUntil),
  };
}

export function saveSession(storage: KeyValueStorage, record: SessionRecord): void {
  storage.set(storageKeys.session, record);
}
