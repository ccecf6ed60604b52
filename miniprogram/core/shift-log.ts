// This device's shifts: the acknowledged events in the chunked table `shifts`, plus the outbox's
// pending ones laid over them, so the drawer's state survives the outbox being pruned. A drawer's
// events are the shift's own and the cash top-ups of stored value its cashier took during it.
import {
  cashMovementSchema,
  drawerTopUpOf,
  shiftClosedSchema,
  shiftOpenedSchema,
  shiftWindow,
  toppedUpInShift,
  topUpSchema,
  type CashMovement,
  type DrawerTopUp,
  type Operation,
  type OperationOf,
  type ShiftClosed,
  type ShiftOpenedOnDevice,
  type TopUp,
} from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import { jsonBytes } from './byte-size';
import { ChunkedTable } from './chunked-table';
import type { OutboxEntry } from './outbox';
import {
  chunkPrefixes,
  CLOSED_SHIFTS_MAX_BYTES,
  SHIFT_PART_BYTES,
  SHIFTS_KEPT,
  storageKeys,
} from './storage-layout';

export interface ShiftRecord {
  opened: ShiftOpenedOnDevice;
  movements: CashMovement[];
  /** Stored value bought with cash in this drawer during the shift (records before them: none). */
  topUps: TopUp[];
  closed: ShiftClosed | null;
  /** The operations already in this record: applying one again changes nothing. */
  opIds: string[];
}

type ShiftOperation =
  Extract<Operation, { type: `shift.${string}` }> | OperationOf<'member.topped_up'>;

/** Whether the operation is an event of a shift's drawer: the shift's own, or a cash top-up. */
export function isShiftOperation(op: Operation): op is ShiftOperation {
  return (
    op.type === 'shift.opened' ||
    op.type === 'shift.cash_moved' ||
    op.type === 'shift.closed' ||
    (op.type === 'member.topped_up' && op.payload.payment.method === 'cash')
  );
}

/** A shift's cash top-ups as its drawer counts them (summarizeShift, the Z-report). */
export function drawerTopUps(record: ShiftRecord): DrawerTopUp[] {
  return record.topUps.map((topUp) => drawerTopUpOf(topUp, record.opened.deviceId));
}

/** Adds a cash top-up to the shifts whose drawer took it: same device and cashier, during the shift. */
function withTopUp(
  records: readonly ShiftRecord[],
  op: OperationOf<'member.topped_up'>,
): ShiftRecord[] {
  const topUp = drawerTopUpOf(op.payload, op.deviceId);
  return records.map((record) =>
    !record.opIds.includes(op.id) &&
    toppedUpInShift(topUp, shiftWindow(record.opened, record.closed))
      ? { ...record, topUps: [...record.topUps, op.payload], opIds: [...record.opIds, op.id] }
      : record,
  );
}

/** Applies one shift event to the records (a new array; unknown shifts are ignored). */
export function withShiftEvent(records: readonly ShiftRecord[], op: ShiftOperation): ShiftRecord[] {
  if (op.type === 'member.topped_up') return withTopUp(records, op);
  if (op.type === 'shift.opened') {
    if (records.some((r) => r.opened.shiftId === op.payload.shiftId)) return [...records];
    const opened = { ...op.payload, deviceId: op.deviceId };
    return [...records, { opened, movements: [], topUps: [], closed: null, opIds: [op.id] }];
  }
  return records.map((record) => {
    if (record.opened.shiftId !== op.payload.shiftId || record.opIds.includes(op.id)) return record;
    const opIds = [...record.opIds, op.id];
    if (op.type === 'shift.closed') return { ...record, closed: op.payload, opIds };
    return { ...record, movements: [...record.movements, op.payload as CashMovement], opIds };
  });
}

/** The acknowledged shifts with the outbox's pending shift events applied. */
export function shiftsWithPending(
  records: readonly ShiftRecord[],
  outbox: readonly OutboxEntry[],
): ShiftRecord[] {
  let shifts = [...records];
  for (const { op, refused } of outbox)
    if (!refused && isShiftOperation(op)) shifts = withShiftEvent(shifts, op);
  return shifts;
}

