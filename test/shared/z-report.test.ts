// The Z-report: a hand-worked day, properties that every breakdown adds up to the totals, that the
// drawers' expected cash is the floats and the cash that moved, and that devices' reports add up.
import fc from 'fast-check';
import { applyRefund, payOrder, voidOrder } from '@pos/shared';
import type { Order } from '../../shared/order';
import { expectedCash, type ShiftClosed } from '../../shared/shift';
import {
  summarizeShift,
  tenderDeviceOf,
  type ShiftOpenedOnDevice,
} from '../../shared/shift-cash-book';
import { cashTender } from '../../shared/tenders';
import { buildZReport, type ZReport } from '../../shared/report/z-report';
import {
  chinaSettings,
  day,
  line,
  ok,
  order,
  orderInAnyStateArbitrary,
  refundOf,
  storedValue,
  wechat,
} from './fixtures';

/** Epoch ms of a wall-clock time in UTC+8 on 2026-11-22, or the morning after with `nextDay`. */
const at = (h: number, m = 0, nextDay = false) => Date.UTC(2026, 10, nextDay ? 23 : 22, h - 8, m);

describe('a hand-worked day', () => {
  const o1 = order(
    [
      line({ lineId: 'L1', skuId: 'sku-1', qty: 2, unitPrice: 1500, lineDiscount: 300 }),
      line({ lineId: 'L2', skuId: 'sku-3', categoryId: 'bakery', unitPrice: 800 }),
    ],
    [cashTender(2000, 5000), wechat(1500)],
    {
      id: 'o1',
      orderNo: 'T1-1122-0001',
      createdAt: at(10, 15),
      approvals: [{ reason: 'discount', managerId: 'mgr-1' }],
    },
  );
  const o2 = order(
    [
      line({
        skuId: 'sku-2',
        categoryId: 'tea',
        unitPrice: 1250,
        orderDiscountShare: 200,
        roundingShare: -50,
      }),
    ],
    [storedValue(1000)],
    { id: 'o2', orderNo: 'T1-1122-0002', cashierId: 'c-2', createdAt: at(14, 40) },
  );
  const o3sold = order([line({ unitPrice: 1500 })], [wechat(1500)], {
    id: 'o3',
    orderNo: 'T1-1122-0003',
    createdAt: at(1, 30, true),
  });
  const o3 = ok(
    applyRefund(
      o3sold,
      refundOf(
        o3sold,
        [{ lineId: 'L1', qty: 1, amount: 1500 }],
        [{ method: 'wechat', amount: 1500 }],
        'c-1',
        at(2, 0, true),
      ),
    ),
  );
  const voidRecord = {
    staffId: 'c-2',
    approvedBy: 'mgr-1',
    reason: 'rang up twice',
    at: at(12, 5),
  };
  const o4 = ok(
    voidOrder(
      order(
        [line({ categoryId: 'bakery', skuId: 'sku-3', unitPrice: 800 })],
        [cashTender(800, 800)],
        {
          id: 'o4',
          orderNo: 'T2-1122-0001',
          cashierId: 'c-2',
          device: { id: 'tab-0002', code: 'T2' },
          createdAt: at(12),
        },
      ),
      voidRecord,
    ),
  );
  const o5 = order([line({ unitPrice: 1500 })], [], {
    id: 'o5',
    orderNo: 'K1-1122-0001',
    source: 'kiosk',
    cashierId: null,
    createdAt: at(13),
  });
  const o6sold = order([line({ qty: 2, unitPrice: 1500 })], [cashTender(3000, 3000)], {
    id: 'o6',
    businessDay: '2026-11-21',
    createdAt: at(18) - 86_400_000,
  });
  // Refunded at T2, out of its drawer.
  const o6 = ok(
    applyRefund(o6sold, {
      ...refundOf(
        o6sold,
        [{ lineId: 'L1', qty: 1, amount: 1500 }],
        [{ method: 'cash', amount: 1500 }],
        'c-2',
        at(11, 30),
      ),
      deviceId: 'tab-0002',
    }),
  );
  const o7 = order([line({ unitPrice: 99_900 })], [wechat(99_900)], {
    id: 'o7',
    businessDay: '2026-11-23',
    createdAt: at(12) + 86_400_000,
  });

  const opened: ShiftOpenedOnDevice[] = [
    { shiftId: 's0', staffId: 'c-1', deviceId: 'tab-0001', float: 5000, at: at(20) - 86_400_000 },
    { shiftId: 's1', staffId: 'c-1', deviceId: 'tab-0001', float: 20000, at: at(9) },
    { shiftId: 's2', staffId: 'c-2', deviceId: 'tab-0002', float: 10000, at: at(11) },
  ];
  const closed: ShiftClosed[] = [
    {
      shiftId: 's1',
      staffId: 'c-1',
      counted: [],
      countedTotal: 22050,
      expected: 22000,
      note: '',
      at: at(3, 0, true),
    },
  ];
  const orders = [o1, o2, o3, o4, o5, o6, o7];
  const report = buildZReport({
    businessDay: day,
    orders,
    shifts: { opened, movements: [], closed },
    settings: chinaSettings,
  });

  it('totals sales, discounts and rounding of paid orders only', () => {
    expect(report.sales).toEqual({
      orderCount: 3,
      gross: 6550,
      discounts: 500,
      rounding: -50,
      total: 6000,
    });
    expect(report.discounts).toMatchObject({ line: 300, order: 200, total: 500 });
    expect(report.discounts.list).toEqual([
      {
        orderId: 'o1',
        orderNo: 'T1-1122-0001',
        cashierId: 'c-1',
        lineDiscount: 300,
        orderDiscount: 0,
        approvedBy: ['mgr-1'],
      },
      {
        orderId: 'o2',
        orderNo: 'T1-1122-0002',
        cashierId: 'c-2',
        lineDiscount: 0,
        orderDiscount: 200,
        approvedBy: [],
      },
    ]);
    expect(report.netSales).toBe(3000);
  });

  it("counts today's refunds, including one of yesterday's order, and lists them in time order", () => {
    expect(report.refunds.count).toBe(2);
    expect(report.refunds.total).toBe(3000);
    expect(report.refunds.list.map((r) => [r.orderId, r.amount, r.staffId])).toEqual([
      ['o6', 1500, 'c-2'],
      ['o3', 1500, 'c-1'],
    ]);
  });

  it('lists voids and open orders apart from sales', () => {
    expect(report.voids).toEqual({
      count: 1,
      total: 800,
      list: [{ ...voidRecord, orderId: 'o4', orderNo: 'T2-1122-0001', total: 800 }],
    });
    expect(report.openOrders).toEqual({
      count: 1,
      total: 1500,
      list: [{ orderId: 'o5', orderNo: 'K1-1122-0001', total: 1500, createdAt: at(13) }],
    });
  });

  it('breaks down by tender, category, product and cashier', () => {
    expect(
      report.byTender.map((r) => [r.method, r.count, r.sales, r.refundCount, r.refunds, r.net]),
    ).toEqual([
      ['cash', 1, 2000, 1, 1500, 500],
      ['wechat', 2, 3000, 1, 1500, 1500],
      ['stored_value', 1, 1000, 0, 0, 1000],
    ]);
    expect(report.byCategory.map((r) => [r.categoryId, r.sales, r.refunds, r.net])).toEqual([
      ['coffee', 4200, 3000, 1200],
      ['tea', 1000, 0, 1000],
      ['bakery', 800, 0, 800],
    ]);
    expect(report.byProduct.map((r) => [r.skuId, r.qty, r.refundedQty, r.net])).toEqual([
      ['sku-1', 3, 2, 1200],
      ['sku-2', 1, 0, 1000],
      ['sku-3', 1, 0, 800],
    ]);
    expect(
      report.byCashier.map((r) => [
        r.cashierId,
        r.orderCount,
        r.sales,
        r.refundCount,
        r.refunds,
        r.net,
      ]),
    ).toEqual([
      ['c-1', 2, 5000, 1, 1500, 3500],
      ['c-2', 1, 1000, 1, 1500, -500],
    ]);
  });

  it('breaks down by local hour in business-day order, after-midnight hours last', () => {
    expect(
      report.byHour.map((r) => [r.hour, r.orderCount, r.sales, r.refundCount, r.refunds]),
    ).toEqual([
      [10, 1, 3500, 0, 0],
      [11, 0, 0, 1, 1500],
      [14, 1, 1000, 0, 0],
      [1, 1, 1500, 0, 0],
      [2, 0, 0, 1, 1500],
    ]);
  });

  it("reports the day's shifts, cash expected against counted", () => {
    expect(
      report.shifts.map((s) => [
        s.shiftId,
        s.cashSales,
        s.cashRefunds,
        s.cashVoids,
        s.expected,
        s.counted,
        s.variance,
      ]),
    ).toEqual([
      ['s1', 2000, 0, 0, 22000, 22050, 50],
      // o4 was paid into s2's drawer, then voided from it: 10000 + 800 - 1500 - 800.
      ['s2', 800, 1500, 800, 8500, null, null],
    ]);
    expect(report.cash).toEqual({
      expected: 30500,
      counted: 22050,
      variance: 50,
      cashTopUps: 0,
      cashVoids: 800,
      openShiftIds: ['s2'],
      unapprovedShiftIds: [],
      varianceApprovalFen: 1000,
    });
    expect(report.shifts[0]).toMatchObject(summarizeShift(opened[1], [], orders, closed[0]));
    expect(report.shifts[1]).toMatchObject(summarizeShift(opened[2], [], orders));
  });
});

