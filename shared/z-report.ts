// The day-end Z-report: one pass over a business day's orders and refunds into totals by tender,
// category, product, cashier and hour, with refunds, voids and discounts listed, and shift cash.
import {
  businessDayOf,
  businessHourIndex,
  localHourOf,
  type BusinessDaySettings,
} from './business-day';
import type { Fen } from './money';
import {
  tenderMethods,
  type Order,
  type OrderLine,
  type Refund,
  type TenderMethod,
  type VoidRecord,
} from './order';
import {
  shiftCashBook,
  wasPaid,
  type CashMovement,
  type ShiftClosed,
  type ShiftOpenedOnDevice,
  type ShiftSummary,
} from './shift';

export interface ZReportInput {
  businessDay: string;
  /** The day's orders, and older orders refunded during the day (their refunds count today). */
  orders: readonly Order[];
  /** Shift events; the shifts opened during the business day are reported. */
  shifts: {
    opened: readonly ShiftOpenedOnDevice[];
    movements: readonly CashMovement[];
    closed: readonly ShiftClosed[];
  };
  settings: BusinessDaySettings;
}

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
export interface HourRow extends Figures {
  /** Local hour 0-23; rows run in business-day order (after-midnight hours last). */
  hour: number;
  orderCount: number;
  refundCount: number;
}

export type RefundListing = Pick<
  Refund,
  'tenders' | 'staffId' | 'approvedBy' | 'reason' | 'createdAt'
> & { refundId: string; orderId: string; orderNo: string; amount: Fen };
export type VoidListing = VoidRecord & { orderId: string; orderNo: string; total: Fen };
export interface DiscountListing {
  orderId: string;
  orderNo: string;
  cashierId: string | null;
  lineDiscount: Fen;
  orderDiscount: Fen;
  /** Managers who approved a discount or a price override on the order. */
  approvedBy: string[];
}
export interface OpenOrderListing {
  orderId: string;
  orderNo: string;
  total: Fen;
  createdAt: number;
}

export interface ZReport {
  businessDay: string;
  /** Orders paid (even if refunded since); voided and still-open orders are not sales. */
  sales: { orderCount: number; gross: Fen; discounts: Fen; rounding: Fen; total: Fen };
  discounts: { line: Fen; order: Fen; total: Fen; list: DiscountListing[] };
  refunds: { count: number; total: Fen; list: RefundListing[] };
  voids: { count: number; total: Fen; list: VoidListing[] };
  /** Kiosk orders sent to the counter and never paid. */
  openOrders: { count: number; total: Fen; list: OpenOrderListing[] };
  /** sales.total - refunds.total. */
  netSales: Fen;
  byTender: TenderRow[];
  byCategory: CategoryRow[];
  byProduct: ProductRow[];
  byCashier: CashierRow[];
  byHour: HourRow[];
  shifts: ShiftSummary[];
  /** Expected over all shifts; counted and variance over the closed ones only. */
  cash: { expected: Fen; counted: Fen; variance: Fen; openShiftIds: string[] };
}

type Tallied<T> = Omit<T, 'net'>;

/** The row under `key`, made on first use. */
function rowOf<K, R>(map: Map<K, R>, key: K, make: (key: K) => R): R {
  let row = map.get(key);
  if (row === undefined) map.set(key, (row = make(key)));
  return row;
}

const newCategory = (categoryId: string) => ({ categoryId, lineCount: 0, sales: 0, refunds: 0 });
const newCashier = (cashierId: string | null) => ({
  cashierId,
  orderCount: 0,
  refundCount: 0,
  sales: 0,
  refunds: 0,
});
const newHour = (hour: number) => ({ hour, orderCount: 0, refundCount: 0, sales: 0, refunds: 0 });
function productRowOf(products: Map<string, Tallied<ProductRow>>, line: OrderLine) {
  let row = products.get(line.skuId);
  if (row === undefined) {
    const { skuId, productId, name, soldBy } = line;
    row = { skuId, productId, name, soldBy, qty: 0, refundedQty: 0, sales: 0, refunds: 0 };
    products.set(skuId, row);
  }
  return row;
}

function withNet<R extends { sales: Fen; refunds: Fen }>(row: R): R & { net: Fen } {
  return { ...row, net: row.sales - row.refunds };
}

