// The drawer's books beyond sales: cash top-ups of stored value in the Z-report's shift rows and
// cash section (and the day report that feeds them), and the drawer opened without a sale as an
// operation (its schema), an audit entry and, for a closed day, a late adjustment.
import { operationId } from '../../shared/ids';
import { operationSchema, type Operation } from '../../shared/operation';
import { auditOfOperation } from '../../shared/report/audit';
import { buildDayReport } from '../../shared/report/day-report';
import { lateAdjustmentOf, operationBusinessDay } from '../../shared/report/late-adjustment';
import { buildZReport } from '../../shared/report/z-report';
import type { StoredValueTopUp } from '../../shared/report/day-report';
import { cashTender } from '../../shared/tenders';
import { chinaSettings, day, line, order } from './fixtures';

/** Epoch ms of a wall-clock time in UTC+8 on 2026-11-22. */
const at = (h: number, m = 0) => Date.UTC(2026, 10, 22, h - 8, m);

describe('cash top-ups in the Z-report', () => {
  // Till T1: c-1 from 9:00 to 18:00 with ¥100; till T2: c-2 from 10:00, still open, with ¥50.
  const shifts = {
    opened: [
      { shiftId: 's1', staffId: 'c-1', deviceId: 'tab-0001', float: 10000, at: at(9) },
      { shiftId: 's2', staffId: 'c-2', deviceId: 'tab-0002', float: 5000, at: at(10) },
    ],
    movements: [
      {
        shiftId: 's1',
        staffId: 'c-1',
        direction: 'out' as const,
        amount: 3000,
        reason: 'bank',
        at: at(15),
      },
    ],
    closed: [
      {
        shiftId: 's1',
        staffId: 'c-1',
        counted: [],
        countedTotal: 37000,
        expected: 37000,
        note: '',
        at: at(18),
      },
    ],
  };
  const orders = [
    order([line({ unitPrice: 1000 })], [cashTender(1000, 1000)], {
      id: 'o1',
      createdAt: at(11),
      cashierId: 'c-1',
    }),
  ];
  const topUp = (
    id: string,
    amount: number,
    overrides: Partial<StoredValueTopUp> = {},
  ): StoredValueTopUp => ({
    id,
    memberId: 'm-1',
    amount,
    method: 'cash',
    deviceId: 'tab-0001',
    staffId: 'c-1',
    at: at(12),
    ...overrides,
  });
  const storedValueTopUps = [
    topUp('t1', 20000), // T1's drawer
    topUp('t2', 10000, { method: 'wechat' }), // no drawer
    topUp('t3', 4000, { deviceId: 'tab-0002', staffId: 'c-2' }), // T2's drawer
    topUp('t4', 700, { at: at(19) }), // after s1 closed: no shift's
  ];
  const input = { businessDay: day, orders, shifts, settings: chinaSettings, storedValueTopUps };

  it('counts each cash top-up in its shift’s row and the cash section', () => {
    const z = buildZReport(input);
    expect(z.shifts.map((s) => [s.shiftId, s.cashTopUps, s.expected, s.variance])).toEqual([
      // 10000 + 1000 cash sale - 3000 out + 20000 top-up
      ['s1', 20000, 28000, 37000 - 28000],
      // 5000 + 4000 top-up
      ['s2', 4000, 9000, null],
    ]);
    expect(z.cash).toMatchObject({ expected: 37000, cashTopUps: 24000, counted: 37000 });
    // Not a sale: top-ups leave the sales and the tenders alone.
    expect(z.sales.total).toBe(1000);
    expect(z.byTender.find((t) => t.method === 'cash')?.sales).toBe(1000);
  });

  it('without top-ups, the drawers expect only their own cash', () => {
    const z = buildZReport({ ...input, storedValueTopUps: undefined });
    expect(z.shifts.map((s) => s.expected)).toEqual([8000, 5000]);
    expect(z.cash.cashTopUps).toBe(0);
  });

  it('a scoped report keeps the top-ups of its own shifts', () => {
    const t2 = buildZReport({ ...input, scope: { deviceId: 'tab-0002' } });
    expect(t2.shifts.map((s) => [s.shiftId, s.cashTopUps, s.expected])).toEqual([
      ['s2', 4000, 9000],
    ]);
    expect(buildZReport({ ...input, scope: { cashierId: 'c-1' } }).cash.cashTopUps).toBe(20000);
  });

  it('the day report shows them as top-ups by method and in the drawers’ expected cash', () => {
    const report = buildDayReport({
      ...input,
      now: at(23),
      pendingPayments: [],
      members: [],
      devices: [],
      lateAdjustments: [],
    });
    expect(report.storedValue.topUpsByMethod).toEqual([
      { method: 'cash', amount: 24700 },
      { method: 'wechat', amount: 10000 },
    ]);
    expect(report.z.cash.expected).toBe(37000);
  });
});

describe('the drawer opened without a sale', () => {
  const drawerOp = (payload: Record<string, unknown>, seq = 7): unknown => ({
    id: operationId('tab-0001', seq),
    deviceId: 'tab-0001',
    seq,
    createdAt: at(14),
    type: 'drawer.opened',
    payload,
  });
  const payload = { shiftId: 's1', staffId: 'c-1', reason: '找零给隔壁店', at: at(14) };

  it('is an operation with who, when, which shift and why', () => {
    const parsed = operationSchema.safeParse(drawerOp(payload));
    expect(parsed.success).toBe(true);
    expect(operationSchema.safeParse(drawerOp({ ...payload, shiftId: null })).success).toBe(true);
  });

  it.each([
    ['no reason', { ...payload, reason: '' }, 'reason'],
    ['a blank reason', { ...payload, reason: '   ' }, 'reason'],
    ['a reason over 200 characters', { ...payload, reason: 'x'.repeat(201) }, 'reason'],
    ['no cashier', { ...payload, staffId: undefined }, 'staffId'],
    ['no time', { ...payload, at: undefined }, 'at'],
    ['no shift field', { staffId: 'c-1', reason: 'x', at: at(14) }, 'shiftId'],
  ])('is refused with %s, naming the field', (_what, bad, field) => {
    const parsed = operationSchema.safeParse(drawerOp(bad));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(`payload.${field}`);
  });

  it('is listed in the audit as drawer_no_sale: who, when, which device and why', () => {
    const op = operationSchema.parse(drawerOp(payload)) as Operation;
    expect(auditOfOperation(op, null)).toEqual([
      {
        at: at(14),
        kind: 'drawer_no_sale',
        staffId: 'c-1',
        approvedBy: null,
        deviceId: 'tab-0001',
        orderNo: null,
        amount: null,
        reason: '找零给隔壁店',
        facts: null,
      },
    ]);
  });

  it('belongs to its shift’s day (or its own), and arriving after the close is a late adjustment of no money', () => {
    const op = operationSchema.parse(drawerOp(payload)) as Operation;
    expect(operationBusinessDay(op, null, chinaSettings, () => '2026-11-21')).toBe('2026-11-21');
    const noShift = operationSchema.parse(drawerOp({ ...payload, shiftId: null })) as Operation;
    expect(operationBusinessDay(noShift, null, chinaSettings, () => undefined)).toBe(day);
    expect(lateAdjustmentOf(op, null, at(20), day)).toMatchObject({
      netSales: 0,
      tenders: [],
      description: 'late drawer opening without a sale (找零给隔壁店)',
    });
  });
});
