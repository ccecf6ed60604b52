// The journal: an append-only, checksummed log of every event the store accepted, its source of truth.
// Appends are group-committed: what arrives while a write is in flight goes out in the next single
// write + fdatasync, so durability costs one fsync per group and never grows with history.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { CorruptDataError } from './errors';

/** Every journal entry carries its number: 1, 2, 3... with no gaps. */
export interface Numbered {
  n: number;
}

export interface JournalOptions {
  /** A segment is closed and a new one started past this size. */
  segmentBytes?: number;
  /** Told when a torn last line is dropped at open (a crash in the middle of a write). */
  onTornTail?: (file: string, bytesDropped: number) => void;
}

const SEGMENT_PATTERN = /^(\d{8})\.log$/;
const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;

function segmentName(index: number): string {
  return `${String(index).padStart(8, '0')}.log`;
}

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
        const lines = this.pending;
        const upTo = this.appendedN;
        this.pending = [];
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

  private async nextSegment(): Promise<void> {
    await this.handle.close();
    this.segmentIndex += 1;
    this.handle = await fs.open(path.join(this.dir, segmentName(this.segmentIndex)), 'a');
    this.segmentSize = 0;
    await fsyncDirectory(this.dir);
  }
}

/** What reading does with a torn last line: drop it from the file (at open), or only stop there. */
interface TornTailHandling {
  truncate: boolean;
  told?: (file: string, bytesDropped: number) => void;
}

/** Hands every entry of every segment to `onEntry`, in order. */
async function readEntries<T extends Numbered>(
  dir: string,
  onEntry: (entry: T) => void,
  tornTail: TornTailHandling,
): Promise<{ segments: number[]; lastN: number }> {
  const segments = (await fs.readdir(dir))
    .map((name) => SEGMENT_PATTERN.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
  let lastN = 0;
  for (const [i, index] of segments.entries()) {
    const file = path.join(dir, segmentName(index));
    const isLast = i === segments.length - 1;
    lastN = await readSegment<T>(file, isLast, lastN, onEntry, tornTail);
  }
  return { segments, lastN };
}

async function writeAll(handle: fs.FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

type LineCheck<T> = { entry: T } | { problem: string };

function decodeLine<T extends Numbered>(line: string): LineCheck<T> {
  const tab = line.indexOf('\t');
  if (tab !== 8) return { problem: 'no checksum' };
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8))
    return { problem: 'checksum mismatch' };
  try {
    const entry = JSON.parse(json) as T;
    if (!Number.isInteger(entry.n)) return { problem: 'entry has no number' };
    return { entry };
  } catch {
    return { problem: 'not JSON' };
  }
}

async function readSegment<T extends Numbered>(
  file: string,
  isLastSegment: boolean,
  previousN: number,
  onEntry: (entry: T) => void,
  tornTail: TornTailHandling,
): Promise<number> {
  const text = await fs.readFile(file, 'utf8');
  let lastN = previousN;
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const complete = end !== -1;
    const line = text.slice(offset, complete ? end : text.length);
    lineNumber += 1;
    const decoded = complete ? decodeLine<T>(line) : { problem: 'incomplete line' };
    if ('problem' in decoded) {
      // A crash mid-write leaves a bad tail at the very end of the last segment, and only there.
      if (isLastSegment && isTornTail(text, offset)) {
        if (!tornTail.truncate) return lastN;
        const byteOffset = Buffer.byteLength(text.slice(0, offset), 'utf8');
        const dropped = Buffer.byteLength(text, 'utf8') - byteOffset;
        await fs.truncate(file, byteOffset);
        tornTail.told?.(file, dropped);
        return lastN;
      }
      throw new CorruptDataError(file, `line ${lineNumber}: ${decoded.problem}`);
    }
    if (decoded.entry.n !== lastN + 1) {
      throw new CorruptDataError(
        file,
        `line ${lineNumber}: entry ${decoded.entry.n} follows entry ${lastN}`,
      );
    }
    try {
      onEntry(decoded.entry);
    } catch (error) {
      throw new CorruptDataError(file, `line ${lineNumber}: ${(error as Error).message}`);
    }
    lastN = decoded.entry.n;
    offset = complete ? end + 1 : text.length;
  }
  return lastN;
}

/**
 * True when everything from `offset` on is what an interrupted write leaves. A group is written in
 * blocks the disk may keep in any order until fdatasync returns, so a crash can keep later blocks
 * and lose an earlier one, which reads back as NUL bytes: a bad line that starts with them can only
 * be from that unacknowledged write, whatever whole lines follow it (a journal line never holds a
 * raw NUL). Otherwise only a last line with no newline, after nothing but unfilled blocks, is torn.
 * A complete line that fails its checksum is corruption, never a torn write, so it is not dropped.
 */
function isTornTail(text: string, offset: number): boolean {
  if (text[offset] === '\0') return true;
  const rest = text.slice(offset).split('\n');
  const finalFragment = rest.pop() ?? '';
  const unfilled = (line: string) => /^\0*$/.test(line);
  return rest.every(unfilled) && (finalFragment !== '' || rest.length > 0);
}
