// This device's shifts: the acknowledged events in one small key, plus the outbox's pending ones
// laid over them, so the drawer's state survives the outbox being pruned. A drawer's events are
// the shift's own and the cash top-ups of stored value its cashier took during it.
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
import type { OutboxEntry } from './outbox';
import { SHIFTS_KEPT, storageKeys } from './storage-layout';

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

function parseRecord(raw: unknown): ShiftRecord | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<ShiftRecord>;
  const opened = shiftOpenedSchema.safeParse(r.opened);
  const deviceId = (r.opened as { deviceId?: unknown } | undefined)?.deviceId;
  if (!opened.success || typeof deviceId !== 'string' || !Array.isArray(r.movements)) return null;
  if (!Array.isArray(r.opIds) || !r.opIds.every((id) => typeof id === 'string')) return null;
  const movements = r.movements.map((m) => cashMovementSchema.safeParse(m));
  // Records written before top-ups were kept have none.
  if (r.topUps !== undefined && !Array.isArray(r.topUps)) return null;
  const topUps = (r.topUps ?? []).map((t) => topUpSchema.safeParse(t));
  const closed = r.closed == null ? null : shiftClosedSchema.safeParse(r.closed);
  if (movements.some((m) => !m.success) || (closed && !closed.success)) return null;
  if (topUps.some((t) => !t.success)) return null;
  return {
    opened: { ...opened.data, deviceId },
    movements: movements.map((m) => m.data!),
    topUps: topUps.map((t) => t.data!),
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
