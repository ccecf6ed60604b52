// The till's clock as the ledger guards it: no change is stamped while the device clock is behind
// the latest stamp (clock-floor.ts), and each welcome's server time measures the clock
// (server-clock.ts) and may vouch for it after stamps were made ahead of it.
import type { Checked } from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { checkClock, latestStamp, serverVouches, stampAhead } from './clock-floor';
import type { DeviceCounters } from './counters';
import type { Outbox } from './outbox';
import { ServerClock, type ClockSkew } from './server-clock';
import type { KeyValueStorage } from '../adapters/storage';

export interface TillClockSources {
  clock: Clock;
  counters: DeviceCounters;
  outbox: Outbox;
  /** The store's offset from UTC, for the time a refusal names. */
  utcOffsetMinutes: () => number;
  businessDay: (at: number) => string;
}

export class TillClock {
  private readonly server: ServerClock;

  constructor(
    storage: KeyValueStorage,
    private readonly sources: TillClockSources,
  ) {
    this.server = new ServerClock(storage);
  }

  load(): void {
    this.server.load();
  }

  /** How far the device clock was from the server's at the last welcome; null before one. */
  get skew(): ClockSkew | null {
    return this.server.skew;
  }

  /**
   * The latest time this till stamped a change with, when the device clock is now behind it past
   * the tolerance (set back): no change may be stamped then. Null otherwise.
   */
  ahead(now = this.sources.clock.now()): number | null {
    return stampAhead(now, this.latest());
  }

  /** Refused (`clock_behind`) while the device clock is behind this till's latest change. */
  check(): Checked<null> {
    const { clock, utcOffsetMinutes } = this.sources;
    return checkClock(clock.now(), this.latest(), utcOffsetMinutes());
  }

  /**
   * Measures the clock by the server's time at a welcome; true when the server finds it right
   * while stamps were made ahead of it, which then no longer count (the caller disowns them).
   */
  vouchedAtWelcome(serverTime: number, now: number): boolean {
    const skew = this.server.measure(serverTime, now);
    const daysAhead = this.sources.counters.orderDaysAfter(this.sources.businessDay(now));
    return serverVouches(skew, this.ahead(now), daysAhead);
  }

  private latest(): number | null {
    return latestStamp(this.sources.counters, this.sources.outbox.entries());
  }
}
