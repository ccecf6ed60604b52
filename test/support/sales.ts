// Real sales for tests: the demo catalog priced by the core's cart and placed as operations,
// exactly as a device makes them.
import {
  addItem,
  businessDayOf,
  cashTender,
  emptyCart,
  indexCatalog,
  operationId,
  orderId,
  orderNumber,
  placeOrder,
  priceCart,
  type Operation,
  type OperationPayload,
  type OperationType,
  type Order,
} from '@pos/shared';
import { demo } from './test-server';

const catalog = indexCatalog(demo.products);

/** Stock-tracked SKUs of the demo store, for tests that watch stock move. */
export const trackedSkus = demo.products
  .filter((p) => p.stockTracked && p.soldBy === 'piece')
  .flatMap((p) => p.skus);

export interface SaleOptions {
  device: { deviceId: string; deviceCode: string };
  seq: number;
  /** The device's order counter for the day; defaults to seq. */
  orderSeq?: number;
  items?: Array<{ skuId: string; qty: number }>;
  at?: number;
  /** A kiosk's order sent to the counter: open, no tenders and no cashier yet. */
  toCounter?: boolean;
}

/** Any operation as `device` sends it: its id for `seq`, stamped at `at` (now when not given). */
export function deviceOperation<T extends OperationType>(
  device: { deviceId: string },
  type: T,
  seq: number,
  payload: OperationPayload<T>,
  at = Date.now(),
): Operation {
  const { deviceId } = device;
  return {
    id: operationId(deviceId, seq),
    deviceId,
    seq,
    createdAt: at,
    type,
    payload,
  } as Operation;
}

/** An `order.placed` operation for a cash sale (or a kiosk's order sent to the counter). */
export function saleOperation({
  device,
  seq,
  orderSeq = seq,
  items,
  at = Date.now(),
  toCounter = false,
}: SaleOptions): Operation & {
  type: 'order.placed';
} {
  let cart = emptyCart();
  for (const [i, item] of (items ?? [{ skuId: trackedSkus[0].id, qty: 1 }]).entries()) {
    cart = addItem(cart, { lineId: `L${i + 1}`, skuId: item.skuId, qty: item.qty });
  }
  const priced = priceCart(cart, { catalog, settings: demo.settings });
  const businessDay = businessDayOf(at, demo.settings);
  const placed = placeOrder({
    priced,
    tenders: toCounter
      ? []
      : [cashTender(priced.total, Math.ceil(priced.total / 10000) * 10000 || 10000)],
    id: orderId(device.deviceId, businessDay, orderSeq),
    orderNo: orderNumber(device.deviceCode, businessDay, orderSeq),
    device: { id: device.deviceId, code: device.deviceCode },
    businessDay,
    createdAt: at,
    cashierId: toCounter ? null : 'staff-cashier-1',
    memberId: null,
    source: toCounter ? 'kiosk' : 'register',
    approvals: [],
  });
  if (!placed.ok) throw new Error(placed.error.message);
  return {
    id: operationId(device.deviceId, seq),
    deviceId: device.deviceId,
    seq,
    createdAt: at,
    type: 'order.placed',
    payload: placed.value,
  };
}

export function ordersOf(ops: Operation[]): Order[] {
  return ops.flatMap((op) => (op.type === 'order.placed' ? [op.payload] : []));
}