describe('an order voided the day after it was sold', () => {
  // Shift A on the 22nd (float ¥100) sells ¥50 in cash and counts ¥150; on the 23rd, in shift B
  // on the same till, the order is voided and ¥50 goes back out of B's drawer.
  const sold = order([line({ unitPrice: 5000 })], [cashTender(5000, 5000)], {
    id: 'o1',
    createdAt: at(12),
  });
  const record = {
    staffId: 'c-1',
    approvedBy: 'mgr-1',
    reason: 'customer came back',
    at: at(12) + 86_400_000,
    deviceId: 'tab-0001',
  };
  const voided = ok(voidOrder(sold, record));
  const opened: ShiftOpenedOnDevice[] = [
    { shiftId: 'A', staffId: 'c-1', deviceId: 'tab-0001', float: 10000, at: at(11) },
    {
      shiftId: 'B',
      staffId: 'c-1',
      deviceId: 'tab-0001',
      float: 10000,
      at: at(11) + 86_400_000,
    },
  ];
  const closed: ShiftClosed[] = [
    {
      shiftId: 'A',
      staffId: 'c-1',
      counted: [],
      countedTotal: 15000,
      expected: 15000,
      note: '',
      at: at(18),
    },
    {
      shiftId: 'B',
      staffId: 'c-1',
      counted: [],
      countedTotal: 5000,
      expected: 5000,
      note: '',
      at: at(18) + 86_400_000,
    },
  ];
  const reportOf = (businessDay: string) =>
    buildZReport({
      businessDay,
      orders: [voided],
      shifts: { opened, movements: [], closed },
      settings: chinaSettings,
    });

  it("leaves the sale's shift as it was counted; the void is listed on the sale's day", () => {
    const z = reportOf(day);
    expect(z.shifts).toEqual([
      expect.objectContaining({ shiftId: 'A', cashSales: 5000, cashVoids: 0, variance: 0 }),
    ]);
    expect(z.sales.total).toBe(0);
    expect(z.voids.list).toEqual([
      { ...record, orderId: 'o1', orderNo: sold.orderNo, total: 5000 },
    ]);
  });

  it("takes the cash handed back out of the void's shift: expected is what its drawer holds", () => {
    const z = reportOf('2026-11-23');
    expect(z.shifts).toEqual([
      expect.objectContaining({
        shiftId: 'B',
        cashSales: 0,
        cashVoids: 5000,
        expected: 5000,
        variance: 0,
      }),
    ]);
    expect(z.cash).toMatchObject({ expected: 5000, cashVoids: 5000, variance: 0 });
  });
});

