// Where the acknowledged shifts are kept: their parts in the chunked table `shifts`, closed shifts
// let go of first, the old single key moved in, and writes ordered so a crash leaves no half shift.
import type { ShiftOpenedOnDevice } from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import { ChunkedTable } from './chunked-table';
import type { ShiftOperation, ShiftRecord } from './shift-log';
import {
  eventOf,
  idOfPart,
  parsePart,
  parseRecord,
  partId,
  partsByShift,
  PartsBuilder,
  partsOfRecord,
  recordsOf,
  type ShiftPart,
} from './shift-parts';
import { chunkPrefixes, CLOSED_SHIFTS_MAX_BYTES, SHIFTS_KEPT, storageKeys } from './storage-layout';

/** An operation that changed a shift (the one it opened, or one already there). */
export interface ShiftChange {
  opened: ShiftOpenedOnDevice;
  op: ShiftOperation;
}

/**
 * The closed shifts to let go of: beyond the newest SHIFTS_KEPT, or once the closed ones (newest
 * first) take more than CLOSED_SHIFTS_MAX_BYTES, though never the newest. Open shifts always stay,
 * whatever their size: their drawer's expected cash needs every event.
 */
function closedToDrop(records: readonly ShiftRecord[], bytesOf: (shiftId: string) => number) {
  const newestFirst = records.filter((r) => r.closed !== null).reverse();
  const dropped = new Set<string>();
  let bytes = 0;
  for (const [i, record] of newestFirst.entries()) {
    const { shiftId } = record.opened;
    bytes += bytesOf(shiftId);
    if (i > 0 && (i >= SHIFTS_KEPT || bytes > CLOSED_SHIFTS_MAX_BYTES)) dropped.add(shiftId);
  }
  return dropped;
}

/**
 * The acknowledged shifts, stored in parts in a chunked table: no key holds more than a chunk
 * however long a shift stays open, and closed shifts are the ones let go of (closedToDrop).
 */
export class ShiftStorage {
  private records: ShiftRecord[] = [];
  private readonly table: ChunkedTable<ShiftPart>;
  /** Each shift's parts, in order, as the table holds them. */
  private parts = new Map<string, ShiftPart[]>();
  /** The old single key still holds the log: the next write moves it into the table. */
  private inOldKey = false;

  constructor(private readonly storage: KeyValueStorage) {
    this.table = new ChunkedTable<ShiftPart>({
      storage,
      prefix: chunkPrefixes.shifts,
      idOf: idOfPart,
      parse: parsePart,
    });
  }

  load(keys: readonly string[] = this.storage.keys()): void {
    this.table.load(keys);
    this.adoptTable();
    this.inOldKey = false;
    const stored = this.storage.get(storageKeys.shifts) as { shifts?: unknown[] } | null;
    if (stored === null) return;
    // Written by a version before the table: moved now, or at the next settle if storage refuses.
    // Parts of a move cut short are replaced, since the old key goes only once the move is written.
    this.records = (stored.shifts ?? [])
      .map(parseRecord)
      .filter((r): r is ShiftRecord => r !== null);
    this.inOldKey = true;
    try {
      this.write(this.records, new Map());
    } catch {
      // Kept in the old key and in memory; the next settle tries again (and reports it).
    }
  }

  values(): readonly ShiftRecord[] {
    return this.records;
  }

  /**
   * Stores the shifts as they now are, `changes` being the operations that made them so, in order:
   * only the parts those change are written. On a refused write the shifts are what storage holds.
   */
  save(records: readonly ShiftRecord[], changes: readonly ShiftChange[]): void {
    // The parts each event changes (moving the old key writes every part anyway).
    const changed = new Map<string, PartsBuilder>();
    for (const { opened, op } of this.inOldKey ? [] : changes) {
      const { shiftId } = opened;
      const parts = this.parts.get(shiftId);
      let builder = changed.get(shiftId);
      if (!builder && !parts) {
        changed.set(shiftId, PartsBuilder.opening(opened, op.id));
        continue;
      }
      if (!builder) changed.set(shiftId, (builder = new PartsBuilder([...parts!])));
      builder.add(eventOf(op));
    }
    this.write(records, changed);
  }

  clear(): void {
    this.table.clear();
    this.storage.remove(storageKeys.shifts);
    this.inOldKey = false;
    this.adoptTable();
  }

  /**
   * Writes the shifts' changed parts (moving the old key: every part of `records`, the shifts as
   * they now are), then lets go of the closed shifts beyond those kept: their part 0 first, so a
   * removal cut short leaves no half shift, only parts without one, removed at the next write.
   */
  private write(records: readonly ShiftRecord[], changed: ReadonlyMap<string, PartsBuilder>): void {
    try {
      let parts: Map<string, ShiftPart[]>;
      if (this.inOldKey) {
        parts = new Map(records.map((r) => [r.opened.shiftId, partsOfRecord(r)]));
        for (const part of this.table.values()) this.table.unstage(idOfPart(part));
      } else {
        parts = new Map(this.parts);
        for (const [shiftId, builder] of changed) parts.set(shiftId, builder.parts);
      }
      for (const [shiftId, list] of parts)
        for (const part of list)
          if (!this.parts.get(shiftId)?.includes(part) || this.inOldKey) this.table.stage(part);
      const bytesOf = (shiftId: string) =>
        (parts.get(shiftId) ?? []).reduce((sum, p) => sum + this.table.sizeOf(idOfPart(p)), 0);
      const dropped = closedToDrop(recordsOf(parts), bytesOf);
      for (const shiftId of dropped) this.table.unstage(partId(shiftId, 0));
      this.table.flush();
      if (this.inOldKey) {
        this.storage.remove(storageKeys.shifts);
        this.inOldKey = false;
      }
      const kept = new Set([...parts.keys()].filter((shiftId) => !dropped.has(shiftId)));
      // The rest of the dropped shifts, and parts left without their shift.
      for (const part of this.table.values())
        if (!kept.has(part.shiftId)) this.table.unstage(idOfPart(part));
      this.table.flush();
      this.adoptTable();
    } catch (error) {
      // Memory goes back to what storage holds; events not written stay in the outbox.
      const inOldKey = this.inOldKey ? this.records : null;
      this.table.load(this.storage.keys());
      this.adoptTable();
      if (inOldKey) this.records = inOldKey;
      throw error;
    }
  }

  /** Memory from the table. */
  private adoptTable(): void {
    this.parts = partsByShift(this.table.values());
    this.records = recordsOf(this.parts);
  }
}
