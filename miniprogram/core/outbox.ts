// The outbox: every operation the server must receive, in chunk keys, until it acknowledged it.
// Appending an operation is one storage write, and that write is the commit of the change.
import {
  operationId,
  operationSchema,
  parseWith,
  type AckResult,
  type Operation,
  type OperationPayload,
  type OperationType,
} from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import { ChunkedTable } from './chunked-table';
import type { DeviceCounters } from './counters';
import { chunkPrefixes } from './storage-layout';
import { withUnknownFields } from './unknown-fields';

/** Why the server refused an operation: kept with it and shown until a manager deals with it. */
export interface Refusal {
  code: string;
  message: string;
  at: number;
}

export interface OutboxEntry {
  op: Operation;
  /** The cart this sale came from (see DeviceCounters.lastCartId). */
  cartId: string | null;
  refused: Refusal | null;
  /**
   * Acknowledged, kept (storage refused its removal) after what it leaves on the replica was
   * written: the server has it and the replica holds its effects, so after a relaunch it is
   * neither pushed nor counted nor laid on again. Without it a kept entry is pushed again, and
   * the server's `duplicate` lays its effects on (an ack lost: nothing laid on yet).
   */
  laidOn?: true;
}

/** An operation before the outbox gives it its envelope. */
export type OperationDraft = {
  [T in OperationType]: { type: T; payload: OperationPayload<T> };
}[OperationType];

export class InvalidOperationError extends Error {
  constructor(detail: string) {
    super(`this change cannot be recorded: ${detail}`);
    this.name = 'InvalidOperationError';
  }
}

/** An entry as stored, with any field a newer app version added: its chunk is rewritten with it. */
function parseEntry(raw: unknown): OutboxEntry | null {
  if (!raw || typeof raw !== 'object') return null;
  const { op, cartId, refused, laidOn } = raw as Partial<OutboxEntry>;
  const parsed = operationSchema.safeParse(op);
  if (!parsed.success) return null;
  const entry: OutboxEntry = {
    op: parsed.data,
    cartId: typeof cartId === 'string' ? cartId : null,
    refused: refused && typeof refused.message === 'string' ? refused : null,
  };
  const { laidOn: _asStored, ...rest } = withUnknownFields(entry, raw);
  return laidOn === true ? { ...rest, laidOn } : rest;
}

/** The `op.seq` of something shaped like an outbox entry, else 0. */
function seqOf(raw: unknown): number {
  const seq = (raw as { op?: { seq?: unknown } } | null)?.op?.seq;
  return Number.isSafeInteger(seq) ? Number(seq) : 0;
}

/**
 * The highest sequence in what could not be read (entries, and whole chunks with records shaped
 * like entries): those operations may not be on the server yet, so their sequences stay used.
 */
function highestSeqIn(unreadable: readonly unknown[]): number {
  let highest = 0;
  for (const raw of unreadable) {
    const records = (raw as { records?: unknown } | null)?.records;
    for (const entry of Array.isArray(records) ? records : [raw])
      highest = Math.max(highest, seqOf(entry));
  }
  return highest;
}

/** What the sync status counts: kept as entries come and go, not recounted per sale. */
export interface OutboxTally {
  /** Entries waiting to reach the server (refused ones not counted). */
  unsynced: number;
  oldestUnsyncedAt: number | null;
  refused: OutboxEntry[];
}

export class Outbox {
  private readonly table: ChunkedTable<OutboxEntry>;
  /** Entries by sequence; a new one is appended in place (it always has the highest). */
  private sorted: OutboxEntry[] | null = null;
  private tallied: OutboxTally | null = null;
  /** What could not be read at load: how many entries or chunks, and their highest sequence. */
  private unreadableFound = { count: 0, highestSeq: 0 };
  /**
   * Sequences the server holds durably that are still here (storage refused their removal, or the
   * shift log could not take them yet; at load, those marked laidOn): never pushed again, removed
   * at the next chance. What they leave on the replica is laid on it already.
   */
  private readonly acknowledged = new Set<number>();

