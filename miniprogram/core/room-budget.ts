// The room the server's data may take on the device: storage up to 95% of the quota. The last 5%
// is left to this device's own operations (a refund, closing a shift), which only the quota stops:
// the server's data can be fetched again, they cannot.
import { jsonBytes, utf8Length } from './byte-size';
import { STORAGE_FULL_RATIO } from './storage-layout';

/** A write of the server's data that would go past 95%: it waits in memory, as a refused write. */
export class NoRoomError extends Error {
  constructor(readonly key: string) {
    super("storage is full: the store's latest data is kept in memory until this device syncs");
    this.name = 'NoRoomError';
  }
}

/** What one key takes in storage: WeChat counts the key with its value. */
export function keyBytes(key: string, valueBytes: number): number {
  return utf8Length(key) + valueBytes;
}

export class RoomBudget {
  private left: number;

  constructor(usage: { usedBytes: number; limitBytes: number }) {
    this.left = usage.limitBytes * STORAGE_FULL_RATIO - usage.usedBytes;
  }

  /**
   * Takes the room a write adds to storage (negative when it frees some, always allowed). Throws
   * NoRoomError, taking nothing, when it would go past the room left.
   */
  take(key: string, addedBytes: number): void {
    if (!this.tryTake(addedBytes)) throw new NoRoomError(key);
  }

  /** Takes the room a write adds when it fits (a write that frees room always does). */
  tryTake(addedBytes: number): boolean {
    if (addedBytes > 0 && addedBytes > this.left) return false;
    this.left -= addedBytes;
    return true;
  }

  /** Takes the room for writing `value` (null: removing) over what the key holds now. */
  takeForKey(key: string, value: unknown, stored: unknown): void {
    const size = (held: unknown) => (held === null ? 0 : keyBytes(key, jsonBytes(held)));
    this.take(key, size(value) - size(stored));
  }
}
