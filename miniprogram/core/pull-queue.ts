// Changes from the server that wait while this device pushes: getting its own sales off the device
// comes first (WeChat may clear a phone's storage), catching up with the others second. The wait is
// bounded, so other devices' orders (a kiosk's) still show within seconds during a long backlog.

/** The longest a change waits for the device's pushes to finish. */
export const MAX_PULL_WAIT_MS = 2000;

export class PullQueue {
  private held: unknown[] = [];
  private since: number | null = null;

  constructor(private readonly maxWaitMs = MAX_PULL_WAIT_MS) {}

  get size(): number {
    return this.held.length;
  }

  /** Keeps a parsed, not yet validated `changes` frame; true when it is the first one held. */
  hold(frame: unknown, now: number): boolean {
    this.held.push(frame);
    if (this.since !== null) return false;
    this.since = now;
    return true;
  }

  /** When the oldest held frame must be applied at the latest; null when nothing is held. */
  dueAt(): number | null {
    return this.since === null ? null : this.since + this.maxWaitMs;
  }

  /** The held frames in the order they came, leaving none. */
  take(): unknown[] {
    const frames = this.held;
    this.held = [];
    this.since = null;
    return frames;
  }
}
