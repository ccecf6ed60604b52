// What the manager screen shows: a business day's figures (the core's Z-report over orders and
// shifts) as rows of text, and the store's devices with their sync state. Pure.
import {
  buildZReport,
  formatFen,
  roundingKind,
  storeDateTime,
  type DeviceInfo,
  type Order,
  type ReportScope,
  type StoreSettings,
  type ZReport,
} from '@pos/shared';
import { drawerTopUps, type ShiftRecord } from '../core/shift-log';
import { text } from '../i18n/index';
import { methodName } from './order-view';

export interface FigureRow {
  label: string;
  value: string;
  /** Drawn larger: the day's net. */
  strong: boolean;
}

export interface DayFigures {
  orderCount: number;
  rows: FigureRow[];
  tenders: FigureRow[];
  /** Cash against the count (this device's shifts); null when there were no shifts. */
  cash: FigureRow[] | null;
  openShifts: string;
}

export interface DeviceRow {
  id: string;
  name: string;
  code: string;
  state: string;
  /** Vant tag type. */
  tone: 'success' | 'warning' | 'danger' | 'default';
  lastSeen: string;
  isThis: boolean;
}

function row(label: string, fen: number, strong = false): FigureRow {
  return { label, value: formatFen(fen), strong };
}

/**
 * The day's Z-report from orders and shift records (a device's own, or none for the store). For a
 * device's figures pass every order it holds and scope it to the device: the core decides which
 * are its own (a kiosk order it took payment for is).
 */
export function dayReport(
  businessDay: string,
  orders: readonly Order[],
  shifts: readonly ShiftRecord[],
  settings: StoreSettings,
  scope?: ReportScope,
): ZReport {
  return buildZReport({
    businessDay,
    orders,
    shifts: {
      opened: shifts.map((s) => s.opened),
      movements: shifts.flatMap((s) => s.movements),
      closed: shifts.flatMap((s) => (s.closed ? [s.closed] : [])),
    },
    // The shifts' cash top-ups, for their drawers' expected cash.
    storedValueTopUps: shifts.flatMap(drawerTopUps),
    settings,
    scope,
  });
}

export function dayFigures(report: ZReport, withCash: boolean): DayFigures {
  const t = text.manager;
  const { sales, refunds, voids, openOrders } = report;
  const rows = [
    row(t.sales, sales.total),
    row(t.discounts, sales.discounts),
    row(t.refunds, refunds.total),
    row(t.net, report.netSales, true),
  ];
  if (sales.rounding !== 0) rows.splice(2, 0, row(t[roundingKind(sales.rounding)], sales.rounding));
  if (voids.count > 0)
    rows.push({ ...row(t.voids, voids.total), label: `${t.voids}（${voids.count}）` });
  if (openOrders.count > 0)
    rows.push({ ...row(t.open, openOrders.total), label: `${t.open}（${openOrders.count}）` });
  const tenders = report.byTender
    .filter((tender) => tender.count > 0 || tender.refundCount > 0)
    .map((tender) => row(`${methodName(tender.method)}（${tender.count}）`, tender.net));
  // Counted cash and the variance exist for closed shifts only; an open one has only expected.
  const anyClosed = report.shifts.some((shift) => shift.counted !== null);
  const cash =
    withCash && report.shifts.length > 0
      ? [
          row(t.cashExpected, report.cash.expected),
          ...(anyClosed
            ? [row(t.cashCounted, report.cash.counted), row(t.cashVariance, report.cash.variance)]
            : []),
        ]
      : null;
  return {
    orderCount: sales.orderCount,
    rows,
    tenders,
    cash,
    openShifts:
      report.cash.openShiftIds.length > 0 ? t.openShifts(report.cash.openShiftIds.length) : '',
  };
}

/**
 * The store's devices as the server last synced them, this one first: revoked, operations the
 * server is missing, or synced; with when each was last in touch. This device's own unsynced
 * count is known here better than the server knows it.
 */
export function deviceRows(
  devices: readonly DeviceInfo[],
  thisDeviceId: string | null,
  thisUnsynced: number,
  utcOffsetMinutes: number,
): DeviceRow[] {
  const t = text.manager;
  return [...devices]
    .sort(
      (a, b) =>
        Number(b.id === thisDeviceId) - Number(a.id === thisDeviceId) ||
        a.code.localeCompare(b.code),
    )
    .map((device) => {
      const isThis = device.id === thisDeviceId;
      const missing = device.missingSeqs.length;
      const [state, tone]: [string, DeviceRow['tone']] =
        device.revokedAt !== null
          ? [t.revoked, 'default']
          : missing > 0
            ? [t.missing(missing), 'danger']
            : isThis && thisUnsynced > 0
              ? [t.unsynced(thisUnsynced), 'warning']
              : [t.synced, 'success'];
      return {
        id: device.id,
        name: isThis ? `${device.name}（${t.thisDevice}）` : device.name,
        code: device.code,
        state,
        tone,
        lastSeen:
          device.lastSeenAt === null
            ? t.neverSeen
            : t.lastSeen(storeDateTime(device.lastSeenAt, utcOffsetMinutes).slice(5, 16)),
        isThis,
      };
    });
}
