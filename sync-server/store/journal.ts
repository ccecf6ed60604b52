// The journal: an append-only, checksummed log of every event the store accepted, its source of truth.
// Appends are group-committed: what arrives while a write is in flight goes out in the next single
// write + fdatasync, so durability costs one fsync per group and never grows with history. A group
// past a few MB goes out in parts of whole lines, each written and fdatasync'd in turn: joined into
// one string, a large enough group passed the longest string V8 can make and failed the journal.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { readEntries, segmentName, type Numbered } from './journal-segments';

export type { Numbered } from './journal-segments';

export interface JournalOptions {
  /** A segment is closed and a new one started past this size. */
  segmentBytes?: number;
  /** Told when a torn last line is dropped at open (a crash in the middle of a write). */
  onTornTail?: (file: string, bytesDropped: number) => void;
}

const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;
/**
 * The most characters of lines one write takes (a single longer line goes alone). Each part lands
 * in one segment, so a segment stays small enough to read back as one string at the next start.
 */
const MAX_WRITE_CHARS = 8 * 1024 * 1024;

function encodeLine(json: string): string {
  return `${crc32(json).toString(16).padStart(8, '0')}\t${json}\n`;
}

/** Opens a directory for fsync: a rename or a new file is durable only once its directory is. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class Journal<T extends Numbered> {
  private pending: string[] = [];
  private appendedN: number;
  private durableN: number;
  private waiters: Waiter[] = [];
  private writing = false;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly dir: string,
    private handle: fs.FileHandle,
    private segmentIndex: number,
    private segmentSize: number,
    lastN: number,
    private readonly segmentBytes: number,
  ) {
    this.appendedN = lastN;
    this.durableN = lastN;
  }

  /**
   * Reads every segment in order, handing each entry to `onEntry`, then opens the last one for appends.
   * A torn tail (a crash in the middle of a write, never acknowledged) is dropped; any other bad
   * line stops the open with a CorruptDataError.
   */
  static async open<T extends Numbered>(
    dir: string,
    onEntry: (entry: T) => void,
    options: JournalOptions = {},
  ): Promise<Journal<T>> {
    await fs.mkdir(dir, { recursive: true });
    const { segments, lastN } = await readEntries(dir, onEntry, {
      truncate: true,
      told: options.onTornTail,
    });
    const segmentIndex = segments.length > 0 ? segments[segments.length - 1] : 1;
    const file = path.join(dir, segmentName(segmentIndex));
    const handle = await fs.open(file, 'a');
    const { size } = await handle.stat();
    if (segments.length === 0) await fsyncDirectory(dir);
    return new Journal<T>(
      dir,
      handle,
      segmentIndex,
      size,
      lastN,
      options.segmentBytes ?? DEFAULT_SEGMENT_BYTES,
    );
  }

  /**
   * Reads every entry in order without opening the journal for appends, as a second reader beside
   * the open one: a last line still being written is left alone, not dropped. Returns the last n.
   */
  static async read<T extends Numbered>(dir: string, onEntry: (entry: T) => void): Promise<number> {
    return (await readEntries(dir, onEntry, { truncate: false })).lastN;
  }

  /** Number of the last entry appended (durable or not). */
  get lastN(): number {
    return this.appendedN;
  }

  /** Number of the last entry known to be on disk. */
  get lastDurableN(): number {
    return this.durableN;
  }

  /** Why the journal refuses every append since a write failed; null while it writes. */
  get failed(): Error | null {
    return this.failure;
  }

  /**
   * Queues an entry; it is durable when a later `flush()` resolves. Entries must be numbered in order.
   * `json` is the entry already serialized (JSON.stringify(entry)), when the caller has it.
   */
  append(entry: T, json = JSON.stringify(entry)): void {
    if (this.failure) throw this.failure;
    if (entry.n !== this.appendedN + 1) {
      throw new Error(`journal entry ${entry.n} appended after ${this.appendedN}`);
    }
    this.pending.push(encodeLine(json));
    this.appendedN = entry.n;
  }

  /** Resolves once everything appended so far is on disk (written and fdatasync'd). */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.durableN >= this.appendedN) return Promise.resolve();
    const promise = new Promise<void>((resolve, reject) =>
      this.waiters.push({ upTo: this.appendedN, resolve, reject }),
    );
    if (!this.writing) {
      this.writing = true;
      // Let the rest of this tick append too, so a whole batch goes out in one write.
      queueMicrotask(() => void this.writeLoop());
    }
    return promise;
  }

  async close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = this.flush().then(() => this.handle.close());
    return this.closing;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const lines = this.takeWrite();
        // Pending lines are the entries right after the durable ones, in order.
        const upTo = this.durableN + lines.length;
        const bytes = Buffer.from(lines.join(''), 'utf8');
        if (this.segmentSize > 0 && this.segmentSize + bytes.length > this.segmentBytes)
          await this.nextSegment();
        await writeAll(this.handle, bytes);
        await this.handle.datasync();
        this.segmentSize += bytes.length;
        this.durableN = upTo;
        this.waiters = this.waiters.filter((waiter) => {
          if (waiter.upTo > upTo) return true;
          waiter.resolve();
          return false;
        });
      }
    } catch (error) {
      // What is in memory is now ahead of the disk: refuse everything from here on.
      this.failure = new Error(`journal write failed: ${(error as Error).message}`);
      for (const waiter of this.waiters) waiter.reject(this.failure);
      this.waiters = [];
    } finally {
      this.writing = false;
    }
  }

  /** Takes the next write's lines off the pending ones: at least one, then while they fit. */
  private takeWrite(): string[] {
    const limit = Math.min(MAX_WRITE_CHARS, this.segmentBytes);
    let count = 1;
    let chars = this.pending[0].length;
    while (count < this.pending.length && chars + this.pending[count].length <= limit) {
      chars += this.pending[count].length;
      count += 1;
    }
    return this.pending.splice(0, count);
  }

  private async nextSegment(): Promise<void> {
    await this.handle.close();
    this.segmentIndex += 1;
    this.handle = await fs.open(path.join(this.dir, segmentName(this.segmentIndex)), 'a');
    this.segmentSize = 0;
    await fsyncDirectory(this.dir);
  }
}

async function writeAll(handle: fs.FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}