describe('a shift running past the business day’s start', () => {
  // Opened 22:00 on the 22nd with ¥100; ¥30 at 23:00, ¥20 at 04:30 (the 23rd's business day) and
  // a ¥10 cash top-up at 04:40; closed at 05:00 with ¥160 counted.
  const evening = order([line({ unitPrice: 3000 })], [cashTender(3000, 3000)], {
    id: 'evening',
    createdAt: at(23),
  });
  const morning = order([line({ unitPrice: 2000 })], [cashTender(2000, 2000)], {
    id: 'morning',
    businessDay: '2026-11-23',
    createdAt: at(4, 30, true),
  });
  const topUp = {
    method: 'cash' as const,
    deviceId: 'tab-0001',
    staffId: 'c-1',
    amount: 1000,
    at: at(4, 40, true),
  };
  const shifts = {
    opened: [{ shiftId: 'S', staffId: 'c-1', deviceId: 'tab-0001', float: 10000, at: at(22) }],
    movements: [],
    closed: [
      {
        shiftId: 'S',
        staffId: 'c-1',
        counted: [],
        countedTotal: 16000,
        expected: 16000,
        note: '',
        at: at(5, 0, true),
      },
    ],
  };
  const report = buildZReport({
    businessDay: day,
    orders: [evening],
    shifts,
    storedValueTopUps: [],
    drawer: { orders: [evening, morning], topUps: [topUp] },
    settings: chinaSettings,
  });

  it('tallies its drawer from everything it took, whatever the business day', () => {
    expect(report.shifts).toEqual([
      expect.objectContaining({
        shiftId: 'S',
        cashSales: 5000,
        cashTopUps: 1000,
        expected: 16000,
        variance: 0,
      }),
    ]);
    expect(report.cash).toMatchObject({ expected: 16000, variance: 0, cashTopUps: 1000 });
  });

  it("keeps the day's figures to the day's orders", () => {
    expect(report.sales.total).toBe(3000);
    expect(report.byTender[0]).toMatchObject({ method: 'cash', sales: 3000 });
  });

  it('without a drawer feed, tallies the drawer from the orders and top-ups given (a device’s history)', () => {
    const fromHistory = buildZReport({
      businessDay: day,
      orders: [evening, morning],
      shifts,
      storedValueTopUps: [topUp],
      settings: chinaSettings,
    });
    expect(fromHistory.shifts[0]).toMatchObject({ cashSales: 5000, variance: 0 });
    expect(fromHistory.sales.total).toBe(3000);
  });
});

