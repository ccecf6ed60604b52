// The recent part of the change feed, in memory: a device that is behind by less than this
// gets the changes it missed; one further behind gets a snapshot instead of a long replay.
import type { Change } from '@pos/shared';

export class ChangeFeed {
  private changes: Change[] = [];

  constructor(private readonly capacity: number) {}

  /** Changes up to this cursor are no longer kept. */
  private floor = 0;

  /** Cursor of the newest change; 0 when there is none. */
  get latestCursor(): number {
    return this.changes.length > 0 ? this.changes[this.changes.length - 1].cursor : this.floor;
  }

  push(changes: readonly Change[]): void {
    for (const change of changes) this.changes.push(change);
    if (this.changes.length > this.capacity * 1.5) {
      const drop = this.changes.length - this.capacity;
      this.floor = this.changes[drop - 1].cursor;
      this.changes = this.changes.slice(drop);
    }
  }

  /** The changes after `cursor`, or null when they are no longer all kept (or the cursor is unknown). */
  since(cursor: number): Change[] | null {
    if (cursor < this.floor || cursor > this.latestCursor) return null;
    // Cursors only rise: a binary search finds the first change after `cursor`.
    let low = 0;
    let high = this.changes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.changes[middle].cursor <= cursor) low = middle + 1;
      else high = middle;
    }
    return this.changes.slice(low);
  }
}
