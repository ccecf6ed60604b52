// Reconnect delays: exponential with full jitter (a random wait up to the doubling ceiling), so a
// store's devices coming back at once do not all knock on the server in the same instant.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 500, maxMs: 30_000 };

/** The ceiling for a retry: base x 2^attempt, capped. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy = defaultBackoff): number {
  // 2^30 already dwarfs any cap: stop doubling before the number does anything strange.
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
}

/** A delay in [0, ceiling), from a random number in [0, 1). */
export function backoffDelay(
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = defaultBackoff,
): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}

/** Counts failed attempts; a success resets it. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly random: () => number,
    private readonly policy: BackoffPolicy = defaultBackoff,
  ) {}

  get attempts(): number {
    return this.attempt;
  }

  next(): number {
    return backoffDelay(this.attempt++, this.random, this.policy);
  }

  reset(): void {
    this.attempt = 0;
  }
}
