// How a shift is laid out in storage: in parts of about SHIFT_PART_BYTES, read back (or from the
// old single key's records) into ShiftRecords, and grown one acknowledged event at a time.
import {
  cashMovementSchema,
  shiftClosedSchema,
  shiftOpenedSchema,
  topUpSchema,
  type CashMovement,
  type ShiftOpenedOnDevice,
  type TopUp,
} from '@pos/shared';
import { jsonBytes } from './byte-size';
import type { DroppedApproval, RecordedShiftClose, ShiftOperation, ShiftRecord } from './shift-log';
import { SHIFT_PART_BYTES } from './storage-layout';

/**
 * A piece of a shift as stored. Part 0 holds its opening; every later event goes into the shift's
 * last part together with its operation id (one record: one write), and a new part is started when
 * the last would grow past SHIFT_PART_BYTES. A shift left open for weeks with thousands of cash
 * movements and top-ups thus takes many small records, never one key past WeChat's limit, and a
 * settle rewrites the one chunk holding its last part, not the whole log.
 */
export interface ShiftPart {
  shiftId: string;
  part: number;
  /** Part 0's only. */
  opened: ShiftOpenedOnDevice | null;
  movements: CashMovement[];
  topUps: TopUp[];
  /** In the part the close went into. */
  closed: RecordedShiftClose | null;
  opIds: string[];
}

/** What one event adds to a shift's last part (a move from the old key: its ids on their own). */
interface ShiftEvent {
  opId?: string;
  movement?: CashMovement;
  topUp?: TopUp;
  closed?: RecordedShiftClose;
}

export const partId = (shiftId: string, part: number) => `${shiftId}/${part}`;
export const idOfPart = (part: ShiftPart) => partId(part.shiftId, part.part);

function parseOpened(raw: unknown): ShiftOpenedOnDevice | null {
  const opened = shiftOpenedSchema.safeParse(raw);
  const deviceId = (raw as { deviceId?: unknown } | undefined)?.deviceId;
  return opened.success && typeof deviceId === 'string' ? { ...opened.data, deviceId } : null;
}

/** The approval the server dropped from a close, as stored with it; undefined when none or unreadable. */
function parseDroppedApproval(raw: unknown): DroppedApproval | undefined {
  const dropped = (raw as { approvalDropped?: Partial<DroppedApproval> } | null)?.approvalDropped;
  if (!dropped) return undefined;
  const { approvedBy, code, message } = dropped;
  if ([approvedBy, code, message].some((field) => typeof field !== 'string')) return undefined;
  return { approvedBy: approvedBy!, code: code!, message: message! };
}

/** A close as stored: the shared schema's fields, and the approval the server dropped from it. */
function parseClosed(raw: unknown): RecordedShiftClose | null | undefined {
  if (raw == null) return null;
  const closed = shiftClosedSchema.safeParse(raw);
  if (!closed.success) return undefined;
  const approvalDropped = parseDroppedApproval(raw);
  return approvalDropped ? { ...closed.data, approvalDropped } : closed.data;
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
  const closed = parseClosed(r.closed);
  if (movements.some((m) => !m.success) || closed === undefined) return null;
  if (topUps.some((t) => !t.success)) return null;
  return {
    movements: movements.map((m) => m.data!),
    topUps: topUps.map((t) => t.data!),
    closed,
    opIds: r.opIds as string[],
  };
}

/** A shift as the old single key held it. */
export function parseRecord(raw: unknown): ShiftRecord | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<Record<keyof ShiftRecord, unknown>>;
  const opened = parseOpened(r.opened);
  const events = opened && parseEvents(r);
  return opened && events ? { opened, ...events } : null;
}

export function parsePart(raw: unknown): ShiftPart | null {
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
export function partsByShift(parts: readonly ShiftPart[]): Map<string, ShiftPart[]> {
  const byShift = new Map<string, ShiftPart[]>();
  for (const part of parts) byShift.set(part.shiftId, [...(byShift.get(part.shiftId) ?? []), part]);
  for (const [shiftId, list] of byShift) {
    list.sort((a, b) => a.part - b.part);
    if (list[0].part !== 0) byShift.delete(shiftId);
  }
  return byShift;
}

/** The shifts the parts make up, in the order they were opened. */
export function recordsOf(byShift: ReadonlyMap<string, readonly ShiftPart[]>): ShiftRecord[] {
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

/** What an acknowledged event adds to a shift already opened. */
export function eventOf(op: ShiftOperation): ShiftEvent {
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
 * A shift's parts being added to: each event goes into the last part, or into a new one when the
 * last would grow past SHIFT_PART_BYTES. Parts it did not change stay the same objects.
 */
export class PartsBuilder {
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
export function partsOfRecord(record: ShiftRecord): ShiftPart[] {
  const builder = PartsBuilder.opening(record.opened);
  for (const movement of record.movements) builder.add({ movement });
  for (const topUp of record.topUps) builder.add({ topUp });
  if (record.closed) builder.add({ closed: record.closed });
  for (const opId of record.opIds) builder.add({ opId });
  return builder.parts;
}
