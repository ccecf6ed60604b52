// Orders the server holds (this device's once acknowledged, other devices' as they sync): the
// short local history for reprints, refunds and the counter's kiosk queue. Safe to prune.
import {
  addBusinessDays,
  orderSchema,
  touchedShiftDrawer,
  type Order,
  type ShiftWindow,
} from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import { ChunkedTable } from './chunked-table';
import type { OutboxEntry } from './outbox';
import type { RoomBudget } from './room-budget';
import { chunkPrefixes, HISTORY_DAYS, HISTORY_MAX_QUOTA_SHARE } from './storage-layout';
import type { StorageUsage } from './storage-usage';

export interface HistoryBudget {
  today: string;
  /** Business days kept, today included. */
  keepDays: number;
  maxBytes: number;
}

export interface PruneRule extends HistoryBudget {
  /** Orders that stay whatever their age (the outbox still refers to them). */
  keep: ReadonlySet<string>;
  /**
   * The drawers of the shifts open on this device: orders whose cash went through one stay, for
   * its expected cash (the server counts them whatever their business day).
   */
  openDrawers: readonly ShiftWindow[];
  /** The moment a business day starts (the store's settings decide). */
  dayStartMs: (businessDay: string) => number;
}

/**
 * What to keep: HISTORY_DAYS within a share of the quota, one day and half that share once storage
 * is at the warning level.
 */
export function historyBudget(usage: StorageUsage, today: string): HistoryBudget {
  const tight = usage.level !== 'ok';
  return {
    today,
    keepDays: tight ? 1 : HISTORY_DAYS,
    maxBytes: usage.limitBytes * HISTORY_MAX_QUOTA_SHARE * (tight ? 0.5 : 1),
  };
}

/** The budget, and always the orders the outbox still refers to and those of open drawers. */
export function historyPruneRule(
  budget: HistoryBudget,
  outbox: readonly OutboxEntry[],
  openDrawers: readonly ShiftWindow[],
  dayStartMs: (businessDay: string) => number,
): PruneRule {
  const keep = new Set<string>();
  for (const { op } of outbox) if ('orderId' in op.payload) keep.add(op.payload.orderId);
  return { ...budget, keep, openDrawers, dayStartMs };
}

/**
 * The last moment an order's money moved: its sale, its payment (a kiosk order paid days later),
 * a refund, its void. A day's figures and its shifts' drawers count an older order refunded or
 * voided that day (refunds on their own day, a void's cash out of the drawer it was made at): it
 * is as recent as that.
 */
function lastMoneyMoved(order: Order): number {
  let last = Math.max(order.createdAt, order.paidAt ?? 0, order.void?.at ?? 0);
  for (const refund of order.refunds) last = Math.max(last, refund.createdAt);
  return last;
}

export class OrderHistory {
  private readonly table: ChunkedTable<Order>;
  /** How many orders each business day holds: tells without a scan whether any is too old. */
  private readonly perDay = new Map<string, number>();

  constructor(storage: KeyValueStorage) {
    this.table = new ChunkedTable({
      storage,
      prefix: chunkPrefixes.orders,
      idOf: (order) => order.id,
      parse: (raw) => {
        const parsed = orderSchema.safeParse(raw);
        return parsed.success ? parsed.data : null;
      },
    });
  }

  load(keys: readonly string[]): void {
    this.table.load(keys);
    this.perDay.clear();
    for (const order of this.table.values()) this.count(order.businessDay, 1);
  }

  get(id: string): Order | undefined {
    return this.table.get(id);
  }

  values(): Order[] {
    return this.table.values();
  }

  get size(): number {
    return this.table.size;
  }

  bytes(): number {
    return this.table.bytes();
  }

  /** Keeps the server's version in memory; flush() writes it. */
  stage(order: Order): void {
    const known = this.table.get(order.id);
    if (known && JSON.stringify(known) === JSON.stringify(order)) return;
    this.table.stage(order);
    if (known) this.count(known.businessDay, -1);
    this.count(order.businessDay, 1);
  }

  hasUnflushed(): boolean {
    return this.table.hasUnflushed();
  }

  /** Within `room` for the server's orders: see ChunkedTable.flush. */
  flush(room?: RoomBudget): void {
    this.table.flush(room);
  }

  /**
   * Writes these orders now, if changed, and nothing else (not the server's orders held beside
   * them at a full storage, beyond `room`: see ChunkedTable.flushOnly); throws when storage refuses.
   */
  flushOrders(ids: Iterable<string>, room?: RoomBudget): void {
    this.table.flushOnly(ids, room);
  }

  /**
   * Whether the history holds more than the budget allows: orders older than the days kept, or
   * more bytes. False means pruneCandidates would find nothing, and it need not be asked.
   */
  exceeds(budget: HistoryBudget): boolean {
    if (this.table.bytes() > budget.maxBytes) return true;
    const keepFrom = addBusinessDays(budget.today, -(budget.keepDays - 1));
    for (const day of this.perDay.keys()) if (day < keepFrom) return true;
    return false;
  }

  /**
   * What to drop: orders older than the days kept, then the oldest until within the byte budget;
   * an order's age is that of the last time its money moved (lastMoneyMoved). Open orders stay (a
   * kiosk order may be paid tomorrow), and those of open drawers. Changes nothing: see drop().
   */
  pruneCandidates(rule: PruneRule): Order[] {
    const keepFrom = addBusinessDays(rule.today, -(rule.keepDays - 1));
    const keptSince = rule.dayStartMs(keepFrom);
    const droppable = this.table
      .values()
      .filter(
        (order) =>
          order.status !== 'open' &&
          !rule.keep.has(order.id) &&
          !rule.openDrawers.some((drawer) => touchedShiftDrawer(order, drawer)),
      );
    const old = droppable.filter(
      (order) => order.businessDay < keepFrom && lastMoneyMoved(order) < keptSince,
    );
    const dropped = new Set(old);
    let bytes = this.table.bytes();
    for (const order of old) bytes -= this.table.sizeOf(order.id);
    const oldestFirst = droppable
      .filter((order) => !dropped.has(order))
      .sort((a, b) => lastMoneyMoved(a) - lastMoneyMoved(b));
    for (const order of oldestFirst) {
      if (bytes <= rule.maxBytes) break;
      dropped.add(order);
      bytes -= this.table.sizeOf(order.id);
    }
    return [...dropped];
  }

  /**
   * Removes orders and writes that alone (the server's orders held beside them wait for room);
   * throws (and keeps the removal to be written) when storage refuses.
   */
  drop(orders: readonly Order[]): void {
    const present = orders.filter((order) => this.table.has(order.id));
    try {
      this.table.removeOnly(present.map((order) => order.id));
    } finally {
      // Gone from memory even when the write is refused (it is retried at the next flush).
      for (const order of present) if (!this.table.has(order.id)) this.count(order.businessDay, -1);
    }
  }

  clear(): void {
    this.table.clear();
    this.perDay.clear();
  }

  private count(day: string, by: number): void {
    const count = (this.perDay.get(day) ?? 0) + by;
    if (count > 0) this.perDay.set(day, count);
    else this.perDay.delete(day);
  }
}
