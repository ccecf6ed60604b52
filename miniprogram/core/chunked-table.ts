// A collection of records stored in numbered chunk keys ("pos.outbox.0", "pos.outbox.1", ...),
// each filled to about CHUNK_TARGET_BYTES: changing one record rewrites one small key.
import type { KeyValueStorage } from '../adapters/storage';
import { jsonBytes } from './byte-size';
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

interface Chunk {
  ids: string[];
  bytes: number;
  /**
   * Records this app could not read (another version may have written them): written back exactly
   * as found whenever the chunk is written, so rewriting a chunk never destroys them.
   */
  unreadable: unknown[];
}

/** What a chunk key holds. */
interface StoredChunk {
  v: 1;
  records: unknown[];
}

// `{"v":1,"records":[]}` plus a comma per record.
const CHUNK_OVERHEAD_BYTES = 22;

export class ChunkedTable<T> {
  private readonly records = new Map<string, T>();
  private readonly sizes = new Map<string, number>();
  private readonly chunkOf = new Map<string, number>();
  private readonly chunks = new Map<number, Chunk>();
  private readonly dirty = new Set<number>();
  /**
   * What each chunk key takes in storage, as last read or written: a flush within a room counts
   * what a write adds over it, so rewriting a chunk of about the same size needs no room.
   */
  private readonly storedBytes = new Map<number, number>();
  /** Chunks whose keys could not be read, as found: never written over, so nothing is destroyed. */
  private readonly unreadableChunks = new Map<number, unknown>();
  private readonly target: number;
  /** The sum of the chunks' bytes, kept as they change (bytes() is asked at every prune). */
  private totalBytes = 0;
  /** The highest chunk number in use, readable or not; null when it must be looked up again. */
  private lastNumber: number | null = null;
  /** What could not be read at load, in words. */
  readonly problems: string[] = [];

  constructor(private readonly options: ChunkedTableOptions<T>) {
    this.target = options.targetChunkBytes ?? CHUNK_TARGET_BYTES;
  }

  /** Reads every chunk key. A record found in two chunks (a move cut short) keeps the later copy. */
  load(allKeys: readonly string[]): void {
    this.records.clear();
    this.sizes.clear();
    this.chunkOf.clear();
    this.chunks.clear();
    this.dirty.clear();
    this.storedBytes.clear();
    this.unreadableChunks.clear();
    this.problems.length = 0;
    this.totalBytes = 0;
    this.lastNumber = null;
    const numbers = allKeys
      .map((key) => this.chunkNumberOf(key))
      .filter((n): n is number => n !== null)
      .sort((a, b) => a - b);
    for (const n of numbers) {
      const stored = this.options.storage.get(this.keyOf(n)) as StoredChunk | null;
      if (!stored || stored.v !== 1 || !Array.isArray(stored.records)) {
        this.unreadableChunks.set(n, stored);
        this.problems.push(`${this.keyOf(n)} is not a chunk this app wrote; it was left as it is`);
        continue;
      }
      const chunk = this.addChunk(n);
      for (const raw of stored.records) {
        const record = this.options.parse(raw);
        if (record === null) {
          this.problems.push(`${this.keyOf(n)} holds a record this app cannot read; it is kept`);
          chunk.unreadable.push(raw);
          chunk.bytes += jsonBytes(raw) + 1;
          this.totalBytes += jsonBytes(raw) + 1;
          continue;
        }
        const id = this.options.idOf(record);
        const earlier = this.chunkOf.get(id);
        if (earlier !== undefined) {
          this.detach(id, earlier);
          // Written again without the stale copy at the next flush.
          this.dirty.add(earlier);
        }
        this.attach(id, record, n, jsonBytes(raw) + 1);
      }
      this.noteStored(n);
    }
  }

  get size(): number {
    return this.records.size;
  }

  /** The keys' common start ("pos.products"), naming the table in problems. */
  get prefix(): string {
    return this.options.prefix;
  }

  /** What could not be read, as stored: each unreadable record, and each unreadable chunk whole. */
  unreadable(): unknown[] {
    const records = [...this.chunks.values()].flatMap((chunk) => chunk.unreadable);
    return [...records, ...this.unreadableChunks.values()];
  }

