// The lines CSV against the Z-report: every line of the day is in the sheet with its order's status
// (voided and still-open ones too), refunds are rows of their own (negative), and the rows of the
// orders that were sales add up to the Z-report's net sales, refunds of other days' orders included.
import { applyRefund, voidOrder } from '@pos/shared';
import type { Order } from '../../shared/order';
import { linesCsv } from '../../shared/report/exports';
import { buildZReport } from '../../shared/report/z-report';
import { cashTender } from '../../shared/tenders';
import { chinaSettings, day, line, noon, ok, order, refundOf, wechat } from './fixtures';

/** The sheet as records keyed by its header (no cell of these fixtures needs quoting). */
function parse(csv: string): Array<Record<string, string>> {
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = csv.slice(1).trimEnd().split('\r\n');
  const names = header.split(',');
  return rows.map((row) => {
    const cells = row.split(',');
    expect(cells).toHaveLength(names.length);
    return Object.fromEntries(names.map((name, i) => [name, cells[i]]));
  });
}

const fen = (cell: string) => Math.round(Number(cell) * 100);
const sum = (rows: Array<Record<string, string>>, column: string) =>
  rows.reduce((s, row) => s + fen(row[column]), 0);
/** What a manager keeps in the sheet to add up the day's sales: the orders that were paid. */
const sold = (row: Record<string, string>) =>
  ['paid', 'partially_refunded', 'refunded'].includes(row.status);

function zOf(orders: Order[]) {
  return buildZReport({
    businessDay: day,
    orders,
    shifts: { opened: [], movements: [], closed: [] },
    settings: chinaSettings,
  });
}

const paid = order(
  [line({ lineId: 'L1', skuId: 'coffee', qty: 2, unitPrice: 1500 })],
  [cashTender(3000, 5000)],
  { id: 'o-paid', orderNo: 'T1-1122-0001', createdAt: noon },
);
const voided = ok(
  voidOrder(
    order([line({ lineId: 'L1', skuId: 'cake', unitPrice: 800 })], [cashTender(800, 800)], {
      id: 'o-void',
      orderNo: 'T1-1122-0002',
      createdAt: noon + 60_000,
    }),
    { staffId: 'c-1', approvedBy: 'mgr-1', reason: 'rang up twice', at: noon + 120_000 },
  ),
);
const open = order([line({ lineId: 'L1', skuId: 'tea', unitPrice: 1500 })], [], {
  id: 'o-open',
  orderNo: 'K1-1122-0001',
  source: 'kiosk',
  cashierId: null,
  createdAt: noon + 180_000,
});
const twoLines = order(
  [
    line({ lineId: 'L1', skuId: 'coffee', qty: 2, unitPrice: 1500, lineDiscount: 300 }),
    line({
      lineId: 'L2',
      skuId: 'tea',
      unitPrice: 1250,
      orderDiscountShare: 200,
      roundingShare: -50,
    }),
  ],
  [wechat(3700)],
  { id: 'o-part', orderNo: 'T1-1122-0003', createdAt: noon + 240_000 },
);
const partlyRefunded = ok(
  applyRefund(
    twoLines,
    refundOf(
      twoLines,
      [{ lineId: 'L1', qty: 1, amount: 1350 }],
      [{ method: 'wechat', amount: 1350 }],
      'c-1',
      noon + 300_000,
    ),
  ),
);

