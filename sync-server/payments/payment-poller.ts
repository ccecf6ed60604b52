// Polls the provider about open payments, since a store server on a LAN cannot count on WeChat's
// notifications: often while a QR is open, slowly while the provider cannot be reached, and all
// of them at once as soon as it answers again.
export interface PollerOptions {
  /** Asks about one payment; resolves with whether it still needs watching and was reachable. */
  check(id: string): Promise<{ open: boolean; reachable: boolean }>;
  pollMs: number;
  retryMs: number;
  onError(id: string, error: unknown): void;
}

export class PaymentPoller {
  private readonly watched = new Map<string, NodeJS.Timeout | null>();
  private readonly waitingForProvider = new Set<string>();
  private stopped = false;

  constructor(private readonly options: PollerOptions) {}

  /** Starts (or keeps) polling a payment until it is settled. */
  watch(id: string, delayMs = this.options.pollMs): void {
    if (this.stopped) return;
    const timer = this.watched.get(id);
    if (timer) return;
    this.schedule(id, delayMs);
  }

  /** Asks about it now (its QR was just shown or asked about). */
  poke(id: string): void {
    const timer = this.watched.get(id);
    if (timer) clearTimeout(timer);
    this.watched.delete(id);
    this.watch(id, 0);
  }

  get watching(): number {
    return this.watched.size;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.watched.values()) if (timer) clearTimeout(timer);
    this.watched.clear();
  }

  private schedule(id: string, delayMs: number): void {
    const timer = setTimeout(() => void this.run(id), delayMs);
    timer.unref();
    this.watched.set(id, timer);
  }

  private async run(id: string): Promise<void> {
    this.watched.set(id, null);
    let result = { open: true, reachable: false };
    try {
      result = await this.options.check(id);
    } catch (error) {
      this.options.onError(id, error);
    }
    if (this.stopped) return;
    if (!result.open) {
      this.watched.delete(id);
      this.waitingForProvider.delete(id);
      return;
    }
    this.schedule(id, result.reachable ? this.options.pollMs : this.options.retryMs);
    // The provider answers again: everything that waited for it is asked about now.
    if (result.reachable)
      for (const [other, timer] of this.watched)
        if (other !== id && timer && this.waitingForProvider.has(other)) {
          clearTimeout(timer);
          this.schedule(other, 0);
        }
    if (result.reachable) this.waitingForProvider.delete(id);
    else this.waitingForProvider.add(id);
  }
}
