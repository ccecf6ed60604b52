// What the HTTP handlers are handed: the store and the auth state, never globals.
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { PairingCodes } from '../auth/pairing-codes';
import type { RateLimits } from './attempt-limit';
import type { StaffSessions } from '../auth/staff-sessions';
import type { Store } from '../store/store';

export interface HttpDeps {
  store: Store;
  sessions: StaffSessions;
  pairingCodes: PairingCodes;
  logger: Logger;
  now: () => number;
  /** Counts wrong PINs per address, for every sign-in (till and dashboard alike). */
  pinAttempts: RequestHandler;
  /** Where the routes make their other limiters, so that closing the app ends them too. */
  limits: RateLimits;
}