/**
 * A piece of a shift as stored. Part 0 holds its opening; every later event goes into the shift's
 * last part together with its operation id (one record: one write), and a new part is started when
 * the last would grow past SHIFT_PART_BYTES. A shift left open for weeks with thousands of cash
 * movements and top-ups thus takes many small records, never one key past WeChat's limit, and a
 * settle rewrites the one chunk holding its last part, not the whole log.
 */
interface ShiftPart {
  shiftId: string;
  part: number;
  /** Part 0's only. */
  opened: ShiftOpenedOnDevice | null;
  movements: CashMovement[];
  topUps: TopUp[];
  /** In the part the close went into. */
  closed: ShiftClosed | null;
  opIds: string[];
}

/** What one event adds to a shift's last part (a move from the old key: its ids on their own). */
interface ShiftEvent {
  opId?: string;
  movement?: CashMovement;
  topUp?: TopUp;
  closed?: ShiftClosed;
}

const partId = (shiftId: string, part: number) => `${shiftId}/${part}`;
const idOfPart = (part: ShiftPart) => partId(part.shiftId, part.part);

function parseOpened(raw: unknown): ShiftOpenedOnDevice | null {
  const opened = shiftOpenedSchema.safeParse(raw);
  const deviceId = (raw as { deviceId?: unknown } | undefined)?.deviceId;
  return opened.success && typeof deviceId === 'string' ? { ...opened.data, deviceId } : null;
}

/** A record's or a part's events; null when any of them cannot be read. */
function parseEvents(
  r: Partial<Record<'movements' | 'topUps' | 'closed' | 'opIds', unknown>>,
): Pick<ShiftRecord, 'movements' | 'topUps' | 'closed' | 'opIds'> | null {
  if (!Array.isArray(r.movements)) return null;
  if (!Array.isArray(r.opIds) || !r.opIds.every((id) => typeof id === 'string')) return null;
  const movements = r.movements.map((m) => cashMovementSchema.safeParse(m));
  // Records written before top-ups were kept have none.
  if (r.topUps !== undefined && !Array.isArray(r.topUps)) return null;
  const topUps = ((r.topUps as unknown[] | undefined) ?? []).map((t) => topUpSchema.safeParse(t));
  const closed = r.closed == null ? null : shiftClosedSchema.safeParse(r.closed);
  if (movements.some((m) => !m.success) || (closed && !closed.success)) return null;
  if (topUps.some((t) => !t.success)) return null;
  return {
    movements: movements.map((m) => m.data!),
    topUps: topUps.map((t) => t.data!),
    closed: closed && closed.success ? closed.data : null,
    opIds: r.opIds as string[],
  };
}

/** A shift as the old single key held it. */
function parseRecord(raw: unknown): ShiftRecord | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<Record<keyof ShiftRecord, unknown>>;
  const opened = parseOpened(r.opened);
  const events = opened && parseEvents(r);
  return opened && events ? { opened, ...events } : null;
}

function parsePart(raw: unknown): ShiftPart | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<Record<keyof ShiftPart, unknown>>;
  if (typeof r.shiftId !== 'string' || typeof r.part !== 'number') return null;
  if (!Number.isInteger(r.part) || r.part < 0) return null;
  const opened = r.part === 0 ? parseOpened(r.opened) : null;
  if (r.part === 0 && !opened) return null;
  const events = parseEvents(r);
  return events ? { shiftId: r.shiftId, part: r.part, opened, ...events } : null;
}

/** Each shift's parts in order; parts without their part 0 (a removal cut short) are left out. */
function partsByShift(parts: readonly ShiftPart[]): Map<string, ShiftPart[]> {
  const byShift = new Map<string, ShiftPart[]>();
  for (const part of parts) byShift.set(part.shiftId, [...(byShift.get(part.shiftId) ?? []), part]);
  for (const [shiftId, list] of byShift) {
    list.sort((a, b) => a.part - b.part);
    if (list[0].part !== 0) byShift.delete(shiftId);
  }
  return byShift;
}

/** The shifts the parts make up, in the order they were opened. */
function recordsOf(byShift: ReadonlyMap<string, readonly ShiftPart[]>): ShiftRecord[] {
  const records = [...byShift.values()].map((parts): ShiftRecord => ({
    opened: parts[0].opened!,
    movements: parts.flatMap((p) => p.movements),
    topUps: parts.flatMap((p) => p.topUps),
    closed: parts.find((p) => p.closed !== null)?.closed ?? null,
    opIds: parts.flatMap((p) => p.opIds),
  }));
  return records.sort((a, b) => a.opened.at - b.opened.at);
}

