// What the device shows: the server's state (history, replica) with the outbox's pending
// operations laid over it. Pure functions; an operation the server already reflects counts once.
import {
  applyRefund,
  payOrder,
  refundStockDeltas,
  saleStockDeltas,
  voidOrder,
  voidStockDeltas,
  type Member,
  type Order,
  type Product,
  type StockDelta,
  type StockLevel,
} from '@pos/shared';
import type { OutboxEntry } from './outbox';

/** Whether the server holds an order as shown: 'pending' while an operation on it is unsent. */
export type SyncState = 'synced' | 'pending' | 'refused';

export interface OrderView {
  order: Order;
  sync: SyncState;
}

/** A stock movement not yet in the server's levels: a delta, or a count that sets the level. */
export type StockAdjustment =
  { skuId: string; delta: number; set?: undefined } | { skuId: string; set: number };

export interface LocalView {
  orders: Map<string, OrderView>;
  stock: StockAdjustment[];
  members: Member[];
}

const markRefused = (view: OrderView | undefined): void => {
  if (view) view.sync = 'refused';
};

/**
 * Lays the outbox over the history. `history` is what the server confirmed, so an operation whose
 * effect the view already shows (the server's echo came before its ack) is skipped: no stock
 * moves twice.
 */
export function buildLocalView(
  history: ReadonlyMap<string, Order> | { get(id: string): Order | undefined; values(): Order[] },
  entries: readonly OutboxEntry[],
): LocalView {
  const orders = new Map<string, OrderView>();
  for (const order of history.values()) orders.set(order.id, { order, sync: 'synced' });
  const stock: StockAdjustment[] = [];
  const members: Member[] = [];
  const move = (deltas: StockDelta[]) => {
    for (const { skuId, delta } of deltas) stock.push({ skuId, delta });
  };

  for (const { op, refused } of entries) {
    switch (op.type) {
      case 'order.placed': {
        const known = history.get(op.payload.id);
        if (known) break;
        orders.set(op.payload.id, { order: op.payload, sync: refused ? 'refused' : 'pending' });
        if (!refused && op.payload.status === 'paid') move(saleStockDeltas(op.payload));
        break;
      }
      case 'order.paid': {
        const view = orders.get(op.payload.orderId);
        if (refused) markRefused(view);
        if (refused || !view || view.order.status !== 'open') break;
        const paid = payOrder(view.order, op.payload);
        if (!paid.ok) break;
        orders.set(view.order.id, { order: paid.value, sync: 'pending' });
        move(saleStockDeltas(paid.value));
        break;
      }
      case 'order.refunded': {
        const view = orders.get(op.payload.orderId);
        if (refused) markRefused(view);
        if (refused || !view || view.order.refunds.some((r) => r.id === op.payload.id)) break;
        const refunded = applyRefund(view.order, op.payload);
        if (!refunded.ok) break;
        orders.set(view.order.id, { order: refunded.value, sync: 'pending' });
        move(refundStockDeltas(view.order, op.payload));
        break;
      }
      case 'order.voided': {
        const view = orders.get(op.payload.orderId);
        if (refused) markRefused(view);
        if (refused || !view || view.order.status === 'voided') break;
        const { orderId: _orderId, ...record } = op.payload;
        const voided = voidOrder(view.order, record);
        if (!voided.ok) break;
        orders.set(view.order.id, { order: voided.value, sync: 'pending' });
        if (view.order.status === 'paid') move(voidStockDeltas(view.order));
        break;
      }
      case 'stock.counted':
        if (!refused) stock.push({ skuId: op.payload.skuId, set: op.payload.level });
        break;
      case 'stock.received':
        if (!refused) stock.push({ skuId: op.payload.skuId, delta: op.payload.qty });
        break;
      case 'member.joined':
        if (!refused) members.push(op.payload);
        break;
      default:
        break;
    }
  }
  return { orders, stock, members };
}

/**
 * Stock levels as the device should show them: the server's, moved by what it has not seen yet.
 * Only stock-tracked products move, as on the server.
 */
export function localStockLevels(
  serverLevels: readonly StockLevel[],
  products: readonly Product[],
  adjustments: readonly StockAdjustment[],
): Map<string, number> {
  const tracked = new Set<string>();
  for (const product of products)
    if (product.stockTracked) for (const sku of product.skus) tracked.add(sku.id);
  const levels = new Map(serverLevels.map((stock) => [stock.skuId, stock.level]));
  for (const adjustment of adjustments) {
    if (!tracked.has(adjustment.skuId)) continue;
    if (adjustment.set !== undefined) levels.set(adjustment.skuId, adjustment.set);
    else levels.set(adjustment.skuId, (levels.get(adjustment.skuId) ?? 0) + adjustment.delta);
  }
  return levels;
}
