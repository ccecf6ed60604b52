// "Back to the start after inactivity": a timer that every touch restarts and that calls `onIdle`
// once nothing happened for `idleMs`. The clock is handed in, so tests move time by hand.
import type { Clock, TimerHandle } from '../adapters/clock';
import type { PosClient } from '../core/client';
import { abandonStaffPayQr } from './staff-pay-qr';

/** The kiosk, while ordering: back to the start after this long untouched (the cart is dropped). */
export const KIOSK_IDLE_MS = 90_000;
/** The kiosk, after an order went to the counter: long enough to read the number. */
export const KIOSK_SENT_MS = 30_000;
/** The kiosk, showing a pay QR: long enough to pay on a phone; then the QR closes. */
export const KIOSK_SCAN_MS = 120_000;
/**
 * A kiosk device a manager took out of kiosk mode: their staff session ends after this long
 * untouched, back to the self-order screen. A manager who walks away would otherwise leave the
 * register, refunds and the manager screens to the next customer; a few minutes is longer than any
 * pause in real work (each touch waits again), and far shorter than a customer's wait.
 */
export const KIOSK_STAFF_MS = 3 * 60_000;

/**
 * How long the staff session on this device has left before it ends untouched: null when it never
 * does (nobody signed in, or not a kiosk: a cashier's tablet keeps its cashier), 0 when it is over.
 */
export function kioskStaffLeft(
  session: { isKiosk: boolean; isSignedIn: boolean; lastActiveAt: number | null },
  now: number,
): number | null {
  if (!session.isKiosk || !session.isSignedIn) return null;
  // Signed in with no time known: nothing says anyone is there.
  if (session.lastActiveAt === null) return 0;
  // A clock set back since the last touch counts from now.
  return Math.min(KIOSK_STAFF_MS, Math.max(0, session.lastActiveAt + KIOSK_STAFF_MS - now));
}

/**
 * Ends the kiosk's staff session if it has run out (endKioskStaff). True when it ended: the caller
 * goes back to the kiosk screen.
 */
export function endIdleKioskStaff(client: PosClient): boolean {
  if (kioskStaffLeft(client.session, client.clock.now()) !== 0) return false;
  endKioskStaff(client);
  return true;
}

/**
 * Ends the staff session on a kiosk device (run out, or signed out on purpose): a pay QR left up
 * is closed, a member's top-up QR too (and the sale rung up for a QR voided: staff-pay-qr.ts), the
 * staff member signed out, and the cart (what the manager rang up, with its member, discounts,
 * prices and approvals: not the next customer's order) emptied; the outbox and the other orders
 * are not touched.
 */
export function endKioskStaff(client: PosClient): void {
  abandonStaffPayQr(client);
  client.session.signOut();
  client.cart.clear();
}

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
