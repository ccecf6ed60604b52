// Makes and checks the store's signed QR payloads with the server's secret, the clock and fresh
// nonces; one-time kinds (pay, pair) are refused the second time they are used.
import { randomBytes } from 'node:crypto';
import {
  qrNonce,
  signQrPayload,
  verifyQrPayload,
  type Checked,
  type QrErrorCode,
  type QrKind,
  type QrPayload,
} from '@pos/shared';
import { ReplayGuard } from './replay-guard';

export type QrCheckError = QrErrorCode | 'qr_replayed';

export class QrCodes {
  private readonly replays: ReplayGuard;

  constructor(
    private readonly secret: Uint8Array,
    private readonly now: () => number,
    private readonly random: (n: number) => Uint8Array = (n) => randomBytes(n),
  ) {
    this.replays = new ReplayGuard(now);
  }

  issue(
    kind: QrKind,
    ref: string,
    ttlMs: number,
    nonce = qrNonce(this.random(5)),
  ): { text: string; payload: QrPayload } {
    const payload: QrPayload = {
      kind,
      ref,
      nonce,
      expiresAt: Math.ceil((this.now() + ttlMs) / 60_000) * 60_000,
    };
    return { text: signQrPayload(this.secret, payload), payload };
  }

  /** The same payload signed again (a payment's QR shown twice is the same code). */
  sign(payload: QrPayload): string {
    return signQrPayload(this.secret, payload);
  }

  verify(text: string, kind: QrKind): Checked<QrPayload, QrCheckError> {
    return verifyQrPayload(this.secret, text, this.now(), kind);
  }

  /**
   * Checks a code's signature and kind whatever its expiry: enough to read back what it led to (a
   * payment made just before the code's time was up), never to act on it.
   */
  readBack(text: string, kind: QrKind): Checked<QrPayload, QrCheckError> {
    return verifyQrPayload(this.secret, text, Number.NEGATIVE_INFINITY, kind);
  }

  /** Verifies and uses up a one-time code. */
  consume(text: string, kind: QrKind): Checked<QrPayload, QrCheckError> {
    const checked = this.verify(text, kind);
    if (!checked.ok) return checked;
    if (!this.replays.consume(checked.value))
      return {
        ok: false,
        error: { code: 'qr_replayed', message: 'this QR code was already used: each works once' },
      };
    return checked;
  }
}