  constructor(
    storage: KeyValueStorage,
    private readonly counters: DeviceCounters,
  ) {
    this.table = new ChunkedTable({
      storage,
      prefix: chunkPrefixes.outbox,
      idOf: (entry) => String(entry.op.seq),
      parse: parseEntry,
    });
  }

  load(keys: readonly string[]): void {
    this.table.load(keys);
    this.acknowledged.clear();
    for (const entry of this.table.values())
      if (entry.laidOn && !entry.refused) this.acknowledged.add(entry.op.seq);
    const unreadable = this.table.unreadable();
    this.unreadableFound = { count: unreadable.length, highestSeq: highestSeqIn(unreadable) };
    this.changed();
  }

  /** Chunks or entries that could not be read (left in storage untouched). */
  get problems(): readonly string[] {
    return this.table.problems;
  }

  /**
   * Entries and chunks this app version cannot read. They may hold operations the server never
   * got, so they count as unsynced data: kept, and nothing that would clear them is allowed.
   */
  get unreadable(): number {
    return this.unreadableFound.count;
  }

  /** Every entry, pending and refused, by sequence. Read it at once: the outbox's next change may change it. */
  entries(): readonly OutboxEntry[] {
    this.sorted ??= this.table.values().sort((a, b) => a.op.seq - b.op.seq);
    return this.sorted;
  }

  get size(): number {
    return this.table.size;
  }

  bytes(): number {
    return this.table.bytes();
  }

  /** The highest sequence this device has used, pruned and unreadable entries included. */
  lastSeq(): number {
    const entries = this.entries();
    const newest = entries.length > 0 ? entries[entries.length - 1].op.seq : 0;
    return Math.max(this.counters.lastSeq, newest, this.unreadableFound.highestSeq);
  }

  /**
   * Gives the draft the next sequence and writes it: one setStorageSync. Nothing changes when the
   * write is refused (StorageError) or the operation is invalid (InvalidOperationError).
   */
  append(
    deviceId: string,
    createdAt: number,
    draft: (seq: number) => OperationDraft,
    cartId: string | null = null,
  ): Operation {
    const seq = this.lastSeq() + 1;
    const parsed = parseWith(operationSchema, {
      id: operationId(deviceId, seq),
      deviceId,
      seq,
      createdAt,
      ...draft(seq),
    });
    if (!parsed.ok) throw new InvalidOperationError(parsed.error);
    const entry: OutboxEntry = { op: parsed.value, cartId, refused: null };
    this.table.put(entry);
    this.sorted?.push(entry);
    if (this.tallied) {
      this.tallied.unsynced++;
      const oldest = this.tallied.oldestUnsyncedAt;
      if (oldest === null || createdAt < oldest) this.tallied.oldestUnsyncedAt = createdAt;
    }
    return parsed.value;
  }

  /** Unsynced and refused entries, for the sync status. A new object after every change. */
  tally(): OutboxTally {
    if (!this.tallied) {
      const tally: OutboxTally = { unsynced: 0, oldestUnsyncedAt: null, refused: [] };
      for (const entry of this.entries()) {
        if (entry.refused) {
          tally.refused.push(entry);
          continue;
        }
        if (this.acknowledged.has(entry.op.seq)) continue;
        tally.unsynced++;
        const oldest = tally.oldestUnsyncedAt;
        if (oldest === null || entry.op.createdAt < oldest)
          tally.oldestUnsyncedAt = entry.op.createdAt;
      }
      this.tallied = tally;
    }
    return { ...this.tallied, refused: [...this.tallied.refused] };
  }

  /**
   * The next operations to push after `afterSeq` (those are in flight): not refused nor already
   * acknowledged, in sequence order, within the frame budget. An operation counts as its stored
   * entry's size, a little more than its own JSON: measured once when it was written, not again at
   * every push.
   */
  nextBatch(maxOps: number, maxBytes: number, afterSeq = 0): Operation[] {
    const batch: Operation[] = [];
    let bytes = 64;
    for (const entry of this.entries()) {
      if (entry.refused || entry.op.seq <= afterSeq || this.acknowledged.has(entry.op.seq))
        continue;
      const size = this.table.sizeOf(String(entry.op.seq));
      if (batch.length >= maxOps || (batch.length > 0 && bytes + size > maxBytes)) break;
      batch.push(entry.op);
      bytes += size;
    }
    return batch;
  }