  get(id: string): T | undefined {
    return this.records.get(id);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** Every record, chunk by chunk in the order they were added. */
  values(): T[] {
    const numbers = [...this.chunks.keys()].sort((a, b) => a - b);
    return numbers.flatMap((n) => this.chunks.get(n)!.ids.map((id) => this.records.get(id)!));
  }

  /** Bytes one record takes in its chunk (0 when absent). */
  sizeOf(id: string): number {
    return this.sizes.get(id) ?? 0;
  }

  /** Bytes of all chunks, as stored. */
  bytes(): number {
    return this.totalBytes;
  }

  /**
   * Adds or replaces one record in exactly one storage write (two only when an update in place
   * outgrows its chunk), and changes memory only once the write succeeded: the commit primitive.
   */
  put(record: T): void {
    if (this.dirty.size > 0) this.flush();
    const id = this.options.idOf(record);
    const size = this.measure(id, record);
    const current = this.chunkOf.get(id);
    const grown =
      current !== undefined &&
      this.chunks.get(current)!.bytes - this.sizes.get(id)! + size > MAX_CHUNK_BYTES;
    const n = current !== undefined && !grown ? current : this.openChunkFor(size);
    const ids = this.chunks.get(n)?.ids ?? [];
    const records = (ids.includes(id) ? ids : [...ids, id]).map((other) =>
      other === id ? record : this.records.get(other)!,
    );
    this.write(n, records);
    if (current !== undefined && current !== n) {
      this.detach(id, current);
      this.dirty.add(current);
    }
    if (current === n) this.replaceInPlace(id, record, size);
    else this.attach(id, record, n, size);
    this.noteStored(n);
    if (this.dirty.size > 0) this.flush();
  }

  /** Adds or replaces records in memory; flush() writes them. */
  stage(record: T): void {
    const id = this.options.idOf(record);
    const size = this.measure(id, record);
    const current = this.chunkOf.get(id);
    if (current !== undefined) {
      const chunk = this.chunks.get(current)!;
      if (chunk.bytes - this.sizes.get(id)! + size <= MAX_CHUNK_BYTES) {
        this.replaceInPlace(id, record, size);
        this.dirty.add(current);
        return;
      }
      this.detach(id, current);
      this.dirty.add(current);
    }
    const n = this.openChunkFor(size);
    this.attach(id, record, n, size);
    this.dirty.add(n);
  }

  /** Removes a record in memory; flush() writes the change. */
  unstage(id: string): void {
    const n = this.chunkOf.get(id);
    if (n === undefined) return;
    this.detach(id, n);
    this.dirty.add(n);
  }

  /** Removes records and writes the chunks they were in (an emptied chunk's key is removed). */
  removeMany(ids: Iterable<string>): void {
    for (const id of ids) this.unstage(id);
    this.flush();
  }

  /** Removes records and writes their removal, and no other change: see flushOnly. */
  removeOnly(ids: Iterable<string>): void {
    const removed = groupByChunk(ids, (id) => this.chunkOf.get(id));
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
   * with the server's changed in the same chunks (held back at a full storage). Such a chunk is
   * written as stored with them put in (chunk-patch.ts), and stays changed. Throws like flush().
   */
  flushOnly(ids: Iterable<string>): void {
    this.writeOnly(groupByChunk(ids, (id) => this.chunkOf.get(id)));
  }

  /** Writes each chunk as stored with only the records named changed, the highest first. */
  private writeOnly(byChunk: ReadonlyMap<number, ReadonlySet<string>>): void {
    const { storage, parse, idOf } = this.options;
    for (const n of [...byChunk.keys()].sort((a, b) => b - a)) {
      const key = this.keyOf(n);
      const here = (id: string) => (this.chunkOf.get(id) === n ? this.records.get(id) : undefined);
      const records = patchStoredRecords(storage.get(key), byChunk.get(n)!, here, (raw) => {
        const record = parse(raw);
        return record === null ? null : idOf(record);
      });
      if (records === null) continue;
      const chunk = this.chunks.get(n);
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
    const chunk = this.chunks.get(n);
    if (!chunk || (chunk.ids.length === 0 && chunk.unreadable.length === 0)) {
      this.options.storage.remove(this.keyOf(n));
      if (chunk) this.removeChunk(n, chunk);
      this.storedBytes.delete(n);
    } else {
      this.write(
        n,
        chunk.ids.map((id) => this.records.get(id)!),
      );
      this.noteStored(n);
    }
    this.dirty.delete(n);
  }

  /** How much writing a chunk would add to storage; negative when it frees room. */
  private growthOf(n: number): number {
    const chunk = this.chunks.get(n);
    const empty = !chunk || (chunk.ids.length === 0 && chunk.unreadable.length === 0);
    const after = empty ? 0 : keyBytes(this.keyOf(n), chunk.bytes);
    return after - (this.storedBytes.get(n) ?? 0);
  }

  /** A chunk as just read or written. Its bytes are counted as in memory, a few over the JSON's. */
  private noteStored(n: number): void {
    this.storedBytes.set(n, keyBytes(this.keyOf(n), this.chunks.get(n)!.bytes));
  }

  /** Removes every chunk key this table wrote and forgets the records. */
  clear(): void {
    for (const n of this.chunks.keys()) this.options.storage.remove(this.keyOf(n));
    this.load([]);
  }

  /**
   * Writes a chunk's key. Its unreadable records go first: a copy of the same record this app
   * wrote since comes later, and the later copy is the one a reader keeps.
   */
  private write(n: number, records: T[]): void {
    const unreadable = this.chunks.get(n)?.unreadable ?? [];
    const stored: StoredChunk = { v: 1, records: [...unreadable, ...records] };
    this.options.storage.set(this.keyOf(n), stored);
  }

  private measure(id: string, record: T): number {
    const size = jsonBytes(record) + 1;
    if (size > MAX_RECORD_BYTES) throw new RecordTooLargeError(id, size);
    return size;
  }

  /** Keeps the record's place in its chunk. */
  private replaceInPlace(id: string, record: T, size: number): void {
    const chunk = this.chunks.get(this.chunkOf.get(id)!)!;
    chunk.bytes += size - this.sizes.get(id)!;
    this.totalBytes += size - this.sizes.get(id)!;
    this.sizes.set(id, size);
    this.records.set(id, record);
  }

  /** The newest chunk when the record fits its target, else a new chunk after every known one. */
  private openChunkFor(size: number): number {
    this.lastNumber ??= Math.max(-1, ...this.chunks.keys(), ...this.unreadableChunks.keys());
    const last = this.lastNumber;
    const open = this.chunks.get(last);
    const empty = open && open.ids.length === 0 && open.unreadable.length === 0;
    if (open && (empty || open.bytes + size <= this.target)) return last;
    return last + 1;
  }

  private attach(id: string, record: T, n: number, size: number): void {
    const chunk = this.chunks.get(n) ?? this.addChunk(n);
    chunk.ids.push(id);
    chunk.bytes += size;
    this.totalBytes += size;
    this.records.set(id, record);
    this.sizes.set(id, size);
    this.chunkOf.set(id, n);
  }

  private detach(id: string, n: number): void {
    const chunk = this.chunks.get(n)!;
    chunk.ids = chunk.ids.filter((other) => other !== id);
    chunk.bytes -= this.sizes.get(id) ?? 0;
    this.totalBytes -= this.sizes.get(id) ?? 0;
    this.records.delete(id);
    this.sizes.delete(id);
    this.chunkOf.delete(id);
  }

  private addChunk(n: number): Chunk {
    const chunk: Chunk = { ids: [], bytes: CHUNK_OVERHEAD_BYTES, unreadable: [] };
    this.chunks.set(n, chunk);
    this.totalBytes += chunk.bytes;
    if (this.lastNumber !== null && n > this.lastNumber) this.lastNumber = n;
    return chunk;
  }

  private removeChunk(n: number, chunk: Chunk): void {
    this.chunks.delete(n);
    this.totalBytes -= chunk.bytes;
    if (n === this.lastNumber) this.lastNumber = null;
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
