// How far the device clock is from the store server's, measured at each welcome (the server's
// `serverTime`) and kept, so a till relaunched offline still warns of a clock hours off. The till
// never shifts its own clock by it: it only tells the cashier to set the tablet's time right.
import type { KeyValueStorage } from '../adapters/storage';
import { storageKeys } from './storage-layout';

export interface ClockSkew {
  /** The server's time less the device's, when measured: positive when the device is slow. */
  skewMs: number;
  /** The device's time when it was measured. */
  measuredAt: number;
}

/** Beyond this either way, the till warns: sales would be filed on the wrong business day. */
export const CLOCK_SKEW_WARNING_MS = 5 * 60_000;

function parseSkew(raw: unknown): ClockSkew | null {
  const { skewMs, measuredAt } = (raw ?? {}) as Partial<ClockSkew>;
  return Number.isSafeInteger(skewMs) && Number.isSafeInteger(measuredAt)
    ? { skewMs: skewMs!, measuredAt: measuredAt! }
    : null;
}

export class ServerClock {
  private measured: ClockSkew | null = null;

  constructor(private readonly storage: KeyValueStorage) {}

  load(): void {
    this.measured = parseSkew(this.storage.get(storageKeys.clock));
  }

  /** The last measurement; null before the first welcome. */
  get skew(): ClockSkew | null {
    return this.measured;
  }

  /** The server said it is `serverTime` when the device's clock said `now`. */
  measure(serverTime: number, now: number): ClockSkew {
    this.measured = { skewMs: Math.round(serverTime - now), measuredAt: now };
    try {
      this.storage.set(storageKeys.clock, this.measured);
    } catch {
      // A full storage keeps it in memory only: it is measured again at the next welcome, and the
      // room is left to the device's own operations.
    }
    return this.measured;
  }
}
