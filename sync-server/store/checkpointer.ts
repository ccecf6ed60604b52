// Writes the state's checkpoint (lowdb, state.json) now and then: once `everyEntries` journal
// entries are not in it, or `intervalMs` after a change, and only at a moment when nothing is in
// flight, so that the checkpoint is exactly the journal up to its entry. Never on the ack path.
import type { Low } from 'lowdb';
import type { Journal } from './journal';
import type { JournalRecord, StoreState } from './state';

export interface CheckpointerOptions {
  /** A monotonic clock in ms: a wall clock set back (an NTP correction) would put checkpoints off. */
  now: () => number;
  intervalMs: number;
  everyEntries: number;
  onWarning?: (message: string) => void;
}

export class Checkpointer {
  private checkpointedN: number;
  private lastAt = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private held = false;

  constructor(
    private readonly db: Low<StoreState>,
    private readonly journal: Journal<JournalRecord>,
    private readonly options: CheckpointerOptions,
  ) {
    this.checkpointedN = db.data.journalN;
  }

  /** After a durable write: checkpoints if due; if not now (too soon, busy), a timer tries later. */
  maybe(): void {
    if (this.stopped || this.held || this.timer || this.running) return;
    // A failed journal takes no more entries, so nothing will ever be due: stop waking up.
    if (this.journal.failed) return;
    const wait = this.lastAt + this.options.intervalMs - this.options.now();
    const backlog = this.db.data.journalN - this.checkpointedN;
    if (wait > 0 && backlog < this.options.everyEntries) return this.retry(wait);
    if (this.journal.lastDurableN !== this.db.data.journalN) return this.retry(10);
    this.running = this.write()
      // The journal is the truth: a failed checkpoint only means a longer replay at the next start.
      .catch((error: unknown) =>
        this.options.onWarning?.(`checkpoint failed, will retry: ${(error as Error).message}`),
      )
      .finally(() => {
        this.running = null;
        if (this.db.data.journalN > this.checkpointedN) this.retry(this.options.intervalMs);
      });
  }

  /**
   * Writes nothing until released: the state may be half-changed (a change failed and the store
   * rebuilds it). A write already running serialized the state before, so it is left to finish.
   */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.maybe();
  }

  /** Stops trying and writes a last checkpoint (the journal must be flushed first). */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.write();
  }

  private retry(afterMs: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.maybe();
      },
      Math.max(afterMs, 10),
    );
    this.timer.unref();
  }

  /** Writes the state as of the last durable entry; skipped while entries are still in flight. */
  private async write(): Promise<void> {
    const n = this.db.data.journalN;
    if (n === this.checkpointedN || this.journal.lastDurableN !== n) return;
    this.lastAt = this.options.now();
    // lowdb's write serializes synchronously (see DurableJsonFile), so later changes cannot slip in.
    await this.db.write();
    this.checkpointedN = n;
  }
}
