// The rows of a report's breakdowns (by tender, category, product, cashier, device, hour) and the
// small helpers that tally them: every row carries sales, refunds and net = sales - refunds.
import type { Fen } from '../money';
import type { OrderLine, TenderMethod } from '../order';

/** Money in and out for one row of a breakdown; net = sales - refunds. */
export interface Figures {
  sales: Fen;
  refunds: Fen;
  net: Fen;
}
export interface TenderRow extends Figures {
  method: TenderMethod;
  /** Tenders taken, and refunds given back, by this method. */
  count: number;
  refundCount: number;
}
export interface CategoryRow extends Figures {
  categoryId: string;
  lineCount: number;
}
export interface ProductRow extends Figures {
  skuId: string;
  productId: string;
  name: string;
  soldBy: OrderLine['soldBy'];
  /** Pieces, or grams when sold by weight. */
  qty: number;
  refundedQty: number;
}
export interface CashierRow extends Figures {
  /** Null for kiosk orders paid at the kiosk. Refunds count for the staff member who gave them. */
  cashierId: string | null;
  orderCount: number;
  refundCount: number;
}
export interface DeviceRow extends Figures {
  /** Sales count for the device that rang them up; refunds for the device that gave them. */
  deviceId: string;
  /** The device's code (T1) as printed on its orders; '' when only its refunds are in the day. */
  deviceCode: string;
  orderCount: number;
  refundCount: number;
}
export interface HourRow extends Figures {
  /** Local hour 0-23; rows run in business-day order (after-midnight hours last). */
  hour: number;
  orderCount: number;
  refundCount: number;
}

export type Tallied<T> = Omit<T, 'net'>;

/** The row under `key`, made on first use. */
export function rowOf<K, R>(map: Map<K, R>, key: K, make: (key: K) => R): R {
  let row = map.get(key);
  if (row === undefined) map.set(key, (row = make(key)));
  return row;
}

export const newCategory = (categoryId: string) => ({
  categoryId,
  lineCount: 0,
  sales: 0,
  refunds: 0,
});
export const newCashier = (cashierId: string | null) => ({
  cashierId,
  orderCount: 0,
  refundCount: 0,
  sales: 0,
  refunds: 0,
});
export const newDevice = (deviceId: string) => ({
  deviceId,
  deviceCode: '',
  orderCount: 0,
  refundCount: 0,
  sales: 0,
  refunds: 0,
});
export const newHour = (hour: number) => ({
  hour,
  orderCount: 0,
  refundCount: 0,
  sales: 0,
  refunds: 0,
});

export function productRowOf(
  products: Map<string, Tallied<ProductRow>>,
  line: OrderLine,
): Tallied<ProductRow> {
  let row = products.get(line.skuId);
  if (row === undefined) {
    const { skuId, productId, name, soldBy } = line;
    row = { skuId, productId, name, soldBy, qty: 0, refundedQty: 0, sales: 0, refunds: 0 };
    products.set(skuId, row);
  }
  return row;
}

export function withNet<R extends { sales: Fen; refunds: Fen }>(row: R): R & { net: Fen } {
  return { ...row, net: row.sales - row.refunds };
}

/** Largest net first; ties by key, so the report reads the same every time. */
export function sortedByNet<R extends Figures>(rows: R[], key: (row: R) => string): R[] {
  return rows.sort((a, b) => b.net - a.net || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
