// The CSV exports of a business day: orders, their lines, their payments and refunds (the Z-report's
// sheet is z-report-csv.ts). Times are the store's wall clock, money in yuan with two decimals. A
// closed day's sheets list its orders as they stand now, with what arrived after the close marked in
// `after_close` (after-close.ts): the unmarked rows are what its frozen Z-report counted.
import { storeDateTime } from '../business-day';
import type { Order } from '../order';
import { afterCloseMarks } from './after-close';
import { money, toCsv, type CsvCell } from './csv';
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

/**
 * The day's orders as they stand now. For a closed day, `late` (what arrived after the close) marks
 * the orders it changed: the frozen Z-report leaves them out, and the sheet says which they are.
 */
export function ordersCsv(
  orders: readonly Order[],
  ctx: ExportContext,
  late: readonly LateAdjustment[] = [],
): string {
  const afterClose = afterCloseMarks(late);
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
    afterClose.ofOrder(o.orderNo),
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
 *
 * For a closed day, `late` marks in `after_close` the rows late operations added or changed: a sale
 * row `sold` (not in the frozen Z-report), `paid` (in it as an open order) or `voided` (in it as a
 * sale), a refund row `refunded` (not in it). So the unmarked rows, summed as above, and the
 * `voided` ones as sales add up to the frozen Z-report's net sales.
 */
export function linesCsv(
  orders: readonly Order[],
  businessDay?: string,
  late: readonly LateAdjustment[] = [],
): string {
  const afterClose = afterCloseMarks(late);
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
    'after_close',
  ];
  const rows: CsvCell[][] = [];
  for (const o of orders) {
    const day = businessDay ?? o.businessDay;
    const saleChanged = afterClose.ofOrder(o.orderNo, ['sold', 'paid', 'voided']);
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
          saleChanged,
        ]);
    for (const r of o.refunds) {
      if (r.businessDay !== day) continue;
      const refundChanged = afterClose.refundIsLate(r.id) ? 'refunded' : null;
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
          refundChanged,
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
 * those too): their payments were the sale day's and are not listed again. A voided order took no
 * money, so it has no rows.
 *
 * For a closed day, `late` marks in `after_close` the rows late operations added: a payment `sold`
 * or `paid` after the close, a refund `refunded`. A paid order voided after the close keeps its
 * payments (the frozen Z-report counted them) and gets `void` rows giving them back, marked
 * `voided`. So the unmarked rows add up to the frozen Z-report's tenders, and all of them to the
 * money as it stands now.
 */
export function paymentsCsv(
  orders: readonly Order[],
  ctx: ExportContext,
  businessDay: string,
  late: readonly LateAdjustment[] = [],
): string {
  const afterClose = afterCloseMarks(late);
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
    'after_close',
  ];
  const rows: CsvCell[][] = [];
  for (const o of orders) {
    const voidedAfterClose =
      o.status === 'voided' && afterClose.ofOrder(o.orderNo, ['voided']) !== null;
    if (o.businessDay === businessDay && (o.status !== 'voided' || voidedAfterClose)) {
      const paidChanged = afterClose.ofOrder(o.orderNo, ['sold', 'paid']);
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
          paidChanged,
        ]);
      if (voidedAfterClose)
        for (const t of o.tenders)
          rows.push([
            o.orderNo,
            'void',
            t.method,
            money(-t.amount),
            null,
            null,
            null,
            when(o.void?.at ?? null, ctx),
            ctx.staffName(o.void?.staffId ?? null),
            null,
            'voided',
          ]);
    }
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
              afterClose.refundIsLate(r.id) ? 'refunded' : null,
            ]);
  }
  return toCsv(header, rows);
}
