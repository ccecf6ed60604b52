// The day-end Z-report: one pass over a business day's orders and refunds into totals by tender,
// category, product, cashier and hour, with refunds, voids and discounts listed, and shift cash.
import {
  businessDayOf,
  businessHourIndex,
  localHourOf,
  type BusinessDaySettings,
} from '../business-day';
import type { Fen } from '../money';
import {
  tenderMethods,
  type Order,
  type Refund,
  type TenderMethod,
  type VoidRecord,
} from '../order';
import {
  cashVarianceApprovalFenOf,
  shiftRows,
  type ShiftApproval,
  type ShiftRow,
} from './cash-variance';
import {
  newCashier,
  newCategory,
  newDevice,
  newHour,
  productRowOf,
  rowOf,
  sortedByNet,
  withNet,
  type CashierRow,
  type CategoryRow,
  type DeviceRow,
  type HourRow,
  type ProductRow,
  type Tallied,
  type TenderRow,
} from './rows';
import {
  shiftCashBook,
  tenderDeviceOf,
  wasPaid,
  type ShiftOpenedOnDevice,
} from '../shift-cash-book';
import type { CashMovement, DrawerTopUp, ShiftClosed } from '../shift';
import type { StoreSettings } from '../settings';

/**
 * Narrows a report to one device or one cashier. A device's: the payments it took (a kiosk order
 * paid at its counter too, tenderDeviceOf), the refunds it gave and its shifts' drawers. A
 * cashier's: the orders they took payment for and the refunds they gave.
 */
export interface ReportScope {
  deviceId?: string;
  cashierId?: string;
}

export interface ZReportInput {
  businessDay: string;
  /**
   * The day's orders, and older orders refunded or voided during the day (their refunds count
   * today, and the cash a void hands back comes out of today's drawers).
   */
  orders: readonly Order[];
  /** Shift events; the shifts opened during the business day are reported. */
  shifts: {
    opened: readonly ShiftOpenedOnDevice[];
    movements: readonly CashMovement[];
    closed: readonly ShiftClosed[];
  };
  /**
   * Stored-value top-ups of the day (the day report's rows have this shape): the cash ones are in
   * the drawer of the shift that took them. None when absent.
   */
  storedValueTopUps?: readonly DrawerTopUp[];
  /**
   * What the reported shifts' drawers are tallied from, apart from the day's figures: a shift
   * belongs to the day it opened, but one running past the next day's start takes that day's
   * money too. Every order paid, refunded or voided and every top-up made during the shifts,
   * whatever its business day (more does no harm: each is matched by drawer and time). `orders`
   * and `storedValueTopUps` when absent (a device's history holds every order it has).
   */
  drawer?: { orders: readonly Order[]; topUps: readonly DrawerTopUp[] };
  /** The store's day, clock and variance threshold (`cashVarianceApprovalFenOf`). */
  settings: BusinessDaySettings & Pick<StoreSettings, 'cashVarianceApprovalFen'>;
  /** The whole store when absent. */
  scope?: ReportScope;
  /** Variance approvals given after the close (the dashboard). */
  shiftApprovals?: readonly ShiftApproval[];
}

export type {
  CashierRow,
  CategoryRow,
  DeviceRow,
  Figures,
  HourRow,
  ProductRow,
  TenderRow,
} from './rows';

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
  /** The whole store when empty. */
  scope: ReportScope;
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
  byDevice: DeviceRow[];
  byHour: HourRow[];
  shifts: ShiftRow[];
  /** Expected over all shifts; counted and variance over the closed ones only. */
  cash: {
    expected: Fen;
    counted: Fen;
    variance: Fen;
    /** Cash paid for stored value into the reported shifts' drawers (part of expected). */
    cashTopUps: Fen;
    /**
     * Cash handed back from the reported shifts' drawers for voids made during them (taken out of
     * expected), whatever day the voided orders were sold on: the voids list is by that day.
     */
    cashVoids: Fen;
    openShiftIds: string[];
    /** Closed shifts whose variance is beyond the threshold and that no manager approved. */
    unapprovedShiftIds: string[];
    varianceApprovalFen: Fen;
  };
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
  const devices = new Map<string, Tallied<DeviceRow>>();
  const scope = input.scope ?? {};
  const inScope = (deviceId: string, staffId: string | null) =>
    (scope.deviceId === undefined || scope.deviceId === deviceId) &&
    (scope.cashierId === undefined || scope.cashierId === staffId);
  const hours = new Map<number, Tallied<HourRow>>();
  const { shifts: shiftEvents } = input;
  const cashBook = shiftCashBook(
    shiftEvents.opened.filter(
      (s) => businessDayOf(s.at, settings) === businessDay && inScope(s.deviceId, s.staffId),
    ),
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
    // Where the money was taken: a kiosk order paid at a register's counter is that register's sale.
    const device = rowOf(devices, tenderDeviceOf(order), newDevice);
    if (device.deviceId === order.deviceId) device.deviceCode = order.deviceCode;
    device.orderCount++;
    device.sales += order.total;
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
    const device = rowOf(devices, refund.deviceId, newDevice);
    if (refund.deviceId === order.deviceId) device.deviceCode = order.deviceCode;
    device.refundCount++;
    device.refunds += amount;
    const hour = rowOf(hours, localHourOf(refund.createdAt, offset), newHour);
    hour.refundCount++;
    hour.refunds += amount;
  }

  for (const order of input.orders) {
    if (order.businessDay === businessDay && inScope(tenderDeviceOf(order), order.cashierId)) {
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
      if (refund.businessDay === businessDay && inScope(refund.deviceId, refund.staffId))
        addRefund(order, refund);
    if (!input.drawer) cashBook.addOrder(order);
  }
  for (const order of input.drawer?.orders ?? []) cashBook.addOrder(order);
  const topUps = input.drawer ? input.drawer.topUps : (input.storedValueTopUps ?? []);
  for (const topUp of topUps) cashBook.addTopUp(topUp);

  discounts.total = discounts.line + discounts.order;
  sales.discounts = discounts.total;
  const varianceApprovalFen = cashVarianceApprovalFenOf(input.settings);
  const shifts = shiftRows(cashBook.summaries(), input.shiftApprovals ?? [], varianceApprovalFen);
  const cash = {
    expected: 0,
    counted: 0,
    variance: 0,
    cashTopUps: 0,
    cashVoids: 0,
    openShiftIds: [] as string[],
    unapprovedShiftIds: [] as string[],
    varianceApprovalFen,
  };
  for (const shift of shifts) {
    cash.expected += shift.expected;
    cash.cashTopUps += shift.cashTopUps;
    cash.cashVoids += shift.cashVoids;
    if (shift.counted === null) cash.openShiftIds.push(shift.shiftId);
    else {
      cash.counted += shift.counted;
      cash.variance += shift.counted - shift.expected;
    }
    if (shift.needsApproval) cash.unapprovedShiftIds.push(shift.shiftId);
  }
  refunds.list.sort((a, b) => a.createdAt - b.createdAt);
  voids.list.sort((a, b) => a.at - b.at);
  const hourIndex = (row: HourRow) => businessHourIndex(row.hour, settings);

  return {
    businessDay,
    scope: { ...scope },
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
    byDevice: sortedByNet([...devices.values()].map(withNet), (r) => r.deviceId),
    byHour: [...hours.values()].map(withNet).sort((a, b) => hourIndex(a) - hourIndex(b)),
    shifts,
    cash,
  };
}
