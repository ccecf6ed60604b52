// A snapshot that came in parts (protocol 2: too big for one frame) is applied only once whole:
// the parts are kept in memory until the last, and dropped with the socket if it goes first.
import type { Snapshot } from '@pos/shared';
import type { UnreadableRecord } from './server-frame';

/** A snapshot, or a part of one, with the records in it this build could not read. */
export interface SnapshotPart {
  snapshot: Snapshot;
  unreadable: UnreadableRecord[];
}

export class SnapshotParts {
  private parts: SnapshotPart[] = [];
  private cursor: number | null = null;

  /** Keeps a part; a part at another cursor starts a new snapshot (the older one was cut short). */
  add(part: SnapshotPart, cursor: number): void {
    if (cursor !== this.cursor) this.reset();
    this.cursor = cursor;
    this.parts.push(part);
  }

  /** The whole snapshot: the parts kept at this cursor with the last one, their lists joined. */
  complete(last: SnapshotPart, cursor: number): SnapshotPart {
    const parts = cursor === this.cursor ? [...this.parts, last] : [last];
    this.reset();
    if (parts.length === 1) return last;
    const lists = parts.map((part) => part.snapshot);
    return {
      snapshot: {
        settings: last.snapshot.settings,
        categories: lists.flatMap((part) => part.categories),
        products: lists.flatMap((part) => part.products),
        stock: lists.flatMap((part) => part.stock),
        staff: lists.flatMap((part) => part.staff),
        members: lists.flatMap((part) => part.members),
        devices: lists.flatMap((part) => part.devices),
        orders: lists.flatMap((part) => part.orders),
      },
      unreadable: parts.flatMap((part) => part.unreadable),
    };
  }

  reset(): void {
    this.parts = [];
    this.cursor = null;
  }
}