/** Largest net first; ties by key, so the report reads the same every time. */
function sortedByNet<R extends Figures>(rows: R[], key: (row: R) => string): R[] {
  return rows.sort((a, b) => b.net - a.net || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Aggregates a business day. Linear in orders and their lines; no order is looked at twice. */
export function buildZReport(input: ZReportInput): ZReport {
  const { businessDay, settings } = input;
  const offset = settings.utcOffsetMinutes;
  const sales = { orderCount: 0, gross: 0, discounts: 0, rounding: 0, total: 0 };
  const discounts = { line: 0, order: 0, total: 0, list: [] as DiscountListing[] };
  const refunds = { count: 0, total: 0, list: [] as RefundListing[] };
  const voids = { count: 0, total: 0, list: [] as VoidListing[] };
  const openOrders = { count: 0, total: 0, list: [] as OpenOrderListing[] };
  const tenders = new Map<TenderMethod, Tallied<TenderRow>>();
  for (const method of tenderMethods)
    tenders.set(method, { method, count: 0, refundCount: 0, sales: 0, refunds: 0 });
  const categories = new Map<string, Tallied<CategoryRow>>();
  const products = new Map<string, Tallied<ProductRow>>();
  const cashiers = new Map<string | null, Tallied<CashierRow>>();
  const hours = new Map<number, Tallied<HourRow>>();
  const { shifts: shiftEvents } = input;
  const cashBook = shiftCashBook(
    shiftEvents.opened.filter((s) => businessDayOf(s.at, settings) === businessDay),
    shiftEvents.movements,
    shiftEvents.closed,
  );

  function addSale(order: Order): void {
    sales.orderCount++;
    sales.gross += order.subtotal;
    sales.rounding += order.rounding;
    sales.total += order.total;
    if (order.lineDiscountTotal > 0 || order.orderDiscount > 0) {
      discounts.line += order.lineDiscountTotal;
      discounts.order += order.orderDiscount;
      discounts.list.push({
        orderId: order.id,
        orderNo: order.orderNo,
        cashierId: order.cashierId,
        lineDiscount: order.lineDiscountTotal,
        orderDiscount: order.orderDiscount,
        approvedBy: order.approvals
          .filter((a) => a.reason === 'discount' || a.reason === 'price_override')
          .map((a) => a.managerId),
      });
    }
    for (const tender of order.tenders) {
      const row = tenders.get(tender.method) as Tallied<TenderRow>;
      row.count++;
      row.sales += tender.amount;
    }
    for (const line of order.lines) {
      const category = rowOf(categories, line.categoryId, newCategory);
      category.lineCount++;
      category.sales += line.total;
      const product = productRowOf(products, line);
      product.qty += line.qty;
      product.sales += line.total;
    }
    const cashier = rowOf(cashiers, order.cashierId, newCashier);
    cashier.orderCount++;
    cashier.sales += order.total;
    const hour = rowOf(hours, localHourOf(order.createdAt, offset), newHour);
    hour.orderCount++;
    hour.sales += order.total;
  }

  function addRefund(order: Order, refund: Refund): void {
    let amount = 0;
    for (const part of refund.lines) {
      amount += part.amount;
      const line = order.lines.find((l) => l.lineId === part.lineId);
      if (!line) continue;
      rowOf(categories, line.categoryId, newCategory).refunds += part.amount;
      const product = productRowOf(products, line);
      product.refundedQty += part.qty;
      product.refunds += part.amount;
    }
    for (const part of refund.tenders) {
      // A zero part (goods back, no money) names a method but gives nothing back by it.
      if (part.amount === 0) continue;
      const row = tenders.get(part.method) as Tallied<TenderRow>;
      row.refundCount++;
      row.refunds += part.amount;
    }
    refunds.count++;
    refunds.total += amount;
    const { id: refundId, staffId, approvedBy, reason, createdAt } = refund;
    const { id: orderId, orderNo } = order;
    const listing = { refundId, orderId, orderNo, amount, staffId, approvedBy, reason, createdAt };
    refunds.list.push({ ...listing, tenders: refund.tenders });
    const cashier = rowOf(cashiers, refund.staffId, newCashier);
    cashier.refundCount++;
    cashier.refunds += amount;
    const hour = rowOf(hours, localHourOf(refund.createdAt, offset), newHour);
    hour.refundCount++;
    hour.refunds += amount;
  }

  for (const order of input.orders) {
    if (order.businessDay === businessDay) {
      if (wasPaid(order)) addSale(order);
      else if (order.status === 'voided') {
        voids.count++;
        voids.total += order.total;
        // A voided order always carries its record; the fallback keeps bad data from hiding a void.
        const record = order.void ?? {
          staffId: '',
          approvedBy: '',
          reason: '',
          at: order.createdAt,
        };
        voids.list.push({
          ...record,
          orderId: order.id,
          orderNo: order.orderNo,
          total: order.total,
        });
      } else {
        openOrders.count++;
        openOrders.total += order.total;
        const { id: orderId, orderNo, total, createdAt } = order;
        openOrders.list.push({ orderId, orderNo, total, createdAt });
      }
    }
    for (const refund of order.refunds)
      if (refund.businessDay === businessDay) addRefund(order, refund);
    cashBook.addOrder(order);
  }

  discounts.total = discounts.line + discounts.order;
  sales.discounts = discounts.total;
  const shifts = cashBook.summaries();
  const cash = { expected: 0, counted: 0, variance: 0, openShiftIds: [] as string[] };
  for (const shift of shifts) {
    cash.expected += shift.expected;
    if (shift.counted === null) cash.openShiftIds.push(shift.shiftId);
    else {
      cash.counted += shift.counted;
      cash.variance += shift.counted - shift.expected;
    }
  }
  refunds.list.sort((a, b) => a.createdAt - b.createdAt);
  voids.list.sort((a, b) => a.at - b.at);
  const hourIndex = (row: HourRow) => businessHourIndex(row.hour, settings);

  return {
    businessDay,
    sales,
    discounts,
    refunds,
    voids,
    openOrders,
    netSales: sales.total - refunds.total,
    byTender: tenderMethods.map((m) => withNet(tenders.get(m) as Tallied<TenderRow>)),
    byCategory: sortedByNet([...categories.values()].map(withNet), (r) => r.categoryId),
    byProduct: sortedByNet([...products.values()].map(withNet), (r) => r.skuId),
    byCashier: sortedByNet([...cashiers.values()].map(withNet), (r) => r.cashierId ?? ''),
    byHour: [...hours.values()].map(withNet).sort((a, b) => hourIndex(a) - hourIndex(b)),
    shifts,
    cash,
  };
}
