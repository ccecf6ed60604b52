// Who is signed in on this device, and the wrong-PIN counts with their lockouts, kept in storage so
// that restarting the app neither signs a cashier out nor resets a count. Two counts: sign-in's,
// which any right sign-in clears, and the manager PIN's (approvals, a manager signing in), which only
// a right manager PIN or its lockout running out clears, so a cashier cannot go on guessing the
// manager's PIN by signing in with their own between tries.
import type { KeyValueStorage } from '../adapters/storage';
import { storageKeys } from './storage-layout';

/** Wrong PINs in a row before sign-in (or manager PINs) lock. */
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
  /** Sign-in's count and lockout. */
  failures: number;
  lockedUntil: number | null;
  /** The manager PIN's count and lockout. */
  approvalFailures: number;
  approvalLockedUntil: number | null;
}

export const signedOut: SessionRecord = {
  staffId: null,
  signedInAt: null,
  lastActiveAt: null,
  failures: 0,
  lockedUntil: null,
  approvalFailures: 0,
  approvalLockedUntil: null,
};

/** Minutes left of a lockout, or null when there is none now. */
function minutesLocked(lockedUntil: number | null, now: number): number | null {
  if (lockedUntil === null || now >= lockedUntil) return null;
  return Math.ceil((lockedUntil - now) / 60_000);
}

const minutesText = (minutes: number) => `${minutes} minute${minutes === 1 ? '' : 's'}`;

/** Why no PIN may be tried now, or null. */
export function lockMessage(record: SessionRecord, now: number): string | null {
  const minutes = minutesLocked(record.lockedUntil, now);
  return minutes === null ? null : `too many wrong PINs: try again in ${minutesText(minutes)}`;
}

/** Why no manager PIN may be tried now, or null. */
export function managerLockMessage(record: SessionRecord, now: number): string | null {
  const minutes = minutesLocked(record.approvalLockedUntil, now);
  return minutes === null
    ? null
    : `too many wrong manager PINs: try again in ${minutesText(minutes)}`;
}

/** A count one wrong PIN on: the fifth in a row locks for a while; a lapsed lockout starts anew. */
function countedWrong(failures: number, lockedUntil: number | null, now: number) {
  const expired = lockedUntil !== null && now >= lockedUntil;
  const count = (expired ? 0 : failures) + 1;
  if (count >= PIN_ATTEMPTS_BEFORE_LOCKOUT)
    return { failures: 0, lockedUntil: now + PIN_LOCKOUT_MS };
  return { failures: count, lockedUntil: expired ? null : lockedUntil };
}

export function afterWrongPin(record: SessionRecord, now: number): SessionRecord {
  return { ...record, ...countedWrong(record.failures, record.lockedUntil, now) };
}

export function afterRightPin(record: SessionRecord): SessionRecord {
  return { ...record, failures: 0, lockedUntil: null };
}

export function afterWrongManagerPin(record: SessionRecord, now: number): SessionRecord {
  const counted = countedWrong(record.approvalFailures, record.approvalLockedUntil, now);
  return {
    ...record,
    approvalFailures: counted.failures,
    approvalLockedUntil: counted.lockedUntil,
  };
}

export function afterRightManagerPin(record: SessionRecord): SessionRecord {
  return { ...record, approvalFailures: 0, approvalLockedUntil: null };
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
    approvalFailures: number(stored.approvalFailures) ?? 0,
    approvalLockedUntil: number(stored.approvalLockedUntil),
  };
}

export function saveSession(storage: KeyValueStorage, record: SessionRecord): void {
  storage.set(storageKeys.session, record);
}
