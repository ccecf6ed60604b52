// A drawer's cash over a shift: the count, what should be there, and which orders, refunds, voids
// and cash top-ups of stored value belong to it.
import { applyRefund, payOrder, voidOrder } from '@pos/shared';
import type { Order, Refund, VoidRecord } from '../../shared/order';
import {
  countedTotal,
  drawerTopUpOf,
  expectedCash,
  type CashMovement,
  type DrawerTopUp,
  type ShiftClosed,
} from '../../shared/shift';
import {
  shiftCashBook,
  summarizeShift,
  type ShiftOpenedOnDevice,
} from '../../shared/shift-cash-book';
import { cashTender } from '../../shared/tenders';
import { line, noon, ok, order, wechat } from './fixtures';

const HOUR = 3_600_000;

describe('countedTotal', () => {
  it.each([
    [[], 0],
    [
      [
        { denomination: 10000, count: 2 },
        { denomination: 500, count: 3 },
        { denomination: 10, count: 7 },
      ],
      21570,
    ],
    [[{ denomination: 100, count: 0 }], 0],
  ])('%j counts to %d fen', (count, total) => {
    expect(countedTotal(count)).toBe(total);
  });
});

describe('expectedCash', () => {
  it.each([
    [
      {
        float: 20000,
        cashSales: 35000,
        cashRefunds: 1500,
        cashVoids: 0,
        cashIn: 5000,
        cashOut: 10000,
        cashTopUps: 0,
      },
      48500,
    ],
    [
      {
        float: 0,
        cashSales: 0,
        cashRefunds: 0,
        cashVoids: 0,
        cashIn: 0,
        cashOut: 0,
        cashTopUps: 0,
      },
      0,
    ],
    [
      {
        float: 0,
        cashSales: 0,
        cashRefunds: 500,
        cashVoids: 0,
        cashIn: 0,
        cashOut: 0,
        cashTopUps: 0,
      },
      -500,
    ],
    // 200 + 350 - 15 + 50 - 100 + 300 (a member's cash top-up) = 785 yuan.
    [
      {
        float: 20000,
        cashSales: 35000,
        cashRefunds: 1500,
        cashVoids: 0,
        cashIn: 5000,
        cashOut: 10000,
        cashTopUps: 30000,
      },
      78500,
    ],
    [
      {
        float: 0,
        cashSales: 0,
        cashRefunds: 0,
        cashVoids: 0,
        cashIn: 0,
        cashOut: 0,
        cashTopUps: 2000,
      },
      2000,
    ],
    // 100 + 50 sold - 50 handed back for its void = 100 yuan.
    [
      {
        float: 10000,
        cashSales: 5000,
        cashRefunds: 0,
        cashVoids: 5000,
        cashIn: 0,
        cashOut: 0,
        cashTopUps: 0,
      },
      10000,
    ],
  ])('%j -> %d', (flows, expected) => {
    expect(expectedCash(flows)).toBe(expected);
  });
});

/** A cash refund of `amount` of an order's first line, by c-1 at tab-0001. */
const refundOf = (target: Order, amount: number, at: number): Refund => ({
  id: `r-${target.id}`,
  orderId: target.id,
  deviceId: 'tab-0001',
  staffId: 'c-1',
  approvedBy: 'mgr-1',
  reason: '',
  createdAt: at,
  businessDay: '2026-11-22',
  lines: [{ lineId: 'L1', qty: 1, amount }],
  tenders: [{ method: 'cash', amount }],
  restock: false,
});