describe('the lines CSV', () => {
  const orders = [paid, voided, open, partlyRefunded];
  const z = zOf(orders);

  it('sums, over the orders that were sales, to the Z-report: paid, voided, open and a partial refund', () => {
    const rows = parse(linesCsv(orders, day));
    expect(z.netSales).toBe(3000 + 3700 - 1350);
    expect(sum(rows.filter(sold), 'total')).toBe(z.netSales);
    // Sales and refunds apart, as the Z-report shows them.
    expect(
      sum(
        rows.filter((r) => sold(r) && r.kind === 'sale'),
        'total',
      ),
    ).toBe(z.sales.total);
    expect(
      sum(
        rows.filter((r) => r.kind === 'refund'),
        'total',
      ),
    ).toBe(-z.refunds.total);
  });

  it('hides nothing: voided and open orders stay, each line saying its order is so', () => {
    const rows = parse(linesCsv(orders, day));
    expect(rows.map((r) => [r.order_no, r.status, r.kind, r.line_id, r.qty, r.total])).toEqual([
      ['T1-1122-0001', 'paid', 'sale', 'L1', '2', '30.00'],
      ['T1-1122-0002', 'voided', 'sale', 'L1', '1', '8.00'],
      ['K1-1122-0001', 'open', 'sale', 'L1', '1', '15.00'],
      ['T1-1122-0003', 'partially_refunded', 'sale', 'L1', '2', '27.00'],
      ['T1-1122-0003', 'partially_refunded', 'sale', 'L2', '1', '10.00'],
      ['T1-1122-0003', 'partially_refunded', 'refund', 'L1', '-1', '-13.50'],
    ]);
    // The voided and open lines are what the Z-report lists apart, as voids and open orders.
    expect(
      sum(
        rows.filter((r) => r.status === 'voided'),
        'total',
      ),
    ).toBe(z.voids.total);
    expect(
      sum(
        rows.filter((r) => r.status === 'open'),
        'total',
      ),
    ).toBe(z.openOrders.total);
  });

  it('gives a refund row its refund id and what it gave back, the sale figures left empty', () => {
    const refund = parse(linesCsv(orders, day)).find((r) => r.kind === 'refund');
    expect(refund).toMatchObject({
      refund_id: partlyRefunded.refunds[0].id,
      sku_id: 'coffee',
      sold_by: 'piece',
      unit_price: '15.00',
      amount: '',
      line_discount: '',
      order_discount_share: '',
      rounding_share: '',
      total: '-13.50',
    });
  });

  it("counts a refund on its own day, as the Z-report does: yesterday's order refunded today in, today's refunded tomorrow out", () => {
    const yesterdays = order(
      [line({ lineId: 'L1', skuId: 'cake', qty: 2, unitPrice: 800 })],
      [cashTender(1600, 1600)],
      {
        id: 'o-old',
        orderNo: 'T1-1121-0009',
        businessDay: '2026-11-21',
        createdAt: noon - 86_400_000,
      },
    );
    const oldRefunded = ok(
      applyRefund(
        yesterdays,
        refundOf(
          yesterdays,
          [{ lineId: 'L1', qty: 2, amount: 1600 }],
          [{ method: 'cash', amount: 1600 }],
          'c-1',
          noon + 360_000,
        ),
      ),
    );
    const tomorrowsRefund = ok(
      applyRefund(
        paid,
        refundOf(
          paid,
          [{ lineId: 'L1', qty: 1, amount: 1500 }],
          [{ method: 'cash', amount: 1500 }],
          'c-1',
          noon + 86_400_000,
          '2026-11-23',
        ),
      ),
    );
    // As the server hands the Z-report its orders: the day's and older ones refunded during it.
    const dayOrders = [tomorrowsRefund, voided, open, partlyRefunded, oldRefunded];
    const zDay = zOf(dayOrders);
    expect(zDay.netSales).toBe(3000 + 3700 - 1350 - 1600);
    const rows = parse(linesCsv(dayOrders, day));
    expect(sum(rows.filter(sold), 'total')).toBe(zDay.netSales);
    expect(rows.filter((r) => r.order_no === 'T1-1121-0009')).toEqual([
      expect.objectContaining({ status: 'refunded', kind: 'refund', qty: '-2', total: '-16.00' }),
    ]);
    expect(rows.filter((r) => r.order_no === 'T1-1122-0001').map((r) => r.kind)).toEqual(['sale']);
  });

  it('without a day, takes each order as of its own day: its refunds of later days left out', () => {
    const later = ok(
      applyRefund(
        paid,
        refundOf(
          paid,
          [{ lineId: 'L1', qty: 1, amount: 1500 }],
          [{ method: 'cash', amount: 1500 }],
          'c-1',
          noon + 86_400_000,
          '2026-11-23',
        ),
      ),
    );
    const dayOrders = [later, voided, open, partlyRefunded];
    const rows = parse(linesCsv(dayOrders));
    expect(sum(rows.filter(sold), 'total')).toBe(zOf(dayOrders).netSales);
  });
});
