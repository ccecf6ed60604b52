// Guessing a pairing code or a PIN: a few failures from one address, then a lockout.
// Doing something that costs the store (a customer's join adds a member to every till's storage):
// every time counts, per address or store-wide, whatever the answer would have been.
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

export interface RequestLimitOptions {
  /** Requests allowed in the window (counted from the first); the rest are refused until it ends. */
  requests: number;
  windowMs: number;
  /** Per client address, or one count for everyone (rotating addresses does not help). */
  per: 'address' | 'store';
  /** The refusal, answered 429 with a Retry-After. */
  code: string;
  message: string;
}

/**
 * Counts every request that reaches it, successful or not: a request aborted by its client still
 * counts (counting successes only would let a client that hangs up early go uncounted). Put checks
 * that should not use up the allowance (malformed input) before it. No RateLimit headers: the
 * store-wide count would tell anyone how busy the store is.
 */
export function limitRequests({
  requests,
  windowMs,
  per,
  code,
  message,
}: RequestLimitOptions): RequestHandler {
  return rateLimit({
    windowMs,
    limit: requests,
    standardHeaders: false,
    legacyHeaders: false,
    ...(per === 'store' ? { keyGenerator: () => 'store' } : {}),
    handler: (request, response) => {
      const resetTime = (request as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime
        ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000))
        : 60;
      response.status(429).set('retry-after', String(seconds)).json({ error: { code, message } });
    },
  });
}