describe('summarizeShift', () => {
  const opened: ShiftOpenedOnDevice = {
    shiftId: 's1',
    staffId: 'c-1',
    deviceId: 'tab-0001',
    float: 20000,
    at: noon - HOUR,
  };
  const closed: ShiftClosed = {
    shiftId: 's1',
    staffId: 'c-1',
    counted: [
      { denomination: 10000, count: 2 },
      { denomination: 5000, count: 1 },
      { denomination: 500, count: 2 },
    ],
    countedTotal: 26000,
    expected: 26100,
    note: '',
    at: noon + 4 * HOUR,
  };
  let seq = 0;
  const sale = (
    cash: number,
    overrides: Partial<Parameters<typeof order>[2]> = {},
    other: number = 0,
  ): Order =>
    order(
      [line({ unitPrice: cash + other })],
      other > 0 ? [cashTender(cash, cash + 500), wechat(other)] : [cashTender(cash, cash)],
      {
        id: `o${++seq}`,
        ...overrides,
      },
    );

  const cashAndWechat = sale(3000, {}, 1000);
  const kioskOpen = order([line({ unitPrice: 1500 })], [], {
    id: 'kiosk',
    source: 'kiosk',
    cashierId: null,
    device: { id: 'kiosk-01', code: 'K1' },
  });
  const yesterdays = sale(600, { createdAt: noon - 24 * HOUR, businessDay: '2026-11-21' });
  const orders: Order[] = [
    ok(applyRefund(cashAndWechat, refundOf(cashAndWechat, 1000, noon + 2 * HOUR))), // cash 3000 in, 1000 back out
    order([line({ unitPrice: 900 })], [wechat(900)], { id: 'wechat-only' }), // no cash
    ok(
      payOrder(kioskOpen, {
        cashierId: 'c-1',
        tenders: [cashTender(1500, 2000)],
        paidAt: noon + HOUR,
      }),
    ), // paid at this counter
    sale(800, { device: { id: 'tab-0002', code: 'T2' } }), // another register's drawer
    sale(700, { cashierId: 'c-2' }), // another cashier at this till: the same drawer
    sale(900, { createdAt: noon + 5 * HOUR }), // after the shift closed
    ok(voidOrder(sale(1200), { staffId: 'c-1', approvedBy: 'mgr-1', reason: 'mistake', at: noon })), // taken, then given back
    ok(applyRefund(yesterdays, refundOf(yesterdays, 400, noon + 3 * HOUR))), // sold yesterday, 400 back today
  ];
  const movements: CashMovement[] = [
    {
      shiftId: 's1',
      staffId: 'c-1',
      direction: 'in',
      amount: 5000,
      reason: 'change from bank',
      at: noon,
    },
    {
      shiftId: 's1',
      staffId: 'c-1',
      direction: 'out',
      amount: 2000,
      reason: 'milk delivery',
      at: noon,
    },
    {
      shiftId: 's2',
      staffId: 'c-2',
      direction: 'out',
      amount: 9999,
      reason: 'another drawer',
      at: noon,
    },
  ];

  it('counts the cash of its own drawer and time only, whoever took it', () => {
    expect(summarizeShift(opened, movements, orders, closed)).toEqual({
      shiftId: 's1',
      staffId: 'c-1',
      deviceId: 'tab-0001',
      openedAt: noon - HOUR,
      closedAt: noon + 4 * HOUR,
      float: 20000,
      cashSales: 3000 + 1500 + 700 + 1200,
      cashRefunds: 1000 + 400,
      cashVoids: 1200,
      cashIn: 5000,
      cashOut: 2000,
      cashTopUps: 0,
      // 20000 + 6400 - 1400 - 1200 + 5000 - 2000
      expected: 26800,
      counted: 26000,
      variance: -800,
      note: '',
      approvedBy: null,
    });
  });

  it('counts a kiosk order paid at another register’s counter in that register’s drawer', () => {
    const paidAt = (deviceId: string) =>
      ok(
        payOrder(kioskOpen, {
          cashierId: 'c-1',
          tenders: [cashTender(1500, 1500)],
          paidAt: noon + HOUR,
          deviceId,
        }),
      );
    expect(summarizeShift(opened, [], [paidAt('tab-0001')]).cashSales).toBe(1500);
    expect(summarizeShift(opened, [], [paidAt('tab-0002')]).cashSales).toBe(0);
  });

  it('while open, counts everything since it opened and has no count yet', () => {
    const summary = summarizeShift(opened, movements, orders);
    expect(summary).toMatchObject({
      closedAt: null,
      cashSales: 3000 + 1500 + 700 + 1200 + 900,
      cashVoids: 1200,
      expected: 27700,
      counted: null,
      variance: null,
    });
  });
  describe('cash top-ups of stored value', () => {
    const topUp = (amount: number, overrides: Partial<DrawerTopUp> = {}): DrawerTopUp => ({
      method: 'cash',
      deviceId: 'tab-0001',
      staffId: 'c-1',
      amount,
      at: noon,
      ...overrides,
    });
    const topUps: DrawerTopUp[] = [
      topUp(10000), // counts
      topUp(5000, { method: 'wechat' }), // WeChat Pay: no cash in any drawer
      topUp(3000, { staffId: 'c-2' }), // another cashier at this till: counts
      topUp(700, { deviceId: 'tab-0002' }), // another register's drawer
      topUp(800, { at: noon + 5 * HOUR }), // after the shift closed
      topUp(900, { at: noon - 2 * HOUR }), // before it opened
      topUp(600, { at: noon - HOUR }), // the moment it opened: counts
      topUp(400, { staffId: null }), // no cashier known: still this till's drawer, counts
    ];

    it('adds the cash top-ups taken on its device during it to the expected cash', () => {
      const summary = summarizeShift(opened, movements, orders, closed, topUps);
      expect(summary).toMatchObject({
        cashSales: 6400,
        cashRefunds: 1400,
        cashVoids: 1200,
        cashIn: 5000,
        cashOut: 2000,
        cashTopUps: 10000 + 3000 + 600 + 400,
        // float + cash sales - cash refunds - cash voids + cash in - cash out + cash top-ups:
        // 20000 + 6400 - 1400 - 1200 + 5000 - 2000 + 14000
        expected: 40800,
        counted: 26000,
        variance: 26000 - 40800,
      });
    });

    it('while open, counts the top-ups since it opened, however late', () => {
      const summary = summarizeShift(opened, movements, orders, null, topUps);
      expect(summary.cashTopUps).toBe(10000 + 3000 + 600 + 400 + 800);
      // 20000 + 7300 - 1400 - 1200 + 5000 - 2000 + 14800
      expect(summary.expected).toBe(42500);
    });

    it('a WeChat Pay top-up changes no drawer', () => {
      const without = summarizeShift(opened, movements, orders, closed);
      const withWechat = summarizeShift(opened, movements, orders, closed, [
        topUp(5000, { method: 'wechat' }),
      ]);
      expect(withWechat).toEqual(without);
      expect(without.cashTopUps).toBe(0);
    });

    it('goes to the one of a cashier’s shifts on that device that it fell in', () => {
      const later: ShiftOpenedOnDevice = {
        ...opened,
        shiftId: 's3',
        float: 0,
        at: noon + 6 * HOUR,
      };
      const book = shiftCashBook([opened, later], [], [closed]);
      book.addTopUp(topUp(1000, { at: noon + 3 * HOUR }));
      book.addTopUp(topUp(2500, { at: noon + 7 * HOUR }));
      book.addTopUp(topUp(9999, { at: noon + 5 * HOUR })); // between the two: in no drawer's shift
      expect(book.summaries().map((s) => [s.shiftId, s.cashTopUps, s.expected])).toEqual([
        ['s1', 1000, 21000],
        ['s3', 2500, 2500],
      ]);
    });

    it('reads a top-up operation’s payload with the device it was made on', () => {
      const payload = {
        id: 'tab-0001:topup:9',
        memberId: 'm-1',
        amount: 20000,
        payment: { method: 'cash' as const },
        staffId: 'c-1',
        at: noon,
        businessDay: '2026-11-22',
      };
      expect(drawerTopUpOf(payload, 'tab-0001')).toEqual(topUp(20000));
      expect(
        drawerTopUpOf({ ...payload, payment: { method: 'wechat', reference: 'wx-9' } }, 'tab-0001'),
      ).toEqual(topUp(20000, { method: 'wechat' }));
    });
  });
});

