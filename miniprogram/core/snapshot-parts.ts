// A snapshot that came in parts (protocol 2: too big for one frame) is applied only once whole:
// the parts are kept in memory until the last, and dropped with the socket if it goes first.
import type { Snapshot } from '@pos/shared';

export class SnapshotParts {
  private parts: Snapshot[] = [];
  private cursor: number | null = null;

  /** Keeps a part; a part at another cursor starts a new snapshot (the older one was cut short). */
  add(part: Snapshot, cursor: number): void {
    if (cursor !== this.cursor) this.reset();
    this.cursor = cursor;
    this.parts.push(part);
  }

  /** The whole snapshot: the parts kept at this cursor with the last one, their lists joined. */
  complete(last: Snapshot, cursor: number): Snapshot {
    const parts = cursor === this.cursor ? [...this.parts, last] : [last];
    this.reset();
    if (parts.length === 1) return last;
    return {
      settings: last.settings,
      categories: parts.flatMap((part) => part.categories),
      products: parts.flatMap((part) => part.products),
      stock: parts.flatMap((part) => part.stock),
      staff: parts.flatMap((part) => part.staff),
      members: parts.flatMap((part) => part.members),
      devices: parts.flatMap((part) => part.devices),
      orders: parts.flatMap((part) => part.orders),
    };
  }

  reset(): void {
    this.parts = [];
    this.cursor = null;
  }
}
