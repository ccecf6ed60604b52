// Tells the stores when the store's business day moves on, so "today" (the orders screen, this
// device's day on the manager screen) follows it on a till left on overnight. WeChat stops timers
// in the background, so the app also calls check() when it comes back.
import { addBusinessDays, businessDayStartMs } from '@pos/shared';
import type { Clock, TimerHandle } from '../adapters/clock';
import type { Ledger } from './ledger';

export interface DayWatch {
  /** Looks at the day now (back from the background) and waits for the next day's start again. */
  check(): void;
  dispose(): void;
}

/** A second past the start at the earliest: a clock a little behind must not wake it in a loop. */
const LATE_MS = 1000;

export function watchBusinessDay(ledger: Ledger, clock: Clock, onNewDay: () => void): DayWatch {
  let day = ledger.businessDay();
  let timer: TimerHandle | null = null;
  const check = () => {
    if (timer) clock.clearTimeout(timer);
    timer = null;
    const now = ledger.businessDay();
    if (now !== day) {
      day = now;
      onNewDay();
    }
    const nextStart = businessDayStartMs(addBusinessDays(day, 1), ledger.replica.settings);
    timer = clock.setTimeout(check, Math.max(LATE_MS, nextStart - clock.now() + LATE_MS));
  };
  check();
  return {
    check,
    dispose() {
      if (timer) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
