// Guessing a pairing code or a PIN: a few failures from one address, then a lockout; and a ceiling
// of failures for the whole store, since a laptop on the LAN can take address after address.
// Doing something that costs the store (a customer's join adds a member to every till's storage):
// every time counts, per address or store-wide, whatever the answer would have been.
import { MemoryStore, rateLimit } from 'express-rate-limit';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';

export interface AttemptLimitOptions {
  /** Failed attempts allowed per address in the window; then the address is locked out until it ends. */
  failures: number;
  windowMs: number;
  what: string;
  /**
   * Failed attempts allowed from all addresses together in its window; past it every attempt is
   * refused before it is checked, and the logger is told once a window.
   */
  storeWide?: { failures: number; windowMs: number; action: string; logger: Logger };
}

const minutesOf = (ms: number) => Math.ceil(ms / 60_000);

/** Seconds until the window of the limiter that just refused the request ends. */
function secondsLeft(request: Request, windowMs: number): number {
  const resetTime = (request as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  return resetTime
    ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000))
    : Math.ceil(windowMs / 1000);
}

/**
 * The limiters of one app, each counting in its own MemoryStore. A MemoryStore clears old counts
 * on an interval that runs until it is shut down: `close()` ends them, so a closed app leaves no
 * timer behind (each would hold its counts for as long as the process runs, and under jest the
 * whole test file that made it).
 */
export class RateLimits {
  private readonly stores: MemoryStore[] = [];

  /** Counts failures only: per address, and against the store's ceiling when given one. */
  failedAttempts(options: AttemptLimitOptions): RequestHandler {
    return limitFailedAttempts(options, () => this.newStore());
  }

  /** Counts every request that reaches it, failed or not (see limitRequests). */
  requests(options: RequestLimitOptions): RequestHandler {
    return limitRequests(options, this.newStore());
  }

  close(): void {
    for (const store of this.stores) store.shutdown();
  }

  private newStore(): MemoryStore {
    const store = new MemoryStore();
    this.stores.push(store);
    return store;
  }
}

function limitFailedAttempts(
  { failures, windowMs, what, storeWide }: AttemptLimitOptions,
  newStore: () => MemoryStore,
): RequestHandler {
  const perAddress = rateLimit({
    store: newStore(),
    windowMs,
    limit: failures,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_request, response) => {
      response.status(429).json({
        error: {
          code: 'locked_out',
          message: `too many failed ${what} attempts from this address: wait ${minutesOf(windowMs)} minutes`,
        },
      });
    },
  });
  if (!storeWide) return perAddress;
  const inStore = limitFailuresInStore({ ...storeWide, what }, newStore());
  // The address's count first: a locked-out address's attempts never reach the store's count, so
  // one address alone cannot use up the store's allowance.
  return (request, response, next) =>
    void perAddress(request, response, (error?: unknown) =>
      error === undefined ? void inStore(request, response, next) : next(error),
    );
}

function limitFailuresInStore(
  {
    failures,
    windowMs,
    what,
    action,
    logger,
  }: NonNullable<AttemptLimitOptions['storeWide']> & { what: string },
  store: MemoryStore,
): RequestHandler {
  const windowMinutes = minutesOf(windowMs);
  let windowLogged: number | undefined;
  return rateLimit({
    store,
    windowMs,
    limit: failures,
    skipSuccessfulRequests: true,
    keyGenerator: () => 'store',
    // No RateLimit headers: they would tell anyone how many failures the store has counted.
    standardHeaders: false,
    legacyHeaders: false,
    handler: (request, response) => {
      const seconds = secondsLeft(request, windowMs);
      const until = new Date(Date.now() + seconds * 1000);
      // Once per window: the flood of refusals that follows would bury the news.
      if (windowLogged === undefined || Date.now() >= windowLogged) {
        windowLogged = until.getTime();
        logger.warn(
          {
            what,
            failures,
            windowMinutes,
            address: request.ip,
            until: until.toISOString(),
          },
          `store-wide lockout: too many failed ${what} attempts, all refused until the window ends`,
        );
      }
      response
        .status(429)
        .set('retry-after', String(seconds))
        .json({
          error: {
            code: 'store_locked_out',
            message: `too many failed ${what} attempts in the store (${failures} in ${windowMinutes} minutes): ${action} is paused for everyone; try again in ${minutesOf(seconds * 1000)} minutes`,
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
function limitRequests(
  { requests, windowMs, per, code, message }: RequestLimitOptions,
  store: MemoryStore,
): RequestHandler {
  return rateLimit({
    store,
    windowMs,
    limit: requests,
    standardHeaders: false,
    legacyHeaders: false,
    ...(per === 'store' ? { keyGenerator: () => 'store' } : {}),
    handler: (request, response) => {
      response
        .status(429)
        .set('retry-after', String(secondsLeft(request, 60_000)))
        .json({ error: { code, message } });
    },
  });
}
