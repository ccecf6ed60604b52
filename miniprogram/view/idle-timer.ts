// "Back to the start after inactivity": a timer that every touch restarts and that calls `onIdle`
// once nothing happened for `idleMs`. The clock is handed in, so tests move time by hand.
import type { Clock, TimerHandle } from '../adapters/clock';

/** The kiosk, while ordering: back to the start after this long untouched (the cart is dropped). */
export const KIOSK_IDLE_MS = 90_000;
/** The kiosk, after an order went to the counter: long enough to read the number. */
export const KIOSK_SENT_MS = 30_000;
/** The kiosk, showing a pay QR: long enough to pay on a phone; then the QR closes. */
export const KIOSK_SCAN_MS = 120_000;

export class IdleTimer {
  private handle: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {}

  /** Someone did something: the wait starts again (`ms` for a wait other than the usual). */
  touch(ms = this.idleMs): void {
    this.stop();
    this.handle = this.clock.setTimeout(() => {
      this.handle = null;
      this.onIdle();
    }, ms);
  }

  /** Nothing to go back from (already at the start), or the screen is gone. */
  stop(): void {
    if (this.handle) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }

  get running(): boolean {
    return this.handle !== null;
  }
}
