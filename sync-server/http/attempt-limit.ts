// Guessing a pairing code or a PIN: a few failures from one address, then a lockout.
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';

export interface AttemptLimitOptions {
  /** Failed attempts allowed per address in the window; then the address is locked out until it ends. */
  failures: number;
  windowMs: number;
  what: string;
}

export function limitFailedAttempts({
  failures,
  windowMs,
  what,
}: AttemptLimitOptions): RequestHandler {
  return rateLimit({
    windowMs,
    limit: failures,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_request, response) => {
      const minutes = Math.ceil(windowMs / 60_000);
      response.status(429).json({
        error: {
          code: 'locked_out',
          message: `too many failed ${what} attempts from this address: wait ${minutes} minutes`,
        },
      });
    },
  });
}
