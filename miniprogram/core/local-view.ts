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
  /**
   * The server refused the order itself (its order.placed): it holds none of it, so no book counts
   * its money (countedOrders). A refused refund, void or payment leaves the order as the server has
   * it, and marks it refused without this.
   */
  saleRefused?: true;
}

/**
 * The orders the till's books count (a shift's expected cash, the day's figures), by the server's
 * rule: every one but a sale it refused, which never reached its books. The refused list still
 * shows it to the manager.
 */
export function countedOrders(views: readonly OrderView[]): Order[] {
  const orders: Order[] = [];
  for (const view of views) if (!view.saleRefused) orders.push(view.order);
  return orders;
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

/** The server-confirmed orders, as the view reads them. */
export type HistoryLike =
  ReadonlyMap<string, Order> | { get(id: string): Order | undefined; values(): Order[] };

/** What one outbox entry adds besides the order it changes. */
export interface EntryEffect {
  stock: StockAdjustment[];
  member: Member | null;
}

/** The order an entry changes, if any: entries on different orders never affect each other. */
export function orderIdOf({ op }: OutboxEntry): string | null {
  switch (op.type) {
    case 'order.placed':
      return op.payload.id;
    case 'order.paid':
    case 'order.refunded':
    case 'order.voided':
      return op.payload.orderId;
    default:
      return null;
  }
}

/**
 * Lays one entry over `orders` (which already holds everything before it) and returns its stock
 * movements and pending member. The step both the from-scratch and the live view are made of.
 */
export function layEntry(
  orders: Map<string, OrderView>,
  history: HistoryLike,
  { op, refused }: OutboxEntry,
): EntryEffect {
  const effect: EntryEffect = { stock: [], member: null };
  const move = (deltas: StockDelta[]) => {
    for (const { skuId, delta } of deltas) effect.stock.push({ skuId, delta });
  };
  switch (op.type) {
    case 'order.placed': {
      const known = history.get(op.payload.id);
      if (known) break;
      orders.set(
        op.payload.id,
        refused
          ? { order: op.payload, sync: 'refused', saleRefused: true }
          : { order: op.payload, sync: 'pending' },
      );
      if (!refused && op.payload.status === 'paid') move(saleStockDeltas(op.payload));
      break;
    }
    case 'order.paid': {
      const view = orders.get(op.payload.orderId);
      if (refused) markRefused(view);
      if (refused || !view || view.order.status !== 'open') break;
      const paid = payOrder(view.order, op.payload);
      if (!paid.ok) break;
      // `...view`: a sale the server refused stays out of the books whatever is laid on it.
      orders.set(view.order.id, { ...view, order: paid.value, sync: 'pending' });
      move(saleStockDeltas(paid.value));
      break;
    }
    case 'order.refunded': {
      const view = orders.get(op.payload.orderId);
      if (refused) markRefused(view);
      if (refused || !view || view.order.refunds.some((r) => r.id === op.payload.id)) break;
      const refunded = applyRefund(view.order, op.payload);
      if (!refunded.ok) break;
      orders.set(view.order.id, { ...view, order: refunded.value, sync: 'pending' });
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
      orders.set(view.order.id, { ...view, order: voided.value, sync: 'pending' });
      if (view.order.status === 'paid') move(voidStockDeltas(view.order));
      break;
    }
    case 'stock.counted':
      if (!refused) effect.stock.push({ skuId: op.payload.skuId, set: op.payload.level });
      break;
    case 'stock.received':
      if (!refused) effect.stock.push({ skuId: op.payload.skuId, delta: op.payload.qty });
      break;
    case 'member.joined':
      if (!refused) effect.member = op.payload;
      break;
    default:
      break;
  }
  return effect;
}

/**
 * Lays the outbox over the history. `history` is what the server confirmed, so an operation whose
 * effect the view already shows (the server's echo came before its ack) is skipped: no stock
 * moves twice.
 */
export function buildLocalView(history: HistoryLike, entries: readonly OutboxEntry[]): LocalView {
  const orders = new Map<string, OrderView>();
  for (const order of history.values()) orders.set(order.id, { order, sync: 'synced' });
  const stock: StockAdjustment[] = [];
  const members: Member[] = [];
  for (const entry of entries) {
    const effect = layEntry(orders, history, entry);
    stock.push(...effect.stock);
    if (effect.member) members.push(effect.member);
  }
  return { orders, stock, members };
}

/**
 * The orders these entries change, laid over the history: what settles into the history once the
 * server acknowledged them. Reads only the orders they touch, not the whole history.
 */
export function layOverHistory(history: HistoryLike, entries: readonly OutboxEntry[]): OrderView[] {
  const orders = new Map<string, OrderView>();
  for (const entry of entries) {
    const id = orderIdOf(entry);
    const known = id === null ? undefined : history.get(id);
    if (known && !orders.has(known.id)) orders.set(known.id, { order: known, sync: 'synced' });
  }
  for (const entry of entries) layEntry(orders, history, entry);
  return [...orders.values()];
}

/** The SKUs whose stock moves: those of stock-tracked products, as on the server. */
export function trackedSkuIds(products: readonly Product[]): Set<string> {
  const tracked = new Set<string>();
  for (const product of products)
    if (product.stockTracked) for (const sku of product.skus) tracked.add(sku.id);
  return tracked;
}

/** Applies adjustments, in order, to `levels` (changed in place). */
export function moveStock(
  levels: Map<string, number>,
  tracked: ReadonlySet<string>,
  adjustments: readonly StockAdjustment[],
): void {
  for (const adjustment of adjustments) {
    if (!tracked.has(adjustment.skuId)) continue;
    if (adjustment.set !== undefined) levels.set(adjustment.skuId, adjustment.set);
    else levels.set(adjustment.skuId, (levels.get(adjustment.skuId) ?? 0) + adjustment.delta);
  }
}

/**
 * The levels these adjustments touch, moved: what the server holds once it has applied the
 * operations. The ledger settles an acknowledged operation's stock movements into the replica's
 * levels this way, as it settles an acknowledged sale into the order history: the server's stock
 * change comes only after its ack, and until then the till must not show the level from before.
 * Only stock-tracked SKUs move; one the server keeps no level for starts from 0, as shown.
 */
export function settledStock(
  known: (skuId: string) => StockLevel | undefined,
  products: readonly Product[],
  adjustments: readonly StockAdjustment[],
): StockLevel[] {
  const tracked = trackedSkuIds(products);
  const levels = new Map<string, number>();
  for (const { skuId } of adjustments) {
    const level = known(skuId)?.level;
    if (tracked.has(skuId) && level !== undefined) levels.set(skuId, level);
  }
  moveStock(levels, tracked, adjustments);
  return [...levels].map(([skuId, level]) => ({ ...known(skuId), skuId, level }));
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
  const levels = new Map(serverLevels.map((stock) => [stock.skuId, stock.level]));
  moveStock(levels, trackedSkuIds(products), adjustments);
  return levels;
}