/** Bytes an item adds to a JSON array. */
const itemBytes = (list: readonly unknown[], item: unknown) =>
  jsonBytes(item) + (list.length > 0 ? 1 : 0);

/** The part with the event in it, and how many bytes its JSON grows by. */
function withEvent(part: ShiftPart, event: ShiftEvent): [ShiftPart, number] {
  const next = { ...part };
  let bytes = 0;
  if (event.movement) {
    bytes += itemBytes(part.movements, event.movement);
    next.movements = [...part.movements, event.movement];
  }
  if (event.topUp) {
    bytes += itemBytes(part.topUps, event.topUp);
    next.topUps = [...part.topUps, event.topUp];
  }
  if (event.closed) {
    bytes += jsonBytes(event.closed) - jsonBytes(part.closed);
    next.closed = event.closed;
  }
  if (event.opId !== undefined) {
    bytes += itemBytes(part.opIds, event.opId);
    next.opIds = [...part.opIds, event.opId];
  }
  return [next, bytes];
}

const emptyPart = (shiftId: string, part: number): ShiftPart => ({
  shiftId,
  part,
  opened: null,
  movements: [],
  topUps: [],
  closed: null,
  opIds: [],
});

/**
 * A shift's parts being added to: each event goes into the last part, or into a new one when the
 * last would grow past SHIFT_PART_BYTES. Parts it did not change stay the same objects.
 */
class PartsBuilder {
  private lastBytes: number;

  constructor(readonly parts: ShiftPart[]) {
    this.lastBytes = jsonBytes(parts[parts.length - 1]);
  }

  static opening(opened: ShiftOpenedOnDevice, opId?: string): PartsBuilder {
    const first = { ...emptyPart(opened.shiftId, 0), opened, opIds: opId ? [opId] : [] };
    return new PartsBuilder([first]);
  }

  add(event: ShiftEvent): void {
    const last = this.parts[this.parts.length - 1];
    const [grown, bytes] = withEvent(last, event);
    if (this.lastBytes + bytes <= SHIFT_PART_BYTES) {
      this.parts[this.parts.length - 1] = grown;
      this.lastBytes += bytes;
      return;
    }
    const [started] = withEvent(emptyPart(last.shiftId, last.part + 1), event);
    this.parts.push(started);
    this.lastBytes = jsonBytes(started);
  }
}

/** A whole record in parts (moving the old key's records). */
function partsOfRecord(record: ShiftRecord): ShiftPart[] {
  const builder = PartsBuilder.opening(record.opened);
  for (const movement of record.movements) builder.add({ movement });
  for (const topUp of record.topUps) builder.add({ topUp });
  if (record.closed) builder.add({ closed: record.closed });
  for (const opId of record.opIds) builder.add({ opId });
  return builder.parts;
}

/** What an acknowledged event adds to a shift already opened. */
function eventOf(op: ShiftOperation): ShiftEvent {
  switch (op.type) {
    case 'shift.cash_moved':
      return { opId: op.id, movement: op.payload };
    case 'shift.closed':
      return { opId: op.id, closed: op.payload };
    case 'member.topped_up':
      return { opId: op.id, topUp: op.payload };
    case 'shift.opened':
      return { opId: op.id };
  }
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
export class ShiftLog {
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
   * Records acknowledged shift events, keeping open shifts and the last closed ones. The events
   * are written before anything is let go of; on a refused write the log is what storage holds.
   */
  settle(ops: readonly ShiftOperation[]): void {
    if (ops.length === 0) return;
    let next = this.records;
    // The parts each event changes (moving the old key writes every part anyway).
    const changed = new Map<string, PartsBuilder>();
    for (const op of ops) {
      const after = withShiftEvent(next, op);
      for (const record of this.inOldKey ? [] : after) {
        if (next.includes(record)) continue;
        const { shiftId } = record.opened;
        const parts = this.parts.get(shiftId);
        let builder = changed.get(shiftId);
        if (!builder && !parts) {
          changed.set(shiftId, PartsBuilder.opening(record.opened, op.id));
          continue;
        }
        if (!builder) changed.set(shiftId, (builder = new PartsBuilder([...parts!])));
        builder.add(eventOf(op));
      }
      next = after;
    }
    this.write(next, changed);
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
