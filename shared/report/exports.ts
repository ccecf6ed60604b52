// The CSV exports of a business day: orders, their lines, their payments and refunds, and the
// Z-report as section/item rows. Times are the store's wall clock, money in yuan with two decimals.
import { storeDateTime } from '../business-day';
import type { Order } from '../order';
import { money, toCsv, type CsvCell } from './csv';
import type { DayReport } from './day-report';
import type { LateAdjustment } from './late-adjustment';

export interface ExportContext {
  utcOffsetMinutes: number;
  /** Staff id -> name, for people reading the sheet. */
  staffName: (staffId: string | null) => string;
  /** Category id -> name: the sheet's reader knows 咖啡, not coffee-01. */
  categoryName: (categoryId: string) => string;
}

const when = (ms: number | null, ctx: ExportContext) =>
  ms === null ? null : storeDateTime(ms, ctx.utcOffsetMinutes);

/** How a late operation (or payment by QR) changed its order, in the `after_close` column. */
const lateChange: Partial<Record<LateAdjustment['type'], string>> = {
  'order.placed': 'sold',
  'order.paid': 'paid',
  'payment.paid': 'paid',
  'order.refunded': 'refunded',
  'order.voided': 'voided',
};

/**
 * The day's orders as they stand now. For a closed day, `late` (what arrived after the close) marks
 * the orders it changed: the frozen Z-report leaves them out, and the sheet says which they are.
 */
export function ordersCsv(
  orders: readonly Order[],
  ctx: ExportContext,
  late: readonly LateAdjustment[] = [],
): string {
  const afterClose = new Map<string, string[]>();
  for (const { orderNo, type } of late) {
    const change = lateChange[type];
    if (orderNo === null || change === undefined) continue;
    afterClose.set(orderNo, [...(afterClose.get(orderNo) ?? []), change]);
  }
  const header = [
    'order_no',
    'order_id',
    'business_day',
    'device',
    'source',
    'status',
    'created_at',
    'paid_at',
    'cashier',
    'member_id',
    'lines',
    'subtotal',
    'line_discounts',
    'order_discount',
    'rounding',
    'total',
    'refunded',
    'tenders',
    'after_close',
  ];
  const rows = orders.map((o): CsvCell[] => [
    o.orderNo,
    o.id,
    o.businessDay,
    o.deviceCode,
    o.source,
    o.status,
    when(o.createdAt, ctx),
    when(o.paidAt, ctx),
    ctx.staffName(o.cashierId),
    o.memberId,
    o.lines.length,
    money(o.subtotal),
    money(o.lineDiscountTotal),
    money(o.orderDiscount),
    money(o.rounding),
    money(o.total),
    money(o.refunds.reduce((s, r) => s + r.lines.reduce((t, l) => t + l.amount, 0), 0)),
    o.tenders.map((t) => t.method).join('+'),
    afterClose.get(o.orderNo)?.join('+') ?? null,
  ]);
  return toCsv(header, rows);
}

/**
 * The lines of a business day, one row per line sold (`kind` sale) and per line of a refund given
 * (`kind` refund: the quantity back and the money given back, both negative; the sale's figures left
 * empty). Every order is there, `status` saying how it stands now: a manager summing `total` over
 * the orders that were sales (paid, partially_refunded, refunded) gets the Z-report's net sales;
 * the voided lines add up to its voids and the open ones (kiosk orders never paid) to its open
 * orders, neither of which is a sale.
 *
 * Counted as the Z-report counts: a line on its order's day, a refund on its own day. With
 * `businessDay`, `orders` may hold other days' orders refunded during the day (the Z-report's
 * input): only their refunds are listed. Without it, each order is taken as of its own day (its
 * refunds given on a later day left out).
 */
export function linesCsv(orders: readonly Order[], businessDay?: string): string {
  const header = [
    'order_no',
    'status',
    'kind',
    'line_id',
    'sku_id',
    'product_id',
    'category_id',
    'name',
    'sold_by',
    'qty',
    'list_unit_price',
    'unit_price',
    'member_price',
    'price_overridden',
    'amount',
    'line_discount',
    'order_discount_share',
    'rounding_share',
    'total',
    'refund_id',
  ];
  const rows: CsvCell[][] = [];
  for (const o of orders) {
    const day = businessDay ?? o.businessDay;
    if (o.businessDay === day)
      for (const l of o.lines)
        rows.push([
          o.orderNo,
          o.status,
          'sale',
          l.lineId,
          l.skuId,
          l.productId,
          l.categoryId,
          l.name,
          l.soldBy,
          l.qty,
          money(l.listUnitPrice),
          money(l.unitPrice),
          l.memberPriceApplied,
          l.priceOverridden,
          money(l.amount),
          money(l.lineDiscount),
          money(l.orderDiscountShare),
          money(l.roundingShare),
          money(l.total),
          null,
        ]);
    for (const r of o.refunds) {
      if (r.businessDay !== day) continue;
      for (const part of r.lines) {
        // A part naming no line of its order still gives money back: listed with what it names.
        const l = o.lines.find((line) => line.lineId === part.lineId);
        rows.push([
          o.orderNo,
          o.status,
          'refund',
          part.lineId,
          l?.skuId ?? null,
          l?.productId ?? null,
          l?.categoryId ?? null,
          l?.name ?? null,
          l?.soldBy ?? null,
          -part.qty,
          l ? money(l.listUnitPrice) : null,
          l ? money(l.unitPrice) : null,
          l?.memberPriceApplied ?? null,
          l?.priceOverridden ?? null,
          null,
          null,
          null,
          null,
          money(-part.amount),
          r.id,
        ]);
      }
    }
  }
  return toCsv(header, rows);
}

