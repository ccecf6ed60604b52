// Applies one journal event to the state and the order book and says which changes it made.
// Deterministic (time comes from the entry), so recovery can replay the journal after a checkpoint.
import {
  applyRefund,
  checkPlacedOrder,
  payOrder,
  refundStockDeltas,
  saleStockDeltas,
  voidOrder,
  voidStockDeltas,
  type Change,
  type Order,
  type Product,
  type StockDelta,
} from '@pos/shared';
import {
  deviceInfo,
  type DeviceRecord,
  type OpOutcome,
  type StoreEvent,
  type StoreState,
} from './state';
import type { OrderBook } from './order-book';
import { countAsJournaledBefore, moveStock, placeCount, setStock } from './apply-stock';
import type { TradeBook } from './trade-book';
import { applyDayEndEvent } from '../reports/day-events';
import {
  applyMemberEvent,
  applyMemberJoined,
  applyMemberToppedUp,
  settleSale,
} from './apply-member';
import { settleRefund, settleVoid } from './apply-member-returns';
import { applyPaymentSaved } from './apply-payment';
import {
  applyPaymentRefundSaved,
  openPaymentRefunds,
  wechatRefunded,
  wechatVoided,
} from './apply-payment-refund';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
/** A change before the store gives it its cursor. */
export type ChangeBody = DistributiveOmit<Change, 'cursor'>;

export interface ApplyContext {
  state: StoreState;
  orders: OrderBook;
  /** SKU id -> its product, kept in step with state.products. */
  skuProducts: Map<string, Product>;
  /** Every trade the server's payments placed, whatever the checkpoint pruned (trade-book.ts). */
  trades: TradeBook;
}

export interface EventResult {
  changes: ChangeBody[];
  outcome?: OpOutcome;
}

export function indexSkus(products: Record<string, Product>): Map<string, Product> {
  const index = new Map<string, Product>();
  for (const product of Object.values(products))
    for (const sku of product.skus) index.set(sku.id, product);
  return index;
}

/** Applies `event`, which the journal records as made at `at`. */
export function applyEvent(ctx: ApplyContext, event: StoreEvent, at: number): EventResult {
  const { state } = ctx;
  switch (event.kind) {
    case 'seed': {
      const { seed } = event;
      state.settings = seed.settings;
      for (const category of seed.categories) state.categories[category.id] = category;
      for (const product of seed.products) state.products[product.id] = product;
      for (const { skuId, level } of seed.stock) state.stock[skuId] = { level, countedAt: null };
      for (const staff of seed.staff) state.staff[staff.id] = staff;
      for (const member of seed.members) state.members[member.id] = member;
      reindex(ctx);
      return {
        changes: [
          { kind: 'settings', settings: seed.settings },
          ...seed.categories.map((category) => ({ kind: 'category' as const, category })),
          ...seed.products.map((product) => ({ kind: 'product' as const, product })),
          ...seed.stock.map((stock) => ({ kind: 'stock' as const, stock })),
          ...seed.staff.map((staff) => ({ kind: 'staff' as const, staff })),
          ...seed.members.map((member) => ({ kind: 'member' as const, member })),
        ],
      };
    }
    case 'device.paired': {
      const { device } = event;
      state.devices[device.id] = device;
      const prefix = device.code[0];
      state.deviceCodeCounters[prefix] = Math.max(
        state.deviceCodeCounters[prefix] ?? 0,
        Number(device.code.slice(1)),
      );
      return { changes: [{ kind: 'device', device: deviceInfo(device) }] };
    }
    case 'device.revoked': {
      const device = state.devices[event.deviceId];
      if (!device || device.revokedAt !== null) return { changes: [] };
      device.revokedAt = at;
      return { changes: [{ kind: 'device', device: deviceInfo(device) }] };
    }
    case 'device.reinstated': {
      const device = state.devices[event.deviceId];
      if (!device || device.revokedAt === null) return { changes: [] };
      device.revokedAt = null;
      return { changes: [{ kind: 'device', device: deviceInfo(device) }] };
    }
    case 'category.saved':
      state.categories[event.category.id] = event.category;
      return { changes: [{ kind: 'category', category: event.category }] };
    case 'product.saved':
      state.products[event.product.id] = event.product;
      reindex(ctx);
      return { changes: [{ kind: 'product', product: event.product }] };
    case 'stock.set':
      return { changes: setStock(ctx, event.skuId, event.level, at) };
    case 'staff.saved':
      state.staff[event.staff.id] = event.staff;
      return { changes: [{ kind: 'staff', staff: event.staff }] };
    case 'settings.saved':
      state.settings = event.settings;
      return { changes: [{ kind: 'settings', settings: event.settings }] };
    case 'payment.saved':
      return applyPaymentSaved(ctx, event.payment, at);
    case 'payment.refund_saved':
      return applyPaymentRefundSaved(ctx, event.refund);
    case 'op':
      return applyOperation(ctx, event, at);
    case 'day.closed':
    case 'shift.approved':
      return applyDayEndEvent(event);
    case 'member.join':
    case 'member.overspend_resolved':
      return applyMemberEvent(ctx, event, at);
  }
}

function reindex(ctx: ApplyContext): void {
  ctx.skuProducts = indexSkus(ctx.state.products);
}

function refused(code: string, message: string): EventResult {
  return { changes: [], outcome: { status: 'refused', error: { code, message } } };
}

