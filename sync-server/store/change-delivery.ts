// Changes leave the store only once durable, in cursor order: into the change feed at once (catch-
// up, snapshots' cursor), to listeners a moment later, so a writer's own ack goes out before the
// fan-out to every device.
import type { Change } from '@pos/shared';
import type { ChangeFeed } from './change-feed';

/** Hears changes once durable, with each change's JSON (`encoded[i]` is changes[i]'s). */
export type ChangeListener = (changes: Change[], encoded: readonly string[]) => void;

interface Batch {
  changes: Change[];
  encoded: string[];
}

export class ChangeDelivery {
  private readonly listeners = new Set<ChangeListener>();
  /** Changes made but not yet durable, by journal entry. */
  private undelivered: Array<Batch & { n: number }> = [];
  private unannounced: Batch = { changes: [], encoded: [] };

  constructor(private readonly feed: ChangeFeed) {}

  /** Returns the unsubscribe function. */
  listen(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The changes journal entry `n` made, to go out once it is durable. */
  made(n: number, changes: Change[], encoded: string[]): void {
    if (changes.length > 0) this.undelivered.push({ n, changes, encoded });
  }

  /** Entries up to `durableN` are on disk: their changes go out. */
  durableUpTo(durableN: number): void {
    let delivered = 0;
    while (delivered < this.undelivered.length && this.undelivered[delivered].n <= durableN)
      delivered++;
    if (delivered === 0) return;
    const entries = this.undelivered.slice(0, delivered);
    this.undelivered = this.undelivered.slice(delivered);
    this.feed.push(entries.flatMap((entry) => entry.changes));
    const first = this.unannounced.changes.length === 0;
    for (const entry of entries) {
      for (const change of entry.changes) this.unannounced.changes.push(change);
      for (const json of entry.encoded) this.unannounced.encoded.push(json);
    }
    if (first) setImmediate(() => this.announce());
  }

  /** Tells listeners now what they have not heard yet (at close). */
  announce(): void {
    const { changes, encoded } = this.unannounced;
    this.unannounced = { changes: [], encoded: [] };
    if (changes.length > 0) for (const listener of this.listeners) listener(changes, encoded);
  }
}
