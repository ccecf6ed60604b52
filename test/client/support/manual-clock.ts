// A clock a test moves by hand: now() and timers advance only when told.
import type { Clock, TimerHandle } from '../../../miniprogram/adapters/clock';

export class ManualClock implements Clock {
  private timers: Array<{ at: number; callback: () => void; handle: TimerHandle }> = [];

  constructor(private time = Date.UTC(2026, 10, 22, 3, 0)) {}

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = { timer: Symbol('timer') };
    this.timers.push({ at: this.time + Math.max(0, ms), callback, handle });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.handle !== handle);
  }

  /** Delays of the timers waiting now, soonest first. */
  pending(): number[] {
    return this.timers.map((timer) => timer.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time on, firing each timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = until;
  }
}