describe('one drawer per till, whoever works it', () => {
  // Cashier A opens the till's shift with ¥200 and signs out without closing it; cashier B signs in
  // on the same till, which cannot open a second shift, and sells ¥15 in cash into the drawer.
  const shiftA: ShiftOpenedOnDevice = {
    shiftId: 'A',
    staffId: 'c-1',
    deviceId: 'tab-0001',
    float: 20000,
    at: noon - HOUR,
  };
  const soldByB = order([line({ unitPrice: 1500 })], [cashTender(1500, 2000)], {
    id: 'by-b',
    cashierId: 'c-2',
    createdAt: noon,
  });
  const countedByA: ShiftClosed = {
    shiftId: 'A',
    staffId: 'c-1',
    counted: [
      { denomination: 10000, count: 2 },
      { denomination: 1000, count: 1 },
      { denomination: 500, count: 1 },
    ],
    countedTotal: 21500,
    expected: 21500,
    note: '',
    at: noon + HOUR,
  };

  it("counts a second cashier's cash sale in the shift open on the till: the close balances", () => {
    expect(summarizeShift(shiftA, [], [soldByB], countedByA)).toMatchObject({
      cashSales: 1500,
      expected: 21500,
      counted: 21500,
      variance: 0,
    });
  });

  it("takes a manager's cash refund out of the shift open on the till where it was given", () => {
    const refunded = ok(
      applyRefund(soldByB, { ...refundOf(soldByB, 1500, noon + HOUR / 2), staffId: 'mgr-1' }),
    );
    expect(summarizeShift(shiftA, [], [refunded], countedByA)).toMatchObject({
      cashSales: 1500,
      cashRefunds: 1500,
      expected: 20000,
      variance: 1500,
    });
  });

  it('counts cash once when one shift closes and the next opens in the same millisecond', () => {
    // B's shift opens the moment A's closes; a sale and a top-up at that moment are in both windows.
    const shiftB: ShiftOpenedOnDevice = {
      ...shiftA,
      shiftId: 'B',
      staffId: 'c-2',
      at: noon + HOUR,
    };
    const closedA = { ...countedByA, at: noon + HOUR };
    const atTheSwap = (cashierId: string, id: string) =>
      order([line({ unitPrice: 700 })], [cashTender(700, 700)], {
        id,
        cashierId,
        createdAt: noon + HOUR,
      });
    const book = shiftCashBook([shiftA, shiftB], [], [closedA]);
    book.addOrder(atTheSwap('c-1', 'by-a')); // A's own: in A's shift
    book.addOrder(atTheSwap('c-2', 'by-b')); // B's own: in B's
    book.addOrder(atTheSwap('c-3', 'by-c')); // neither's: in the one opened last, B's
    book.addTopUp({
      method: 'cash',
      deviceId: 'tab-0001',
      staffId: null,
      amount: 300,
      at: noon + HOUR,
    });
    expect(book.summaries().map((s) => [s.shiftId, s.cashSales, s.cashTopUps])).toEqual([
      ['A', 700, 0],
      ['B', 1400, 300],
    ]);
  });
});

