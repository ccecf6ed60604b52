// Polls the provider about open payments, since a store server on a LAN cannot count on WeChat's
// notifications: often while a QR is open, slowly while the provider cannot be reached, and all
// of them at once as soon as it answers again. One chain per payment: at most one timer or one
// check at a time, however often it is watched or poked. A check that throws (a fault on this
// server, such as a change the store failed to make) is retried ever more slowly.
export interface PollerOptions {
  /** Asks about one payment; resolves with whether it still needs watching and was reachable. */
  check(id: string): Promise<{ open: boolean; reachable: boolean }>;
  pollMs: number;
  retryMs: number;
  onError(id: string, error: unknown): void;
}

/** The longest wait between checks of a payment whose checks keep throwing. */
export const MAX_FAULT_DELAY_MS = 10 * 60_000;

interface Watch {
  /** The next check, when one is scheduled (null while a check is running). */
  timer: NodeJS.Timeout | null;
  /** Poked while its check was running: ask again as soon as it is done. */
  again: boolean;
  /** Checks in a row that threw: each doubles the wait (a store rebuild is not cheap). */
  faults: number;
}

export class PaymentPoller {
  private readonly watched = new Map<string, Watch>();
  private readonly waitingForProvider = new Set<string>();
  private stopped = false;
  /** Checks started, for tests: one chain per payment never runs two at once. */
  private running = 0;

  constructor(private readonly options: PollerOptions) {}

  /** Starts (or keeps) polling a payment until it is settled. */
  watch(id: string, delayMs = this.options.pollMs): void {
    if (this.stopped || this.watched.has(id)) return;
    const watch: Watch = { timer: null, again: false, faults: 0 };
    this.watched.set(id, watch);
    this.schedule(id, watch, delayMs);
  }

  /** Asks about it now (its QR was just shown or asked about). */
  poke(id: string): void {
    if (this.stopped) return;
    const watch = this.watched.get(id);
    if (!watch) return this.watch(id, 0);
    if (watch.faults > 0) return; // its checks throw: waiting out the slower retries
    if (watch.timer === null) {
      watch.again = true; // a check is running: one more right after it, never a second chain
      return;
    }
    clearTimeout(watch.timer);
    this.schedule(id, watch, 0);
  }

  get watching(): number {
    return this.watched.size;
  }

  /** Checks running right now (at most one per payment). */
  get inFlight(): number {
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    for (const watch of this.watched.values()) if (watch.timer) clearTimeout(watch.timer);
    this.watched.clear();
  }

  private schedule(id: string, watch: Watch, delayMs: number): void {
    watch.timer = setTimeout(() => void this.run(id, watch), delayMs);
    watch.timer.unref();
  }

  private async run(id: string, watch: Watch): Promise<void> {
    watch.timer = null;
    watch.again = false;
    this.running++;
    let result = { open: true, reachable: false };
    let threw = false;
    try {
      result = await this.options.check(id);
    } catch (error) {
      threw = true;
      this.options.onError(id, error);
    } finally {
      this.running--;
    }
    if (this.stopped || this.watched.get(id) !== watch) return;
    if (!result.open) {
      this.watched.delete(id);
      this.waitingForProvider.delete(id);
      return;
    }
    watch.faults = threw ? watch.faults + 1 : 0;
    if (threw) {
      // Not the provider's doing: the provider answering again does not hurry this one.
      const delay = Math.min(this.options.retryMs * 2 ** (watch.faults - 1), MAX_FAULT_DELAY_MS);
      return this.schedule(id, watch, watch.again ? 0 : delay);
    }
    const delay = watch.again ? 0 : result.reachable ? this.options.pollMs : this.options.retryMs;
    this.schedule(id, watch, delay);
    if (!result.reachable) {
      this.waitingForProvider.add(id);
      return;
    }
    this.waitingForProvider.delete(id);
    // The provider answers again: everything that waited for it is asked about now.
    for (const other of [...this.waitingForProvider]) {
      const waiting = this.watched.get(other);
      if (waiting?.timer) {
        clearTimeout(waiting.timer);
        this.schedule(other, waiting, 0);
      }
    }
  }
}
