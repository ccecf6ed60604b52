// A collection of records stored in numbered chunk keys ("pos.outbox.0", "pos.outbox.1", ...),
// each filled to about CHUNK_TARGET_BYTES: changing one record rewrites one small key. Which chunk
// holds what is kept in memory by chunk-index.ts; this writes the keys.
import type { KeyValueStorage } from '../adapters/storage';
import { jsonBytes } from './byte-size';
import { ChunkIndex, isEmptyChunk } from './chunk-index';
import { groupByChunk, patchStoredRecords } from './chunk-patch';
import { keyBytes, type RoomBudget } from './room-budget';
import { CHUNK_TARGET_BYTES, MAX_CHUNK_BYTES, MAX_RECORD_BYTES } from './storage-layout';

export class RecordTooLargeError extends Error {
  constructor(
    readonly id: string,
    readonly bytes: number,
  ) {
    super(
      `"${id}" is ${Math.ceil(bytes / 1024)} KB, more than the ${MAX_RECORD_BYTES / 1024} KB one record may take`,
    );
    this.name = 'RecordTooLargeError';
  }
}

export interface ChunkedTableOptions<T> {
  storage: KeyValueStorage;
  prefix: string;
  idOf: (record: T) => string;
  /** Checks a stored record; null means unreadable (reported, and kept in storage as it is). */
  parse: (raw: unknown) => T | null;
  targetChunkBytes?: number;
}

/** What a chunk key holds. */
interface StoredChunk {
  v: 1;
  records: unknown[];
}

export class ChunkedTable<T> {
  private readonly index: ChunkIndex<T>;
  private readonly dirty = new Set<number>();
  /**
   * What each chunk key takes in storage, as last read or written: a flush within a room counts
   * what a write adds over it, so rewriting a chunk of about the same size needs no room.
   */
  private readonly storedBytes = new Map<number, number>();
  /** What could not be read at load, in words. */
  readonly problems: string[] = [];

  constructor(private readonly options: ChunkedTableOptions<T>) {
    this.index = new ChunkIndex(options.targetChunkBytes ?? CHUNK_TARGET_BYTES);
  }

  /** Reads every chunk key. A record found in two chunks (a move cut short) keeps the later copy. */
  load(allKeys: readonly string[]): void {
    this.index.clear();
    this.dirty.clear();
    this.storedBytes.clear();
    this.problems.length = 0;
    const numbers = allKeys
      .map((key) => this.chunkNumberOf(key))
      .filter((n): n is number => n !== null)
      .sort((a, b) => a - b);
    for (const n of numbers) {
      const stored = this.options.storage.get(this.keyOf(n)) as StoredChunk | null;
      if (!stored || stored.v !== 1 || !Array.isArray(stored.records)) {
        this.index.addUnreadableChunk(n, stored);
        this.problems.push(`${this.keyOf(n)} is not a chunk this app wrote; it was left as it is`);
        continue;
      }
      const chunk = this.index.addChunk(n);
      for (const raw of stored.records) {
        const record = this.options.parse(raw);
        if (record === null) {
          this.problems.push(`${this.keyOf(n)} holds a record this app cannot read; it is kept`);
          this.index.addUnreadableRecord(chunk, raw);
          continue;
        }
        const id = this.options.idOf(record);
        const earlier = this.index.chunkNumberOf(id);
        if (earlier !== undefined) {
          this.index.detach(id, earlier);
          // Written again without the stale copy at the next flush.
          this.dirty.add(earlier);
        }
        this.index.attach(id, record, n, jsonBytes(raw) + 1);
      }
      this.noteStored(n);
    }
  }

  get size(): number {
    return this.index.size;
  }

  /** The keys' common start ("pos.products"), naming the table in problems. */
  get prefix(): string {
    return this.options.prefix;
  }

  /** What could not be read, as stored: each unreadable record, and each unreadable chunk whole. */
  unreadable(): unknown[] {
    return this.index.unreadable();
  }

