// Writes of data that can wait (history, replica, shift log) must never throw at the caller: a
// refusal is kept per area, shown in the sync status, and cleared when that area writes again.

export class WriteProblems {
  private readonly byArea = new Map<string, string>();

  constructor(private readonly onChange: () => void) {}

  /** Runs a write; false (and the problem kept) when storage refused it. */
  attempt(area: string, write: () => void): boolean {
    const written = this.attemptPart(area, write);
    if (written && this.byArea.delete(area)) this.onChange();
    return written;
  }

  /**
   * Runs a write that does only part of an area's work (pruned orders' removal, while the server's
   * orders held back at 95% wait in the same chunks): a refusal is kept, but its success clears
   * nothing, the rest may still wait. False when storage refused it.
   */
  attemptPart(area: string, write: () => void): boolean {
    try {
      write();
      return true;
    } catch (error) {
      this.byArea.set(area, (error as Error).message);
      this.onChange();
      return false;
    }
  }

  /** What is still not written, in words; null when everything is. */
  get summary(): string | null {
    return this.byArea.size > 0 ? [...this.byArea.values()].join('; ') : null;
  }
}
