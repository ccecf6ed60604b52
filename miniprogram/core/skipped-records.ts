// The server's records this device skipped, too large for one storage key or unreadable to this
// build, with why: named in the sync status until they come again as they should, and kept in
// storage (`pos.skipped`).
/**
 * Records the server sent that no storage key can hold (a product saved before the server capped
 * its size) or that this build cannot read (server-frame.ts), by table and id, with why: shown in
 * the sync status until the record comes again fit and readable, or goes. Kept in storage too: the
 * cursor moves past them, so nothing would name them after a relaunch.
 */
export class SkippedRecords {
  private readonly reasons = new Map<string, string>();
  /** Changed since last written. */
  dirty = false;

  get size(): number {
    return this.reasons.size;
  }

  keys(): string[] {
    return [...this.reasons.keys()];
  }

  values(): string[] {
    return [...this.reasons.values()];
  }

  set(key: string, reason: string): void {
    if (this.reasons.get(key) === reason) return;
    this.reasons.set(key, reason);
    this.dirty = true;
  }

  delete(key: string): void {
    if (this.reasons.delete(key)) this.dirty = true;
  }

  clear(): void {
    if (this.reasons.size > 0) this.dirty = true;
    this.reasons.clear();
  }

  /** As written by `entries()`; anything else read is ignored (it only names a problem). */
  load(stored: unknown): void {
    this.reasons.clear();
    if (Array.isArray(stored))
      for (const entry of stored)
        if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string')
          this.reasons.set(entry[0], entry[1]);
    this.dirty = false;
  }

  entries(): Array<[string, string]> {
    return [...this.reasons];
  }
}
