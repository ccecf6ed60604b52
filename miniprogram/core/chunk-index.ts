// What a chunked table holds in memory: each record, the chunk it is in and the bytes it takes
// there, each chunk's ids and size, and the chunks found unreadable. No storage: the table writes.
import { jsonBytes } from './byte-size';

export interface Chunk {
  ids: string[];
  bytes: number;
  /**
   * Records this app could not read (another version may have written them): written back exactly
   * as found whenever the chunk is written, so rewriting a chunk never destroys them.
   */
  unreadable: unknown[];
}

// `{"v":1,"records":[]}` plus a comma per record.
const CHUNK_OVERHEAD_BYTES = 22;

/** A chunk with nothing in it, readable or not: its key is removed rather than written. */
export function isEmptyChunk(chunk: Chunk): boolean {
  return chunk.ids.length === 0 && chunk.unreadable.length === 0;
}

export class ChunkIndex<T> {
  private readonly records = new Map<string, T>();
  private readonly sizes = new Map<string, number>();
  private readonly chunkOf = new Map<string, number>();
  private readonly chunks = new Map<number, Chunk>();
  /** Chunks whose keys could not be read, as found: never written over, so nothing is destroyed. */
  private readonly unreadableChunks = new Map<number, unknown>();
  /** The sum of the chunks' bytes, kept as they change (bytes() is asked at every prune). */
  private totalBytes = 0;
  /** The highest chunk number in use, readable or not; null when it must be looked up again. */
  private lastNumber: number | null = null;

  /** `target`: the bytes a chunk is filled to before the next is opened. */
  constructor(private readonly target: number) {}

  clear(): void {
    this.records.clear();
    this.sizes.clear();
    this.chunkOf.clear();
    this.chunks.clear();
    this.unreadableChunks.clear();
    this.totalBytes = 0;
    this.lastNumber = null;
  }

  get size(): number {
    return this.records.size;
  }

  get(id: string): T | undefined {
    return this.records.get(id);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** The number of the chunk holding the record. */
  chunkNumberOf(id: string): number | undefined {
    return this.chunkOf.get(id);
  }

  chunk(n: number): Chunk | undefined {
    return this.chunks.get(n);
  }

  chunkNumbers(): number[] {
    return [...this.chunks.keys()];
  }

  /** Every record, chunk by chunk in the order they were added. */
  values(): T[] {
    const numbers = [...this.chunks.keys()].sort((a, b) => a - b);
    return numbers.flatMap((n) => this.chunks.get(n)!.ids.map((id) => this.records.get(id)!));
  }

  /** The records of one chunk, in its order. */
  recordsOf(chunk: Chunk): T[] {
    return chunk.ids.map((id) => this.records.get(id)!);
  }

  /** Bytes one record takes in its chunk (0 when absent). */
  sizeOf(id: string): number {
    return this.sizes.get(id) ?? 0;
  }

  /** Bytes of all chunks, as stored. */
  bytes(): number {
    return this.totalBytes;
  }

  /** What could not be read, as stored: each unreadable record, and each unreadable chunk whole. */
  unreadable(): unknown[] {
    const records = [...this.chunks.values()].flatMap((chunk) => chunk.unreadable);
    return [...records, ...this.unreadableChunks.values()];
  }

  /** A chunk key that is not a chunk this app wrote, kept as found. */
  addUnreadableChunk(n: number, stored: unknown): void {
    this.unreadableChunks.set(n, stored);
  }

  /** A record of the chunk this app cannot read, kept as found. */
  addUnreadableRecord(chunk: Chunk, raw: unknown): void {
    chunk.unreadable.push(raw);
    chunk.bytes += jsonBytes(raw) + 1;
    this.totalBytes += jsonBytes(raw) + 1;
  }

  /** The newest chunk when the record fits its target, else a new chunk after every known one. */
  openChunkFor(size: number): number {
    this.lastNumber ??= Math.max(-1, ...this.chunks.keys(), ...this.unreadableChunks.keys());
    const last = this.lastNumber;
    const open = this.chunks.get(last);
    if (open && (isEmptyChunk(open) || open.bytes + size <= this.target)) return last;
    return last + 1;
  }

  /** Keeps the record's place in its chunk. */
  replaceInPlace(id: string, record: T, size: number): void {
    const chunk = this.chunks.get(this.chunkOf.get(id)!)!;
    chunk.bytes += size - this.sizes.get(id)!;
    this.totalBytes += size - this.sizes.get(id)!;
    this.sizes.set(id, size);
    this.records.set(id, record);
  }

  attach(id: string, record: T, n: number, size: number): void {
    const chunk = this.chunks.get(n) ?? this.addChunk(n);
    chunk.ids.push(id);
    chunk.bytes += size;
    this.totalBytes += size;
    this.records.set(id, record);
    this.sizes.set(id, size);
    this.chunkOf.set(id, n);
  }

  detach(id: string, n: number): void {
    const chunk = this.chunks.get(n)!;
    chunk.ids = chunk.ids.filter((other) => other !== id);
    chunk.bytes -= this.sizes.get(id) ?? 0;
    this.totalBytes -= this.sizes.get(id) ?? 0;
    this.records.delete(id);
    this.sizes.delete(id);
    this.chunkOf.delete(id);
  }

  addChunk(n: number): Chunk {
    const chunk: Chunk = { ids: [], bytes: CHUNK_OVERHEAD_BYTES, unreadable: [] };
    this.chunks.set(n, chunk);
    this.totalBytes += chunk.bytes;
    if (this.lastNumber !== null && n > this.lastNumber) this.lastNumber = n;
    return chunk;
  }

  removeChunk(n: number, chunk: Chunk): void {
    this.chunks.delete(n);
    this.totalBytes -= chunk.bytes;
    if (n === this.lastNumber) this.lastNumber = null;
  }
}
