// Pairing codes: 6 digits, single use, valid for 10 minutes, each with the manager who asked for it
// (null: the code on the server's start-up banner). Kept in memory only: a restart asks for a new one.
import { randomInt } from 'node:crypto';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

export type PairingCodeCheck = 'ok' | 'unknown' | 'expired';

/** A code used up: whether it was good, and who issued it (for the audit of the pairing). */
export interface RedeemedCode {
  check: PairingCodeCheck;
  issuedBy: string | null;
}

export class PairingCodes {
  private readonly codes = new Map<string, { expiresAt: number; issuedBy: string | null }>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = PAIRING_CODE_TTL_MS,
  ) {}

  /** A new code; `issuedBy` is the manager who asked for it (null for the start-up banner's). */
  issue(issuedBy: string | null = null): { code: string; expiresAt: number } {
    this.forgetExpired();
    let code: string;
    do code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    while (this.codes.has(code));
    const expiresAt = this.now() + this.ttlMs;
    this.codes.set(code, { expiresAt, issuedBy });
    return { code, expiresAt };
  }

  /** Uses up a code (it works once) and says who issued it. */
  redeem(code: string): RedeemedCode {
    const issued = this.codes.get(code);
    if (issued === undefined) return { check: 'unknown', issuedBy: null };
    this.codes.delete(code);
    return { check: issued.expiresAt > this.now() ? 'ok' : 'expired', issuedBy: issued.issuedBy };
  }

  /** Uses up a code: it works once. */
  consume(code: string): PairingCodeCheck {
    return this.redeem(code).check;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [code, { expiresAt }] of this.codes) if (expiresAt <= now) this.codes.delete(code);
  }
}