describe("a device's report", () => {
  // The kiosk sends a ¥35 order to the counter; T1's cashier takes ¥35 in cash for it in a shift
  // with ¥100 of float. The kiosk sends another that nobody has paid yet. T2 refunds ¥10 of a T1
  // sale.
  const kiosk = { id: 'kio-0001', code: 'K1' };
  const sent = order([line({ unitPrice: 3500 })], [], {
    id: 'k1',
    orderNo: 'K1-1122-0001',
    source: 'kiosk',
    cashierId: null,
    device: kiosk,
    createdAt: at(12),
  });
  const takenAtT1 = ok(
    payOrder(sent, {
      cashierId: 'c-1',
      tenders: [cashTender(3500, 5000)],
      paidAt: at(12, 1),
      deviceId: 'tab-0001',
    }),
  );
  const waiting = { ...sent, id: 'k2', orderNo: 'K1-1122-0002' };
  const soldAtT1 = order([line({ unitPrice: 1000 })], [cashTender(1000, 1000)], {
    id: 't1',
    createdAt: at(13),
  });
  const refundedAtT2 = ok(
    applyRefund(soldAtT1, {
      ...refundOf(
        soldAtT1,
        [{ lineId: 'L1', qty: 1, amount: 1000 }],
        [{ method: 'cash', amount: 1000 }],
        'c-2',
        at(14),
      ),
      deviceId: 'tab-0002',
    }),
  );
  const input = {
    businessDay: day,
    orders: [takenAtT1, waiting, refundedAtT2],
    shifts: {
      opened: [
        { shiftId: 's1', staffId: 'c-1', deviceId: 'tab-0001', float: 10000, at: at(9) },
        { shiftId: 's2', staffId: 'c-2', deviceId: 'tab-0002', float: 10000, at: at(9) },
      ],
      movements: [],
      closed: [],
    },
    settings: chinaSettings,
  };
  const of = (deviceId: string) => buildZReport({ ...input, scope: { deviceId } });

  it('holds the payments it took, a kiosk order’s at its counter too, and the refunds it gave', () => {
    const t1 = of('tab-0001');
    expect(t1.sales).toMatchObject({ orderCount: 2, total: 4500 });
    expect(t1.byTender[0]).toMatchObject({ method: 'cash', sales: 4500, refunds: 0 });
    expect(t1.refunds.count).toBe(0);
    expect(t1.shifts).toEqual([
      expect.objectContaining({ shiftId: 's1', cashSales: 4500, expected: 14500 }),
    ]);
    expect(t1.cash.expected).toBe(14500);
    const t2 = of('tab-0002');
    expect(t2.sales.orderCount).toBe(0);
    expect(t2.refunds.total).toBe(1000);
    expect(t2.cash.expected).toBe(9000);
  });

  it('leaves the kiosk the orders still waiting at the counter', () => {
    const k1 = of(kiosk.id);
    expect(k1.sales.orderCount).toBe(0);
    expect(k1.openOrders.list.map((o) => o.orderId)).toEqual(['k2']);
  });

  it("breaks the store's sales down by the device that took them", () => {
    const store = buildZReport(input);
    expect(store.byDevice.map((r) => [r.deviceId, r.orderCount, r.sales, r.refunds])).toEqual([
      ['tab-0001', 2, 4500, 0],
      ['tab-0002', 0, 0, 1000],
    ]);
  });
});