/**
 * The money of one business day, one row per tender taken and per refund part given back
 * (negative), counted as the Z-report counts it: an order's payment on the order's day, a refund on
 * its own day. `orders` may hold other days' orders refunded during the day (the server hands
 * those too): their payments were the sale day's and are not listed again.
 */
export function paymentsCsv(
  orders: readonly Order[],
  ctx: ExportContext,
  businessDay: string,
): string {
  const header = [
    'order_no',
    'kind',
    'method',
    'amount',
    'tendered',
    'change',
    'reference',
    'at',
    'staff',
    'refund_id',
  ];
  const rows: CsvCell[][] = [];
  for (const o of orders) {
    if (o.businessDay === businessDay && o.status !== 'voided')
      for (const t of o.tenders)
        rows.push([
          o.orderNo,
          'payment',
          t.method,
          money(t.amount),
          t.method === 'cash' ? money(t.tendered) : null,
          t.method === 'cash' ? money(t.change) : null,
          t.method === 'wechat' ? t.reference : t.method === 'stored_value' ? t.memberId : null,
          when(o.paidAt, ctx),
          ctx.staffName(o.cashierId),
          null,
        ]);
    for (const r of o.refunds)
      if (r.businessDay === businessDay)
        for (const t of r.tenders)
          if (t.amount > 0)
            rows.push([
              o.orderNo,
              'refund',
              t.method,
              money(-t.amount),
              null,
              null,
              null,
              when(r.createdAt, ctx),
              ctx.staffName(r.staffId),
              r.id,
            ]);
  }
  return toCsv(header, rows);
}

/**
 * The Z-report as rows of section, item and figures, for a sheet or an accountant. A product's
 * count is its quantity in its `unit`: pieces, or grams for goods sold by weight.
 */
export function zReportCsv(report: DayReport, ctx: ExportContext): string {
  const { z } = report;
  const header = ['section', 'item', 'count', 'sales', 'refunds', 'net', 'unit'];
  const rows: CsvCell[][] = [
    [
      'summary',
      'orders',
      z.sales.orderCount,
      money(z.sales.total),
      money(z.refunds.total),
      money(z.netSales),
    ],
    ['summary', 'gross', null, money(z.sales.gross), null, null],
    ['summary', 'discounts', z.discounts.list.length, money(z.discounts.total), null, null],
    ['summary', 'rounding', null, money(z.sales.rounding), null, null],
    ['summary', 'voids', z.voids.count, money(z.voids.total), null, null],
    ['summary', 'open_orders', z.openOrders.count, money(z.openOrders.total), null, null],
    ...z.byTender.map((r): CsvCell[] => [
      'tender',
      r.method,
      r.count,
      money(r.sales),
      money(r.refunds),
      money(r.net),
    ]),
    ...z.byCategory.map((r): CsvCell[] => [
      'category',
      ctx.categoryName(r.categoryId),
      r.lineCount,
      money(r.sales),
      money(r.refunds),
      money(r.net),
    ]),
    ...z.byProduct.map((r): CsvCell[] => [
      'product',
      r.name,
      r.qty,
      money(r.sales),
      money(r.refunds),
      money(r.net),
      r.soldBy === 'weight' ? 'g' : 'piece',
    ]),
    ...z.byCashier.map((r): CsvCell[] => [
      'cashier',
      ctx.staffName(r.cashierId),
      r.orderCount,
      money(r.sales),
      money(r.refunds),
      money(r.net),
    ]),
    ...z.byDevice.map((r): CsvCell[] => [
      'device',
      r.deviceCode || r.deviceId,
      r.orderCount,
      money(r.sales),
      money(r.refunds),
      money(r.net),
    ]),
    ...z.byHour.map((r): CsvCell[] => [
      'hour',
      `${String(r.hour).padStart(2, '0')}:00`,
      r.orderCount,
      money(r.sales),
      money(r.refunds),
      money(r.net),
    ]),
    ...z.shifts.map((s): CsvCell[] => [
      'shift_cash',
      `${s.shiftId} ${ctx.staffName(s.staffId)}`,
      null,
      money(s.expected),
      s.counted === null ? null : money(s.counted),
      s.variance === null ? null : money(s.variance),
    ]),
    [
      'wechat',
      'paid',
      report.wechat.paidCount,
      money(report.wechat.paid),
      money(report.wechat.refunded),
      null,
    ],
    [
      'wechat',
      'pending_verification',
      report.wechat.pendingCount,
      money(report.wechat.pending),
      null,
      null,
    ],
    [
      'stored_value',
      'spent',
      report.storedValue.spendCount,
      money(report.storedValue.spent),
      money(report.storedValue.refundedToBalance),
      null,
    ],
    [
      'stored_value',
      'topped_up',
      report.storedValue.topUpCount,
      money(report.storedValue.toppedUp),
      null,
      null,
    ],
    ['members', 'joined', report.members.joined, null, null, null],
    [
      'late_adjustments',
      'net',
      report.lateAdjustments.count,
      money(report.lateAdjustments.netSales),
      null,
      null,
    ],
    [
      'completeness',
      report.completeness.final ? 'final' : 'not_final',
      report.completeness.devices.filter((d) => !d.final).length,
      null,
      null,
      null,
    ],
  ];
  // Only product rows have a unit: the others are padded so every row has every column.
  return toCsv(
    header,
    rows.map((row) => [...row, ...new Array<CsvCell>(header.length - row.length).fill(null)]),
  );
}
