// The sync status the device shows at all times: connection, what is not yet on the server and
// since when, refused operations, the last sync, how full storage is, and the device clock (off
// from the server's, or set back before this till's last change).
import { formatFen, type Operation } from '@pos/shared';
import type { EngineStatus } from './connection-state';
import type { Ledger } from './ledger';
import type { ClockSkew } from './server-clock';
import type { StorageUsage } from './storage-usage';

export interface RefusedOperation {
  seq: number;
  id: string;
  type: Operation['type'];
  /** What the operation was, in words: "sale T1-1122-0042 (¥12.30)". */
  summary: string;
  /** The operation itself, for a screen to say what it was in its own words. */
  op: Operation;
  code: string;
  message: string;
  at: number;
}

export interface SyncStatus extends EngineStatus {
  /** Operations waiting to reach the server (refused ones not counted). */
  unsynced: number;
  oldestUnsyncedAt: number | null;
  refused: RefusedOperation[];
  /** Outbox entries or chunks this app version cannot read: kept, and maybe not on the server. */
  unreadable: number;
  storage: StorageUsage;
  /** A storage or data problem on the device, in words. */
  problem: string | null;
  /** The device clock against the store server's at the last welcome (kept across a relaunch). */
  serverClock: ClockSkew | null;
  /**
   * The time of this till's latest change when the device clock is now behind it (set back): no
   * sale can be recorded until the clock is set right. Null otherwise.
   */
  clockBehind: number | null;
}

export function describeOperation(op: Operation): string {
  switch (op.type) {
    case 'order.placed':
      return `${op.payload.status === 'open' ? 'counter order' : 'sale'} ${op.payload.orderNo} (${formatFen(op.payload.total)})`;
    case 'order.paid':
      return `payment of order ${op.payload.orderId}`;
    case 'order.refunded':
      return `refund of order ${op.payload.orderId}`;
    case 'order.voided':
      return `void of order ${op.payload.orderId}`;
    case 'shift.opened':
      return `shift opened with ${formatFen(op.payload.float)}`;
    case 'shift.cash_moved':
      return `cash ${op.payload.direction} ${formatFen(op.payload.amount)}`;
    case 'shift.closed':
      return `shift closed, counted ${formatFen(op.payload.countedTotal)}`;
    case 'stock.counted':
      return `stock count of ${op.payload.skuId}`;
    case 'stock.received':
      return `goods received: ${op.payload.qty} of ${op.payload.skuId}`;
    case 'member.joined':
      return `member ${op.payload.phone} joined`;
    case 'member.topped_up':
      return `top-up of ${formatFen(op.payload.amount)} (${op.payload.payment.method}) for member ${op.payload.memberId}`;
    case 'drawer.opened':
      return `drawer opened without a sale: ${op.payload.reason}`;
  }
}

export function syncStatus(engine: EngineStatus, ledger: Ledger): SyncStatus {
  const { unsynced, oldestUnsyncedAt, refused } = ledger.outbox.tally();
  return {
    ...engine,
    unsynced,
    oldestUnsyncedAt,
    refused: refused.map(({ op, refused: refusal }) => ({
      seq: op.seq,
      id: op.id,
      type: op.type,
      summary: describeOperation(op),
      op,
      ...refusal!,
    })),
    unreadable: ledger.outbox.unreadable,
    storage: ledger.storageUsage(),
    problem: [ledger.loadProblem, ledger.writeProblem].filter(Boolean).join('; ') || null,
    serverClock: ledger.tillClock.skew,
    clockBehind: ledger.tillClock.ahead(),
  };
}