  get(id: string): T | undefined {
    return this.index.get(id);
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Every record, chunk by chunk in the order they were added. */
  values(): T[] {
    return this.index.values();
  }

  /** Bytes one record takes in its chunk (0 when absent). */
  sizeOf(id: string): number {
    return this.index.sizeOf(id);
  }

  /** Bytes of all chunks, as stored. */
  bytes(): number {
    return this.index.bytes();
  }

  /**
   * Adds or replaces one record in exactly one storage write (two only when an update in place
   * outgrows its chunk), and changes memory only once the write succeeded: the commit primitive.
   */
  put(record: T): void {
    if (this.dirty.size > 0) this.flush();
    const id = this.options.idOf(record);
    const size = this.measure(id, record);
    const current = this.index.chunkNumberOf(id);
    const grown =
      current !== undefined &&
      this.index.chunk(current)!.bytes - this.index.sizeOf(id) + size > MAX_CHUNK_BYTES;
    const n = current !== undefined && !grown ? current : this.index.openChunkFor(size);
    const ids = this.index.chunk(n)?.ids ?? [];
    const records = (ids.includes(id) ? ids : [...ids, id]).map((other) =>
      other === id ? record : this.index.get(other)!,
    );
    this.write(n, records);
    if (current !== undefined && current !== n) {
      this.index.detach(id, current);
      this.dirty.add(current);
    }
    if (current === n) this.index.replaceInPlace(id, record, size);
    else this.index.attach(id, record, n, size);
    this.noteStored(n);
    if (this.dirty.size > 0) this.flush();
  }

  /** Adds or replaces records in memory; flush() writes them. */
  stage(record: T): void {
    const id = this.options.idOf(record);
    const size = this.measure(id, record);
    const current = this.index.chunkNumberOf(id);
    if (current !== undefined) {
      const chunk = this.index.chunk(current)!;
      if (chunk.bytes - this.index.sizeOf(id) + size <= MAX_CHUNK_BYTES) {
        this.index.replaceInPlace(id, record, size);
        this.dirty.add(current);
        return;
      }
      this.index.detach(id, current);
      this.dirty.add(current);
    }
    const n = this.index.openChunkFor(size);
    this.index.attach(id, record, n, size);
    this.dirty.add(n);
  }

  /** Removes a record in memory; flush() writes the change. */
  unstage(id: string): void {
    const n = this.index.chunkNumberOf(id);
    if (n === undefined) return;
    this.index.detach(id, n);
    this.dirty.add(n);
  }

  /** Removes records and writes the chunks they were in (an emptied chunk's key is removed). */
  removeMany(ids: Iterable<string>): void {
    for (const id of ids) this.unstage(id);
    this.flush();
  }

  /** Removes records and writes their removal, and no other change: see flushOnly. */
  removeOnly(ids: Iterable<string>): void {
    const removed = groupByChunk(ids, (id) => this.index.chunkNumberOf(id));
    for (const group of removed.values()) for (const id of group) this.unstage(id);
    this.writeOnly(removed);
  }

  hasUnflushed(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * Writes every changed chunk; on a refused write it throws, and the rest stays to be written.
   * Given a room (the server's data), a chunk that would add more than is left is refused alike.
   * The highest numbers first: a record moves only to a higher chunk, so its new copy is written
   * before its old chunk lets go of it (the later copy wins at load), and a flush stopped between
   * the two loses nothing.
   */
  flush(room?: RoomBudget): void {
    for (const n of [...this.dirty].sort((a, b) => b - a)) {
      room?.take(this.keyOf(n), this.growthOf(n));
      this.flushChunk(n);
    }
  }

  /**
   * Writes the changes to these records, and no other: this device's own data, which must not wait
   * with the server's changed in the same chunks (held back at a full storage). A chunk whose whole
   * change fits in `room` is simply written (the usual case, far from 95%); otherwise it is written
   * as stored with them put in (chunk-patch.ts), and stays changed. Throws like flush().
   */
  flushOnly(ids: Iterable<string>, room?: RoomBudget): void {
    this.writeOnly(
      groupByChunk(ids, (id) => this.index.chunkNumberOf(id)),
      room,
    );
  }

  /** Writes each chunk as stored with only the records named changed, the highest first. */
  private writeOnly(byChunk: ReadonlyMap<number, ReadonlySet<string>>, room?: RoomBudget): void {
    const { storage, parse, idOf } = this.options;
    for (const n of [...byChunk.keys()].sort((a, b) => b - a)) {
      // Reading the chunk back and patching it costs a parse per record: only near 95% is it needed.
      if (room && this.dirty.has(n) && room.tryTake(this.growthOf(n))) {
        this.flushChunk(n);
        continue;
      }
      const key = this.keyOf(n);
      const here = (id: string) =>
        this.index.chunkNumberOf(id) === n ? this.index.get(id) : undefined;
      const records = patchStoredRecords(storage.get(key), byChunk.get(n)!, here, (raw) => {
        const record = parse(raw);
        return record === null ? null : idOf(record);
      });
      if (records === null) continue;
      const chunk = this.index.chunk(n);
      const whole = chunk ? [...chunk.unreadable, ...chunk.ids.map(here)] : [];
      if (JSON.stringify(records) === JSON.stringify(whole)) {
        this.flushChunk(n);
        continue;
      }
      // Still changed: the next write is counted over what this one stored (see growthOf).
      const patched: StoredChunk = { v: 1, records };
      if (records.length > 0) storage.set(key, patched);
      else storage.remove(key);
      this.storedBytes.set(n, records.length > 0 ? keyBytes(key, jsonBytes(patched)) : 0);
    }
  }

  private flushChunk(n: number): void {
    const chunk = this.index.chunk(n);
    if (!chunk || isEmptyChunk(chunk)) {
      this.options.storage.remove(this.keyOf(n));
      if (chunk) this.index.removeChunk(n, chunk);
      this.storedBytes.delete(n);
    } else {
      this.write(n, this.index.recordsOf(chunk));
      this.noteStored(n);
    }
    this.dirty.delete(n);
  }

  /** How much writing a chunk would add to storage; negative when it frees room. */
  private growthOf(n: number): number {
    const chunk = this.index.chunk(n);
    const empty = !chunk || isEmptyChunk(chunk);
    const after = empty ? 0 : keyBytes(this.keyOf(n), chunk.bytes);
    return after - (this.storedBytes.get(n) ?? 0);
  }

  /** A chunk as just read or written. Its bytes are counted as in memory, a few over the JSON's. */
  private noteStored(n: number): void {
    this.storedBytes.set(n, keyBytes(this.keyOf(n), this.index.chunk(n)!.bytes));
  }

  /** Removes every chunk key this table wrote and forgets the records. */
  clear(): void {
    for (const n of this.index.chunkNumbers()) this.options.storage.remove(this.keyOf(n));
    this.load([]);
  }

  /**
   * Writes a chunk's key. Its unreadable records go first: a copy of the same record this app
   * wrote since comes later, and the later copy is the one a reader keeps.
   */
  private write(n: number, records: T[]): void {
    const unreadable = this.index.chunk(n)?.unreadable ?? [];
    const stored: StoredChunk = { v: 1, records: [...unreadable, ...records] };
    this.options.storage.set(this.keyOf(n), stored);
  }

  private measure(id: string, record: T): number {
    const size = jsonBytes(record) + 1;
    if (size > MAX_RECORD_BYTES) throw new RecordTooLargeError(id, size);
    return size;
  }

  private keyOf(n: number): string {
    return `${this.options.prefix}.${n}`;
  }

  private chunkNumberOf(key: string): number | null {
    const head = `${this.options.prefix}.`;
    if (!key.startsWith(head)) return null;
    const rest = key.slice(head.length);
    return /^\d{1,9}$/.test(rest) ? Number(rest) : null;
  }
}