describe('the cash of a voided order', () => {
  const nextDay = noon + 24 * HOUR;
  // Shift A (float ¥100) sells ¥50 in cash and counts ¥150; the next day, in shift B on the same
  // register, the customer comes back and the order is voided: ¥50 goes back out of B's drawer.
  const shiftA: ShiftOpenedOnDevice = {
    shiftId: 'A',
    staffId: 'c-1',
    deviceId: 'tab-0001',
    float: 10000,
    at: noon - HOUR,
  };
  const closedA: ShiftClosed = {
    shiftId: 'A',
    staffId: 'c-1',
    counted: [],
    countedTotal: 15000,
    expected: 15000,
    note: '',
    at: noon + 6 * HOUR,
  };
  const shiftB: ShiftOpenedOnDevice = { ...shiftA, shiftId: 'B', at: nextDay - HOUR };
  const sold = order([line({ unitPrice: 5000 })], [cashTender(5000, 5000)], { id: 'sold' });
  const voided = (target: Order, record: Partial<VoidRecord> = {}): Order =>
    ok(
      voidOrder(target, {
        staffId: 'c-1',
        approvedBy: 'mgr-1',
        reason: 'customer came back',
        at: nextDay,
        deviceId: 'tab-0001',
        ...record,
      }),
    );

  it('stays in the shift that took it: a void the next day changes nothing after its close', () => {
    const atClose = summarizeShift(shiftA, [], [sold], closedA);
    const afterVoid = summarizeShift(shiftA, [], [voided(sold)], closedA);
    expect(atClose).toMatchObject({ cashSales: 5000, cashVoids: 0, expected: 15000, variance: 0 });
    expect(afterVoid).toEqual(atClose);
  });

  it('comes out of the drawer of the shift the void was made in', () => {
    expect(summarizeShift(shiftB, [], [voided(sold)])).toMatchObject({
      cashSales: 0,
      cashVoids: 5000,
      // float - cash handed back: what B's drawer holds.
      expected: 5000,
    });
  });

  it('comes out of the register the void was made at, by whoever made it', () => {
    const onOther: ShiftOpenedOnDevice = { ...shiftB, shiftId: 'B2', deviceId: 'tab-0002' };
    const otherCashier: ShiftOpenedOnDevice = { ...shiftB, shiftId: 'B3', staffId: 'c-2' };
    const book = shiftCashBook([shiftB, onOther, otherCashier], [], []);
    book.addOrder(voided(sold, { deviceId: 'tab-0002' }));
    expect(book.summaries().map((s) => [s.shiftId, s.cashVoids, s.expected])).toEqual([
      ['B', 0, 10000],
      ['B2', 5000, 5000],
      ['B3', 0, 10000],
    ]);
  });

  it('made outside any shift of its cashier comes out of no drawer', () => {
    const late = voided(sold, { at: nextDay - 2 * HOUR });
    expect(summarizeShift(shiftB, [], [late]).cashVoids).toBe(0);
  });

  it('hands back only the cash part; the WeChat part goes back through WeChat Pay', () => {
    const split = order([line({ unitPrice: 5000 })], [cashTender(3000, 3000), wechat(2000)], {
      id: 'split',
    });
    expect(summarizeShift(shiftB, [], [voided(split)])).toMatchObject({
      cashVoids: 3000,
      expected: 7000,
    });
  });

  it('of a kiosk order never paid hands nothing back', () => {
    const open = order([line({ unitPrice: 5000 })], [], {
      id: 'kiosk',
      source: 'kiosk',
      cashierId: null,
      device: { id: 'kiosk-01', code: 'K1' },
    });
    expect(summarizeShift(shiftB, [], [voided(open)])).toMatchObject({
      cashSales: 0,
      cashVoids: 0,
      expected: 10000,
    });
  });

  it('recorded before voids named their device: made at the register that took the payment', () => {
    const { deviceId: _deviceId, ...older } = voided(sold).void as VoidRecord;
    const olderVoid: Order = { ...voided(sold), void: older };
    expect(summarizeShift(shiftB, [], [olderVoid]).cashVoids).toBe(5000);
    expect(summarizeShift(shiftA, [], [olderVoid], closedA).variance).toBe(0);
    // Its cashier also left a shift open on another register: that drawer gave nothing back.
    const leftOpen: ShiftOpenedOnDevice = { ...shiftB, shiftId: 'B2', deviceId: 'tab-0002' };
    const book = shiftCashBook([shiftB, leftOpen], [], []);
    book.addOrder(olderVoid);
    expect(book.summaries().map((s) => [s.shiftId, s.cashVoids])).toEqual([
      ['B', 5000],
      ['B2', 0],
    ]);
  });
});
