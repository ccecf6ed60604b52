// The kiosk's wait for inactivity: left untouched, each screen goes back to the start after its own
// wait (view/idle-timer.ts, on the client's clock); at the start itself nothing waits. One kiosk
// page at a time.
import { IdleTimer, KIOSK_IDLE_MS, KIOSK_SCAN_MS, KIOSK_SENT_MS } from '../../view/idle-timer';
import { posClient } from '../../view/pos';
import type { Stage } from './kiosk-page';

/** How long each stage waits untouched before going back to the start. */
export const waits: Record<Stage, number> = {
  ordering: KIOSK_IDLE_MS,
  scanning: KIOSK_SCAN_MS,
  paid: KIOSK_SENT_MS,
  sent: KIOSK_SENT_MS,
  refused: KIOSK_SENT_MS,
};

let idle: IdleTimer | null = null;

/** The page is up: `onIdle` runs once a wait started by a touch runs out. */
export function watchInactivity(onIdle: () => void): void {
  idle = new IdleTimer(posClient().clock, KIOSK_IDLE_MS, onIdle);
}

/** The page is gone. */
export function unwatchInactivity(): void {
  idle?.stop();
  idle = null;
}

/** A touch away from the start: the wait starts again, `ms` long. */
export function waitAgain(ms: number): void {
  idle?.touch(ms);
}

/** Nothing to wait for: back at the start, or leaving kiosk mode. */
export function stopWaiting(): void {
  idle?.stop();
}