  /** Marks refused operations with the server's reason; they stay until a manager dismisses them. */
  markRefused(results: readonly AckResult[], at: number): OutboxEntry[] {
    const marked: OutboxEntry[] = [];
    for (const result of results) {
      const entry = this.table.get(String(result.seq));
      if (result.status !== 'refused' || !entry || entry.op.id !== result.id) continue;
      const error = result.error ?? { code: 'refused', message: 'the server refused it' };
      const updated = { ...entry, refused: { code: error.code, message: error.message, at } };
      this.table.stage(updated);
      marked.push(updated);
    }
    if (marked.length > 0) {
      // Memory changed with stage(), even if the write below is refused.
      this.changed();
      this.table.flush();
    }
    return marked;
  }

  get(seq: number): OutboxEntry | undefined {
    return this.table.get(String(seq));
  }

  /**
   * Notes what the server acknowledged, before anything is written. Returns every acknowledged
   * entry still here, these and earlier ones whose removal did not happen yet, by sequence.
   */
  acknowledge(seqs: readonly number[]): OutboxEntry[] {
    for (const seq of seqs) {
      const entry = this.table.get(String(seq));
      if (entry && !entry.refused) this.acknowledged.add(seq);
    }
    if (seqs.length > 0) this.changed();
    const seqsHere = [...this.acknowledged].sort((a, b) => a - b);
    return seqsHere.flatMap((seq) => this.table.get(String(seq)) ?? []);
  }

  /** Whether the server acknowledged this entry already (it is still here, not yet removed). */
  isAcknowledged(seq: number): boolean {
    return this.acknowledged.has(seq);
  }

  hasAcknowledged(): boolean {
    return this.acknowledged.size > 0;
  }

  /**
   * Removes entries the server holds (or a manager dismissed). The counters are written first, so
   * the sequence, the order numbers and the latest stamp carry on from them after they are gone.
   */
  remove(seqs: readonly number[], orderSeqs: Record<string, number> = {}): void {
    const present = seqs.filter((seq) => this.table.has(String(seq)));
    if (present.length === 0) return;
    const removed = present.map((seq) => this.table.get(String(seq))!);
    const cartIds = removed.map((entry) => entry.cartId).filter(Boolean);
    this.counters.raise({
      lastSeq: Math.max(...present),
      orderSeqs,
      lastCartId: cartIds.length > 0 ? cartIds[cartIds.length - 1] : undefined,
      stamps: removed.map(({ op }) => ({ seq: op.seq, at: op.createdAt })),
    });
    try {
      this.table.removeMany(present.map(String));
    } finally {
      for (const seq of present) if (!this.table.has(String(seq))) this.acknowledged.delete(seq);
      this.changed();
    }
  }

  /**
   * Puts back acknowledged entries just removed, when what they leave behind could not be written
   * even in the room their removal freed: they stay acknowledged (never pushed again) until it can.
   * Throws when storage refuses (the entries are then staged, written with the next change).
   */
  restore(entries: readonly OutboxEntry[]): void {
    for (const entry of entries) {
      this.table.stage(entry);
      this.acknowledged.add(entry.op.seq);
    }
    this.changed();
    this.table.flush();
  }

  /**
   * Keeps acknowledged entries whose effects are written on the replica, saying so in storage (see
   * OutboxEntry.laidOn): their removal was refused. Throws like restore().
   */
  keepLaidOn(entries: readonly OutboxEntry[]): void {
    this.restore(entries.map((entry) => ({ ...entry, laidOn: true })));
  }

  /** After a storage loss the server may know a higher sequence: never reuse one it has seen. */
  raiseSeqFloor(seq: number): void {
    if (seq > this.lastSeq()) this.counters.raise({ lastSeq: seq });
  }

  clear(): void {
    this.table.clear();
    this.acknowledged.clear();
    this.unreadableFound = { count: 0, highestSeq: 0 };
    this.changed();
  }

  private changed(): void {
    this.sorted = null;
    this.tallied = null;
  }
}

export function isAcknowledged(result: AckResult): boolean {
  return result.status === 'applied' || result.status === 'duplicate';
}