function applied(changes: ChangeBody[]): EventResult {
  return { changes, outcome: { status: 'applied' } };
}

/** Records that the device used this sequence number, and any it skipped (missing operations). */
export function trackSequence(device: DeviceRecord, seq: number): void {
  if (seq > device.maxSeq) {
    for (let missing = device.maxSeq + 1; missing < seq; missing++)
      device.missingSeqs.push(missing);
    device.maxSeq = seq;
  } else {
    device.missingSeqs = device.missingSeqs.filter((missing) => missing !== seq);
  }
  // A loop, not Math.min(...list): spreading thousands of arguments overflows the stack.
  let lowestMissing = Infinity;
  for (const missing of device.missingSeqs) lowestMissing = Math.min(lowestMissing, missing);
  device.ackedSeq = lowestMissing === Infinity ? device.maxSeq : lowestMissing - 1;
}

type OpEvent = Extract<StoreEvent, { kind: 'op' }>;

/** Applies a device's operation, received (journaled) at `receivedAt`. */
function applyOperation(ctx: ApplyContext, event: OpEvent, receivedAt: number): EventResult {
  const { op, refusedOnReceipt } = event;
  const result = refusedOnReceipt
    ? refused(refusedOnReceipt.code, refusedOnReceipt.message)
    : applyOperationBody(ctx, event, receivedAt);
  // Counted as received only once applied or refused: if applying throws, the store folds it
  // again as refused (apply_failed, store.ts), and that counts it, once.
  const device = ctx.state.devices[op.deviceId];
  if (device) trackSequence(device, op.seq);
  return result;
}

function applyOperationBody(ctx: ApplyContext, event: OpEvent, receivedAt: number): EventResult {
  const { op } = event;
  const moved = (deltas: StockDelta[], madeAt: number) =>
    moveStock(ctx, deltas, madeAt, receivedAt, event.movesCapped);
  switch (op.type) {
    case 'order.placed': {
      const order = op.payload;
      if (ctx.orders.get(order.id))
        return refused('order_exists', `order ${order.orderNo} (${order.id}) already exists`);
      const check = checkPlacedOrder(order, op.deviceId);
      if (!check.ok) return refused(check.error.code, check.error.message);
      const sale = settleSale(ctx, order, op);
      ctx.orders.put(sale.order);
      const stock = order.status === 'paid' ? moved(saleStockDeltas(order), order.createdAt) : [];
      return applied([{ kind: 'order', order: sale.order }, ...stock, ...sale.changes]);
    }
    case 'order.paid': {
      const order = findOrder(ctx, op.payload.orderId);
      if (!order)
        return refused('order_unknown', `order ${op.payload.orderId} is not known to the server`);
      const paid = payOrder(order, op.payload);
      if (!paid.ok) return refused(paid.error.code, paid.error.message);
      const sale = settleSale(ctx, paid.value, op);
      ctx.orders.put(sale.order);
      return applied([
        { kind: 'order', order: sale.order },
        ...moved(saleStockDeltas(paid.value), op.payload.paidAt),
        ...sale.changes,
      ]);
    }
    case 'order.refunded': {
      const order = findOrder(ctx, op.payload.orderId);
      if (!order)
        return refused('order_unknown', `order ${op.payload.orderId} is not known to the server`);
      const refunded = applyRefund(order, op.payload);
      if (!refunded.ok) return refused(refunded.error.code, refunded.error.message);
      const value = openPaymentRefunds(ctx, refunded.value, wechatRefunded(op.payload));
      ctx.orders.put(value);
      const stock = moved(refundStockDeltas(order, op.payload), op.payload.createdAt);
      const members = settleRefund(ctx, order, refunded.value, op.payload, op);
      return applied([{ kind: 'order', order: value }, ...stock, ...members]);
    }
    case 'order.voided': {
      const order = findOrder(ctx, op.payload.orderId);
      if (!order)
        return refused('order_unknown', `order ${op.payload.orderId} is not known to the server`);
      const { orderId: _orderId, ...voidRecord } = op.payload;
      const voided = voidOrder(order, voidRecord);
      if (!voided.ok) return refused(voided.error.code, voided.error.message);
      const refunding = wechatVoided(order, voidRecord, op.deviceId, ctx.state.settings);
      const value = openPaymentRefunds(ctx, voided.value, refunding);
      ctx.orders.put(value);
      const stock = order.status === 'paid' ? moved(voidStockDeltas(order), op.payload.at) : [];
      const members = settleVoid(ctx, order, op, op.payload.staffId, op.payload.at);
      return applied([{ kind: 'order', order: value }, ...stock, ...members]);
    }
    case 'stock.counted':
      return applied(
        event.countPlaced
          ? placeCount(ctx, op.payload, receivedAt)
          : countAsJournaledBefore(ctx, op.payload),
      );
    case 'stock.received':
      return applied(moved([{ skuId: op.payload.skuId, delta: op.payload.qty }], op.payload.at));
    case 'member.joined':
      return applyMemberJoined(ctx, op);
    case 'member.topped_up':
      return applyMemberToppedUp(ctx, op);
    case 'shift.opened':
    case 'shift.cash_moved':
    case 'shift.closed':
    case 'drawer.opened':
      // Kept in the journal for the day-end report and the audit; nothing for other devices to see.
      return applied([]);
  }
}

function findOrder(ctx: ApplyContext, orderId: string): Order | undefined {
  return ctx.orders.get(orderId);
}
