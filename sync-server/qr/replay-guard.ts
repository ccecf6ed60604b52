// The memory that makes a one-time QR code work once: each code's nonce is kept until the code
// expires (after which the expiry check refuses it anyway), so memory stays small.
import type { QrPayload } from '@pos/shared';

export class ReplayGuard {
  private readonly used = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Uses up a one-time code: true the first time, false for a replay. */
  consume(payload: QrPayload): boolean {
    this.forgetExpired();
    const key = `${payload.kind}:${payload.ref}:${payload.nonce}`;
    if (this.used.has(key)) return false;
    this.used.set(key, payload.expiresAt);
    return true;
  }

  wasUsed(payload: QrPayload): boolean {
    return this.used.has(`${payload.kind}:${payload.ref}:${payload.nonce}`);
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [key, expiresAt] of this.used) if (expiresAt <= now) this.used.delete(key);
  }
}
