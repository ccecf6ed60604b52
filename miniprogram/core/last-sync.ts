// When this device last synced for real (the server answered its operations, or sent changes or a
// whole snapshot), kept in storage: a till reopened offline still says when it last synced, not
// "never", which is what tells staff how stale its copy of the store is.
import type { Clock } from '../adapters/clock';
import type { KeyValueStorage } from '../adapters/storage';
import { jsonBytes } from './byte-size';
import { DelayedRun } from './delayed-run';
import { storageKeys } from './storage-layout';

/** A busy till syncs several times a second: the key is written at most this often. */
export const LAST_SYNC_WRITE_MS = 5_000;

/**
 * Written at this fixed size from the first sync on (right after pairing, while there is room), so
 * a rewrite never needs more: the last sync is still kept at a full storage, when it matters most.
 */
const STORED_BYTES = 64;

function padded(at: number | null): { at: number | null; pad: string } {
  return { at, pad: ' '.repeat(Math.max(0, STORED_BYTES - jsonBytes({ at, pad: '' }))) };
}

export class LastSync {
  private value: number | null = null;
  /** Noted during the pause after a write: written when the pause ends. */
  private unwritten = false;
  private readonly pause: DelayedRun;

  constructor(
    private readonly storage: KeyValueStorage,
    clock: Clock,
  ) {
    this.pause = new DelayedRun(clock, LAST_SYNC_WRITE_MS, () => {
      if (this.unwritten) this.write();
    });
  }

  load(): void {
    this.pause.cancel();
    this.unwritten = false;
    const stored = this.storage.get(storageKeys.lastSync) as { at?: unknown } | null;
    this.value = Number.isSafeInteger(stored?.at) ? (stored!.at as number) : null;
  }

  /** The time of the last successful sync; null before the first. */
  get at(): number | null {
    return this.value;
  }

  /** A successful sync at `at`: written now, or when the pause after the last write ends. */
  note(at: number): void {
    this.value = at;
    if (this.pause.pending) this.unwritten = true;
    else this.write();
  }

  /** Writes what the pause still holds back (the app is closing). */
  flush(): void {
    this.pause.cancel();
    if (this.unwritten) this.save();
  }

  private write(): void {
    this.save();
    this.pause.schedule();
  }

  private save(): void {
    this.unwritten = false;
    try {
      this.storage.set(storageKeys.lastSync, padded(this.value));
    } catch {
      // No room even for this small key (an app updated on a full phone): kept in memory, and
      // written at a later sync, once acks have freed room.
    }
  }
}
