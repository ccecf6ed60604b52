// An app-level heartbeat: a ping every interval; when nothing at all comes back within the
// timeout, the line is dead (a phone's socket can hang without ever closing).
import type { Clock, TimerHandle } from '../adapters/clock';

export interface HeartbeatOptions {
  clock: Clock;
  intervalMs: number;
  timeoutMs: number;
  ping(): void;
  /** Nothing was heard in time after a ping. */
  dead(): void;
}

export class Heartbeat {
  private pingTimer: TimerHandle | null = null;
  private deadline: TimerHandle | null = null;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    this.stop();
    this.schedule();
  }

  /** Any message counts as an answer. */
  heard(): void {
    if (this.deadline) this.options.clock.clearTimeout(this.deadline);
    this.deadline = null;
  }

  stop(): void {
    if (this.pingTimer) this.options.clock.clearTimeout(this.pingTimer);
    this.pingTimer = null;
    this.heard();
  }

  private schedule(): void {
    const { clock } = this.options;
    this.pingTimer = clock.setTimeout(() => {
      this.pingTimer = null;
      this.options.ping();
      this.deadline ??= clock.setTimeout(() => {
        this.deadline = null;
        this.stop();
        this.options.dead();
      }, this.options.timeoutMs);
      this.schedule();
    }, this.options.intervalMs);
  }
}
