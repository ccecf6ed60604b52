// npm run bench:report: the day-end report for a day of 50,000 orders (target: under 1 s), built
// the way the server builds it (Z-report, completeness, WeChat Pay, stored value with 2,000 top-ups
// in the shifts' drawers, late adjustments), plus the scoped reports frozen at a close and the CSV
// exports of the same day.
import fc from 'fast-check';
import {
  buildDayReport,
  buildZReport,
  linesCsv,
  ordersCsv,
  paymentsCsv,
  zReportCsv,
  type Order,
} from '../shared';
import { chinaSettings, day, orderInAnyStateArbitrary } from '../test/shared/fixtures';
import { formatMs, percentile } from './stats';

const ORDERS = 50_000;
const RUNS = 7;

const templates = fc.sample(orderInAnyStateArbitrary, { numRuns: 1000, seed: 42 });
const devices = ['tab-0001', 'tab-0002', 'tab-0003', 'kiosk-01'];
const orders: Order[] = Array.from({ length: ORDERS }, (_, i) => {
  const template = templates[i % templates.length];
  const deviceId = devices[i % devices.length];
  return {
    ...template,
    id: `${deviceId}:${day}:${Math.floor(i / devices.length) + 1}`,
    deviceId,
    cashierId: template.cashierId && `c-${i % 7}`,
  };
});
const opened = Array.from({ length: 7 }, (_, i) => ({
  shiftId: `s${i}`,
  staffId: `c-${i}`,
  deviceId: devices[i % devices.length],
  float: 20000,
  at: Date.UTC(2026, 10, 21, 20, 0),
}));
// A busy day's stored-value top-ups, one in 25 orders, most of them cash into the shifts' drawers.
const storedValueTopUps = Array.from({ length: ORDERS / 25 }, (_, i) => ({
  id: `topup-${i}`,
  memberId: `m-${i % 300}`,
  amount: 10000 + (i % 5) * 5000,
  method: i % 4 === 0 ? ('wechat' as const) : ('cash' as const),
  deviceId: devices[i % devices.length],
  staffId: `c-${i % 7}`,
  at: Date.UTC(2026, 10, 22, 2, 0) + i * 10_000,
}));
const input = {
  businessDay: day,
  orders,
  shifts: { opened, movements: [], closed: [] },
  settings: chinaSettings,
  now: Date.UTC(2026, 10, 22, 21, 0),
  pendingPayments: [],
  storedValueTopUps,
  members: [],
  devices: devices.map((deviceId, i) => ({
    deviceId,
    code: `T${i + 1}`,
    name: deviceId,
    pairedAt: 0,
    revokedAt: null,
    lastSeenAt: Date.UTC(2026, 10, 22, 21, 0),
    connected: true,
    lastOp: null,
    gaps: [],
  })),
  lateAdjustments: [],
};

function time<T>(run: () => T): { ms: number[]; value: T } {
  const ms: number[] = [];
  let value = run(); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    value = run();
    ms.push(performance.now() - started);
  }
  return { ms, value };
}

const line = (label: string, ms: number[]) =>
  console.log(
    `${label.padEnd(44)} median ${formatMs(percentile(ms, 0.5)).padStart(11)}   max ${formatMs(Math.max(...ms)).padStart(11)}`,
  );

console.log(
  `Day-end report, ${ORDERS.toLocaleString('en')} orders of one business day, ${RUNS} runs each\n`,
);
const day50k = time(() => buildDayReport(input));
line('day report (Z-report + completeness...)', day50k.ms);
line('Z-report alone', time(() => buildZReport(input)).ms);
line(
  'scoped Z-reports frozen at a close (4+7)',
  time(() => [
    ...devices.map((deviceId) => buildZReport({ ...input, scope: { deviceId } })),
    ...opened.map((s) => buildZReport({ ...input, scope: { cashierId: s.staffId } })),
  ]).ms,
);
const ctx = {
  utcOffsetMinutes: 480,
  staffName: (id: string | null) => id ?? '',
  categoryName: (id: string) => id,
};
line('CSV: orders', time(() => ordersCsv(orders, ctx)).ms);
line('CSV: lines', time(() => linesCsv(orders)).ms);
line('CSV: payments', time(() => paymentsCsv(orders, ctx, day)).ms);
line('CSV: Z-report', time(() => zReportCsv(day50k.value, ctx)).ms);
const median = percentile(day50k.ms, 0.5);
console.log(
  `\nsales ${day50k.value.z.sales.orderCount.toLocaleString('en')} orders; day report ${formatMs(median)} (target < 1000 ms: ${median < 1000 ? 'met' : 'MISSED'})`,
);