describe('properties', () => {
  const sum = (rows: ReadonlyArray<{ sales: number; refunds: number; net: number }>) => ({
    sales: rows.reduce((s, r) => s + r.sales, 0),
    refunds: rows.reduce((s, r) => s + r.refunds, 0),
    net: rows.reduce((s, r) => s + r.net, 0),
  });

  it('every breakdown adds up to the totals, and the totals to the orders', () => {
    fc.assert(
      fc.property(fc.array(orderInAnyStateArbitrary, { maxLength: 25 }), (orders) => {
        const report: ZReport = buildZReport({
          businessDay: day,
          orders,
          shifts: { opened: [], movements: [], closed: [] },
          settings: chinaSettings,
        });
        const sold = orders.filter((o) =>
          ['paid', 'partially_refunded', 'refunded'].includes(o.status),
        );
        const refundsToday = orders.flatMap((o) => o.refunds).filter((r) => r.businessDay === day);
        const expected = {
          sales: sold.reduce((s, o) => s + o.total, 0),
          refunds: refundsToday.reduce((s, r) => s + r.lines.reduce((t, l) => t + l.amount, 0), 0),
        };
        const totals = { ...expected, net: expected.sales - expected.refunds };
        expect(report.sales.total).toBe(expected.sales);
        expect(report.refunds.total).toBe(expected.refunds);
        expect(report.netSales).toBe(totals.net);
        for (const breakdown of [
          report.byTender,
          report.byCategory,
          report.byProduct,
          report.byCashier,
          report.byHour,
        ])
          expect(sum(breakdown)).toEqual(totals);
        expect(report.byCashier.reduce((s, r) => s + r.orderCount, 0)).toBe(sold.length);
        expect(report.byHour.reduce((s, r) => s + r.orderCount, 0)).toBe(sold.length);
        expect(report.sales.gross - report.sales.discounts + report.sales.rounding).toBe(
          report.sales.total,
        );
        expect(report.refunds.count).toBe(refundsToday.length);
        expect(report.voids.count).toBe(orders.filter((o) => o.status === 'voided').length);
        expect(report.openOrders.count).toBe(orders.filter((o) => o.status === 'open').length);
        expect(report.byHour.map((r) => r.hour)).toEqual([
          ...new Set(report.byHour.map((r) => r.hour)),
        ]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('properties of the parts', () => {
  const dayStart = Date.UTC(2026, 10, 21, 20, 0);
  // Each cashier works a till, c-1 and c-3 the same one with shifts overlapping (the till never
  // opens two at once, but the data may say so); the manager has no shift and refunds from T2's drawer.
  const drawerOf: Record<string, string> = {
    'c-1': 'tab-0001',
    'c-2': 'tab-0002',
    'c-3': 'tab-0001',
    'mgr-1': 'tab-0002',
  };
  const cashiers = ['c-1', 'c-2', 'c-3'];
  /**
   * The generated orders spread over two tills: a register sale, a refund and a void on the drawer
   * of whoever made it.
   */
  const onTheirDrawers = (orders: Order[]): Order[] =>
    orders.map((o) => ({
      ...o,
      deviceId: o.source === 'kiosk' || o.cashierId === null ? o.deviceId : drawerOf[o.cashierId],
      refunds: o.refunds.map((r) => ({ ...r, deviceId: drawerOf[r.staffId] })),
      void: o.void && { ...o.void, deviceId: drawerOf[o.void.staffId] },
      // A kiosk order paid at the counter: on the register of the cashier who took it.
      ...(o.source === 'kiosk' && o.cashierId !== null
        ? { paidDeviceId: drawerOf[o.cashierId] }
        : {}),
    }));
  const shiftsArbitrary = fc.record({
    floats: fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 3, maxLength: 3 }),
    counted: fc.array(fc.option(fc.integer({ min: 0, max: 500_000 })), {
      minLength: 3,
      maxLength: 3,
    }),
    movements: fc.array(
      fc.record({
        shift: fc.integer({ min: 0, max: 2 }),
        direction: fc.constantFrom('in' as const, 'out' as const),
        amount: fc.integer({ min: 1, max: 20_000 }),
      }),
      { maxLength: 6 },
    ),
    topUps: fc.array(
      fc.record({
        staffId: fc.constantFrom(...Object.keys(drawerOf)),
        method: fc.constantFrom('cash' as const, 'wechat' as const),
        amount: fc.integer({ min: 100, max: 50_000 }),
        minute: fc.integer({ min: 0, max: 1439 }),
      }),
      { maxLength: 6 },
    ),
  });

  it("the cash the drawers should hold is the floats, the day's cash in and out (sales, refunds, voids, moves) and the cash top-ups", () => {
    fc.assert(
      fc.property(
        fc.array(orderInAnyStateArbitrary, { maxLength: 20 }),
        shiftsArbitrary,
        (generated, { floats, counted, movements, topUps }) => {
          const orders = onTheirDrawers(generated);
          // Shifts from the day's start until long after its refunds (two days on).
          const opened: ShiftOpenedOnDevice[] = cashiers.map((staffId, i) => ({
            shiftId: `s${i}`,
            staffId,
            deviceId: drawerOf[staffId],
            float: floats[i],
            at: dayStart,
          }));
          const closed: ShiftClosed[] = cashiers.flatMap((staffId, i) => {
            const total = counted[i];
            return total === null
              ? []
              : [
                  {
                    shiftId: `s${i}`,
                    staffId,
                    counted: [],
                    countedTotal: total,
                    expected: 0,
                    note: '',
                    approvedBy: 'mgr-1',
                    at: dayStart + 3 * 86_400_000,
                  },
                ];
          });
          const cashMovements = movements.map((m, i) => ({
            shiftId: `s${m.shift}`,
            staffId: cashiers[m.shift],
            direction: m.direction,
            amount: m.amount,
            reason: `m${i}`,
            at: dayStart + i,
          }));
          const drawerTopUps = topUps.map((t) => ({
            method: t.method,
            deviceId: drawerOf[t.staffId],
            staffId: t.staffId,
            amount: t.amount,
            at: dayStart + t.minute * 60_000,
          }));
          const report = buildZReport({
            businessDay: day,
            orders,
            shifts: { opened, movements: cashMovements, closed },
            storedValueTopUps: drawerTopUps,
            settings: chinaSettings,
          });

          // Every fen moved through a till with a shift open counts once, whoever moved it.
          const drawers = new Set(Object.values(drawerOf));
          const hasShift = (deviceId: string | null) => deviceId !== null && drawers.has(deviceId);
          const paidIntoShift = (o: Order) =>
            o.source === 'kiosk' && o.paidDeviceId === undefined
              ? o.cashierId !== null && cashiers.includes(o.cashierId)
              : hasShift(tenderDeviceOf(o));
          const cashOf = (tenders: ReadonlyArray<{ method: string; amount: number }>) =>
            tenders.filter((t) => t.method === 'cash').reduce((s, t) => s + t.amount, 0);
          // A voided order's cash went in when it was paid and out when it was voided.
          const paid = orders.filter((o) => o.status !== 'open' && o.paidAt !== null);
          const cashSales = paid.filter(paidIntoShift).reduce((s, o) => s + cashOf(o.tenders), 0);
          const cashVoids = paid
            .filter((o) => o.void !== null && hasShift(o.void.deviceId ?? tenderDeviceOf(o)))
            .reduce((s, o) => s + cashOf(o.tenders), 0);
          const cashRefunds = orders
            .flatMap((o) => o.refunds)
            .filter((r) => hasShift(r.deviceId))
            .reduce((s, r) => s + cashOf(r.tenders), 0);
          const signed = (m: { direction: 'in' | 'out'; amount: number }) =>
            m.direction === 'in' ? m.amount : -m.amount;
          const cashTopUps = topUps
            .filter((t) => t.method === 'cash' && hasShift(drawerOf[t.staffId]))
            .reduce((s, t) => s + t.amount, 0);
          const floatTotal = floats.reduce((s, f) => s + f, 0);
          const moved = movements.reduce((s, m) => s + signed(m), 0);

          const rows = report.shifts;
          expect(rows.reduce((s, r) => s + r.cashSales, 0)).toBe(cashSales);
          expect(rows.reduce((s, r) => s + r.cashRefunds, 0)).toBe(cashRefunds);
          expect(report.cash.cashVoids).toBe(cashVoids);
          expect(report.cash.cashTopUps).toBe(cashTopUps);
          expect(report.cash.expected).toBe(
            floatTotal + cashSales - cashRefunds - cashVoids + moved + cashTopUps,
          );
          for (const row of rows) {
            expect(row.expected).toBe(expectedCash(row));
            expect(row.variance).toBe(row.counted === null ? null : row.counted - row.expected);
          }
          const closedRows = rows.filter((r) => r.counted !== null);
          expect(report.cash.counted).toBe(closedRows.reduce((s, r) => s + (r.counted ?? 0), 0));
          expect(report.cash.variance).toBe(closedRows.reduce((s, r) => s + (r.variance ?? 0), 0));
          expect(report.cash.openShiftIds).toEqual(
            rows.filter((r) => r.counted === null).map((r) => r.shiftId),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the store's report is the sum of its devices' reports, and of its breakdown by device", () => {
    fc.assert(
      fc.property(fc.array(orderInAnyStateArbitrary, { maxLength: 20 }), (generated) => {
        const orders = onTheirDrawers(generated);
        const input = {
          businessDay: day,
          orders,
          shifts: { opened: [], movements: [], closed: [] },
          settings: chinaSettings,
        };
        const store = buildZReport(input);
        const devices = [
          ...new Set([...orders.map((o) => o.deviceId), ...Object.values(drawerOf)]),
        ];
        const scoped = devices.map((deviceId) => buildZReport({ ...input, scope: { deviceId } }));
        const total = (pick: (z: ZReport) => number) => scoped.reduce((s, z) => s + pick(z), 0);
        expect(total((z) => z.sales.total)).toBe(store.sales.total);
        expect(total((z) => z.sales.orderCount)).toBe(store.sales.orderCount);
        expect(total((z) => z.refunds.total)).toBe(store.refunds.total);
        expect(total((z) => z.refunds.count)).toBe(store.refunds.count);
        expect(total((z) => z.voids.total)).toBe(store.voids.total);
        expect(total((z) => z.openOrders.count)).toBe(store.openOrders.count);
        expect(total((z) => z.discounts.total)).toBe(store.discounts.total);
        for (const [i, deviceId] of devices.entries()) {
          const row = store.byDevice.find((r) => r.deviceId === deviceId);
          const z = scoped[i];
          expect(row?.net ?? 0).toBe(z.netSales);
          expect(row?.orderCount ?? 0).toBe(z.sales.orderCount);
        }
      }),
      { numRuns: 150 },
    );
  });
});
