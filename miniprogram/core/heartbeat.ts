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

  /**
   * Pings now and calls the line dead if nothing at all comes back within `timeoutMs`: a socket
   * kept through the background, or a network switch, may be dead without ever closing.
   */
  probe(timeoutMs: number): void {
    if (!this.pingTimer) return;
    const { clock } = this.options;
    this.options.ping();
    if (this.deadline) clock.clearTimeout(this.deadline);
    this.deadline = clock.setTimeout(() => this.died(), timeoutMs);
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
      this.deadline ??= clock.setTimeout(() => this.died(), this.options.timeoutMs);
      this.schedule();
    }, this.options.intervalMs);
  }

  private died(): void {
    this.deadline = null;
    this.stop();
    this.options.dead();
  }
}
