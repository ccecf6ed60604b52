// A drawer's cash over a shift: the count, what should be there, and which orders and refunds belong to it.
import { applyRefund, payOrder, voidOrder } from '@pos/shared';
import type { Order, Refund } from '../../shared/order';
import {
  countedTotal,
  expectedCash,
  summarizeShift,
  type CashMovement,
  type ShiftClosed,
  type ShiftOpenedOnDevice,
} from '../../shared/shift';
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
    [{ float: 20000, cashSales: 35000, cashRefunds: 1500, cashIn: 5000, cashOut: 10000 }, 48500],
    [{ float: 0, cashSales: 0, cashRefunds: 0, cashIn: 0, cashOut: 0 }, 0],
    [{ float: 0, cashSales: 0, cashRefunds: 500, cashIn: 0, cashOut: 0 }, -500],
  ])('%j -> %d', (flows, expected) => {
    expect(expectedCash(flows)).toBe(expected);
  });
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
    sale(700, { cashierId: 'c-2' }), // another cashier
    sale(900, { createdAt: noon + 5 * HOUR }), // after the shift closed
    ok(voidOrder(sale(1200), { staffId: 'c-1', approvedBy: 'mgr-1', reason: 'mistake', at: noon })), // money given back
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

  it('counts the cash of its own drawer, cashier and time only', () => {
    expect(summarizeShift(opened, movements, orders, closed)).toEqual({
      shiftId: 's1',
      staffId: 'c-1',
      deviceId: 'tab-0001',
      openedAt: noon - HOUR,
      closedAt: noon + 4 * HOUR,
      float: 20000,
      cashSales: 3000 + 1500,
      cashRefunds: 1000 + 400,
      cashIn: 5000,
      cashOut: 2000,
      // 20000 + 4500 - 1400 + 5000 - 2000
      expected: 26100,
      counted: 26000,
      variance: -100,
      note: '',
      approvedBy: null,
    });
  });

  it('while open, counts everything since it opened and has no count yet', () => {
    const summary = summarizeShift(opened, movements, orders);
    expect(summary).toMatchObject({
      closedAt: null,
      cashSales: 3000 + 1500 + 900,
      expected: 27000,
      counted: null,
      variance: null,
    });
  });
});
