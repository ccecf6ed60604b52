// A task run once after a delay however often it is asked for meanwhile, or at once, or not at all:
// the server's data is written in one go a moment after a burst of changes.
import type { Clock, TimerHandle } from '../adapters/clock';

export class DelayedRun {
  private handle: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly delayMs: number,
    private readonly run: () => void,
  ) {}

  /** Asked for and not run yet. */
  get pending(): boolean {
    return this.handle !== null;
  }

  schedule(): void {
    if (this.handle) return;
    this.handle = this.clock.setTimeout(() => {
      this.handle = null;
      this.run();
    }, this.delayMs);
  }

  cancel(): void {
    if (this.handle) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }
}
