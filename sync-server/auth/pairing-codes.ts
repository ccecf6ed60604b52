// Pairing codes: 6 digits, single use, valid for 10 minutes. Kept in memory only: a restart
// simply asks for a new code.
import { randomInt } from 'node:crypto';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

export type PairingCodeCheck = 'ok' | 'unknown' | 'expired';

export class PairingCodes {
  private readonly codes = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = PAIRING_CODE_TTL_MS,
  ) {}

  issue(): { code: string; expiresAt: number } {
    this.forgetExpired();
    let code: string;
    do code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    while (this.codes.has(code));
    const expiresAt = this.now() + this.ttlMs;
    this.codes.set(code, expiresAt);
    return { code, expiresAt };
  }

  /** Uses up a code: it works once. */
  consume(code: string): PairingCodeCheck {
    const expiresAt = this.codes.get(code);
    if (expiresAt === undefined) return 'unknown';
    this.codes.delete(code);
    return expiresAt > this.now() ? 'ok' : 'expired';
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [code, expiresAt] of this.codes) if (expiresAt <= now) this.codes.delete(code);
  }
}
