// This device's shifts: the acknowledged events in one small key, plus the outbox's pending ones
// laid over them, so the drawer's state survives the outbox being pruned.
import {
  cashMovementSchema,
  shiftClosedSchema,
  shiftOpenedSchema,
  type CashMovement,
  type Operation,
  type ShiftClosed,
  type ShiftOpenedOnDevice,
} from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import type { OutboxEntry } from './outbox';
import { SHIFTS_KEPT, storageKeys } from './storage-layout';

export interface ShiftRecord {
  opened: ShiftOpenedOnDevice;
  movements: CashMovement[];
  closed: ShiftClosed | null;
  /** The operations already in this record: applying one again changes nothing. */
  opIds: string[];
}

type ShiftOperation = Extract<Operation, { type: `shift.${string}` }>;

export function isShiftOperation(op: Operation): op is ShiftOperation {
  return op.type === 'shift.opened' || op.type === 'shift.cash_moved' || op.type === 'shift.closed';
}

/** Applies one shift event to the records (a new array; unknown shifts are ignored). */
export function withShiftEvent(records: readonly ShiftRecord[], op: ShiftOperation): ShiftRecord[] {
  if (op.type === 'shift.opened') {
    if (records.some((r) => r.opened.shiftId === op.payload.shiftId)) return [...records];
    const opened = { ...op.payload, deviceId: op.deviceId };
    return [...records, { opened, movements: [], closed: null, opIds: [op.id] }];
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

function parseRecord(raw: unknown): ShiftRecord | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<ShiftRecord>;
  const opened = shiftOpenedSchema.safeParse(r.opened);
  const deviceId = (r.opened as { deviceId?: unknown } | undefined)?.deviceId;
  if (!opened.success || typeof deviceId !== 'string' || !Array.isArray(r.movements)) return null;
  if (!Array.isArray(r.opIds) || !r.opIds.every((id) => typeof id === 'string')) return null;
  const movements = r.movements.map((m) => cashMovementSchema.safeParse(m));
  const closed = r.closed == null ? null : shiftClosedSchema.safeParse(r.closed);
  if (movements.some((m) => !m.success) || (closed && !closed.success)) return null;
  return {
    opened: { ...opened.data, deviceId },
    movements: movements.map((m) => m.data!),
    closed: closed && closed.success ? closed.data : null,
    opIds: r.opIds,
  };
}

export class ShiftLog {
  private records: ShiftRecord[] = [];

  constructor(private readonly storage: KeyValueStorage) {}

  load(): void {
    const stored = this.storage.get(storageKeys.shifts) as { shifts?: unknown[] } | null;
    this.records = (stored?.shifts ?? [])
      .map(parseRecord)
      .filter((r): r is ShiftRecord => r !== null);
  }

  values(): readonly ShiftRecord[] {
    return this.records;
  }

  /** Records acknowledged shift events (one write), keeping open shifts and the last closed ones. */
  settle(ops: readonly ShiftOperation[]): void {
    if (ops.length === 0) return;
    let next = this.records;
    for (const op of ops) next = withShiftEvent(next, op);
    const closed = next.filter((r) => r.closed !== null);
    const dropped = new Set(closed.slice(0, Math.max(0, closed.length - SHIFTS_KEPT)));
    next = next.filter((r) => !dropped.has(r));
    this.storage.set(storageKeys.shifts, { shifts: next });
    this.records = next;
  }

  clear(): void {
    this.storage.remove(storageKeys.shifts);
    this.records = [];
  }
}
