// The Z-report as a CSV sheet of section/item rows, for a spreadsheet or an accountant.
import { money, toCsv, type CsvCell } from './csv';
import type { DayReport } from './day-report';
import type { ExportContext } from './exports';

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
