// Orders the server holds (this device's once acknowledged, other devices' as they sync): the
// short local history for reprints, refunds and the counter's kiosk queue. Safe to prune.
import { addBusinessDays, orderSchema, type Order } from '@pos/shared';
import type { KeyValueStorage } from '../adapters/storage';
import { ChunkedTable } from './chunked-table';
import type { OutboxEntry } from './outbox';
import { chunkPrefixes, HISTORY_DAYS, HISTORY_MAX_QUOTA_SHARE } from './storage-layout';
import type { StorageUsage } from './storage-usage';

export interface PruneRule {
  today: string;
  /** Business days kept, today included. */
  keepDays: number;
  maxBytes: number;
  /** Orders that stay whatever their age (the outbox still refers to them). */
  keep: ReadonlySet<string>;
}

/**
 * What to keep: HISTORY_DAYS within a share of the quota, one day and half that share once storage
 * is at the warning level, and always the orders the outbox still refers to.
 */
export function historyPruneRule(
  usage: StorageUsage,
  today: string,
  outbox: readonly OutboxEntry[],
): PruneRule {
  const tight = usage.level !== 'ok';
  const keep = new Set<string>();
  for (const { op } of outbox) if ('orderId' in op.payload) keep.add(op.payload.orderId);
  return {
    today,
    keepDays: tight ? 1 : HISTORY_DAYS,
    maxBytes: usage.limitBytes * HISTORY_MAX_QUOTA_SHARE * (tight ? 0.5 : 1),
    keep,
  };
}

export class OrderHistory {
  private readonly table: ChunkedTable<Order>;

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
  }

  hasUnflushed(): boolean {
    return this.table.hasUnflushed();
  }

  flush(): void {
    this.table.flush();
  }

  /**
   * What to drop: orders older than the days kept, then the oldest until within the byte budget.
   * Open orders stay (a kiosk order may be paid tomorrow). Changes nothing: see drop().
   */
  pruneCandidates(rule: PruneRule): Order[] {
    const keepFrom = addBusinessDays(rule.today, -(rule.keepDays - 1));
    const droppable = this.table
      .values()
      .filter((order) => order.status !== 'open' && !rule.keep.has(order.id));
    const old = droppable.filter((order) => order.businessDay < keepFrom);
    const dropped = new Set(old);
    let bytes = this.table.bytes();
    for (const order of old) bytes -= this.table.sizeOf(order.id);
    const oldestFirst = droppable
      .filter((order) => !dropped.has(order))
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const order of oldestFirst) {
      if (bytes <= rule.maxBytes) break;
      dropped.add(order);
      bytes -= this.table.sizeOf(order.id);
    }
    return [...dropped];
  }

  /** Removes orders and writes their chunks; throws (and keeps them staged) when storage refuses. */
  drop(orders: readonly Order[]): void {
    this.table.removeMany(orders.map((order) => order.id));
  }

  clear(): void {
    this.table.clear();
  }
}
