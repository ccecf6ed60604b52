// This device's shifts: the acknowledged events (stored by shift-storage.ts), plus the outbox's
// pending ones laid over them, so the drawer's state survives the outbox being pruned. A drawer's
// events are the shift's own and the cash top-ups of stored value its cashier took during it. A
// close is kept as the server recorded it: without an approval the server dropped, and why.
import {
  drawerTopUpOf,
  shiftWindow,
  toppedUpInShift,
  type AckResult,
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
import { ShiftStorage, type ShiftChange } from './shift-storage';

/** Why the server took a close without its approval: the approver was not a manager to it. */
export type ApprovalDropped = NonNullable<AckResult['approvalDropped']>;

/** An approval given at the till that the server did not keep: whose it was, and why. */
export interface DroppedApproval extends ApprovalDropped {
  approvedBy: string;
}

/**
 * A close as the server recorded it. With `approvalDropped` it names no approver: the variance
 * awaits a manager on the dashboard, as if closed without one.
 */
export type RecordedShiftClose = ShiftClosed & { approvalDropped?: DroppedApproval };

export interface ShiftRecord {
  opened: ShiftOpenedOnDevice;
  movements: CashMovement[];
  /** Stored value bought with cash in this drawer during the shift (records before them: none). */
  topUps: TopUp[];
  closed: RecordedShiftClose | null;
  /** The operations already in this record: applying one again changes nothing. */
  opIds: string[];
  /**
   * A close of this shift the server refused, still in the outbox (never stored here): the shift
   * is open again, on the server as on the till, until closed anew.
   */
  refusedClose?: ShiftClosed;
}

export type ShiftOperation =
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

/** The operation as the server recorded it: a close without the approval it dropped, if it did. */
export function asRecorded(
  op: ShiftOperation,
  dropped: ApprovalDropped | undefined,
): ShiftOperation {
  if (!dropped || op.type !== 'shift.closed' || !op.payload.approvedBy) return op;
  const { approvedBy, ...payload } = op.payload;
  const closed: RecordedShiftClose = { ...payload, approvalDropped: { ...dropped, approvedBy } };
  return { ...op, payload: closed };
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

/**
 * The acknowledged shifts with the outbox's pending shift events applied. A refused event is not
 * applied; a refused close is noted on its shift, which the server keeps open. `dropped`: the
 * approvals the server answered it recorded a close without, by operation id.
 */
export function shiftsWithPending(
  records: readonly ShiftRecord[],
  outbox: readonly OutboxEntry[],
  dropped: ReadonlyMap<string, ApprovalDropped> = new Map(),
): ShiftRecord[] {
  let shifts = [...records];
  for (const { op, refused } of outbox) {
    if (!isShiftOperation(op)) continue;
    if (!refused) shifts = withShiftEvent(shifts, asRecorded(op, dropped.get(op.id)));
    else if (op.type === 'shift.closed')
      shifts = shifts.map((record) =>
        record.opened.shiftId === op.payload.shiftId
          ? { ...record, refusedClose: op.payload }
          : record,
      );
  }
  return shifts;
}

/** The acknowledged shifts: each operation applied by withShiftEvent, the result kept in storage. */
export class ShiftLog {
  private readonly stored: ShiftStorage;
  /**
   * Approvals the server's answers said it dropped, by operation id, until their close is in the
   * log (an acknowledged close can wait in the outbox; after a relaunch the resend is told again).
   */
  private readonly droppedApprovals = new Map<string, ApprovalDropped>();

  constructor(storage: KeyValueStorage) {
    this.stored = new ShiftStorage(storage);
  }

  load(keys?: readonly string[]): void {
    this.stored.load(keys);
  }

  values(): readonly ShiftRecord[] {
    return this.stored.values();
  }

  /** Takes note of the server's answers: a close it recorded without its approval. */
  noteAnswers(results: readonly AckResult[]): void {
    for (const result of results)
      if (result.approvalDropped) this.droppedApprovals.set(result.id, result.approvalDropped);
  }

  /** The shifts with the outbox's pending events, closes as the server recorded them. */
  withPending(outbox: readonly OutboxEntry[]): ShiftRecord[] {
    return shiftsWithPending(this.values(), outbox, this.droppedApprovals);
  }

  /**
   * Records acknowledged shift events, keeping open shifts and the last closed ones. The events
   * are written before anything is let go of; on a refused write the log is what storage holds.
   */
  settle(ops: readonly ShiftOperation[]): void {
    if (ops.length === 0) return;
    let next = this.stored.values();
    // Which shift each operation changed, so that only its parts are written.
    const changes: ShiftChange[] = [];
    for (const sent of ops) {
      const op = asRecorded(sent, this.droppedApprovals.get(sent.id));
      const after = withShiftEvent(next, op);
      for (const record of after)
        if (!next.includes(record)) changes.push({ opened: record.opened, op });
      next = after;
    }
    this.stored.save(next, changes);
    for (const op of ops) this.droppedApprovals.delete(op.id);
  }

  clear(): void {
    this.stored.clear();
  }
}
