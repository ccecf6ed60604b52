// The live dashboard's best sellers: ranked by the money they brought in, not by a quantity that
// adds grams to pieces, and each with its unit so the page can say 20 件 or 0.52 kg.
import { applyRefund } from '@pos/shared';
import type { OrderLine } from '../../shared/order';
import { buildZReport } from '../../shared/report/z-report';
import { liveSummary } from '../../shared/report/live-summary';
import { cashTender } from '../../shared/tenders';
import { chinaSettings, day, line, noon, ok, order, refundOf } from './fixtures';

/** 520 g of apples at ¥12.80/kg: 665.6 fen, ¥6.66. */
const apples: OrderLine = {
  ...line({ lineId: 'L1', skuId: 'apple', categoryId: 'fruit', soldBy: 'weight', qty: 520 }),
  listUnitPrice: 1280,
  unitPrice: 1280,
  amount: 666,
  total: 666,
};

function summaryOf(orders: Parameters<typeof buildZReport>[0]['orders']) {
  const z = buildZReport({
    businessDay: day,
    orders,
    shifts: { opened: [], movements: [], closed: [] },
    settings: chinaSettings,
  });
  return liveSummary(z, chinaSettings);
}

describe('best sellers', () => {
  const appleSale = order([apples], [cashTender(666, 1000)], {
    id: 'o-apples',
    orderNo: 'T1-1122-0001',
    createdAt: noon,
  });
  const coffees = order(
    [line({ lineId: 'L1', skuId: 'coffee', qty: 20, unitPrice: 1500 })],
    [cashTender(30000, 30000)],
    { id: 'o-coffee', orderNo: 'T1-1122-0002', createdAt: noon + 60_000 },
  );

  it('ranks by net sales: 20 coffees (¥300) above one 520 g apple sale (¥6.66)', () => {
    const { topProducts } = summaryOf([appleSale, coffees]);
    expect(topProducts.map((p) => p.skuId)).toEqual(['coffee', 'apple']);
  });

  it('carries the unit: pieces for coffee, grams of goods sold by weight for apples', () => {
    const { topProducts } = summaryOf([appleSale, coffees]);
    expect(topProducts).toEqual([
      { skuId: 'coffee', name: 'Item coffee', soldBy: 'piece', qty: 20, net: 30000 },
      { skuId: 'apple', name: 'Item apple', soldBy: 'weight', qty: 520, net: 666 },
    ]);
  });

  it('counts what was sold less what came back, as its net does, and leaves out what all came back', () => {
    const refunded = ok(
      applyRefund(
        coffees,
        refundOf(
          coffees,
          [{ lineId: 'L1', qty: 15, amount: 22500 }],
          [{ method: 'cash', amount: 22500 }],
          'c-1',
          noon + 120_000,
        ),
      ),
    );
    const appleBack = ok(
      applyRefund(
        appleSale,
        refundOf(
          appleSale,
          [{ lineId: 'L1', qty: 520, amount: 666 }],
          [{ method: 'cash', amount: 666 }],
          'c-1',
          noon + 180_000,
        ),
      ),
    );
    const { topProducts } = summaryOf([appleBack, refunded]);
    expect(topProducts).toEqual([
      { skuId: 'coffee', name: 'Item coffee', soldBy: 'piece', qty: 5, net: 7500 },
    ]);
  });

  it('keeps to the number asked for', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      order(
        [line({ lineId: 'L1', skuId: `sku-${String(i).padStart(2, '0')}`, unitPrice: 100 + i })],
        [cashTender(100 + i, 100 + i)],
        { id: `o-${i}`, orderNo: `T1-1122-${String(i + 10).padStart(4, '0')}` },
      ),
    );
    const { topProducts } = summaryOf(many);
    expect(topProducts).toHaveLength(10);
    expect(topProducts[0]).toMatchObject({ skuId: 'sku-11', net: 111 });
    expect(topProducts[9]).toMatchObject({ skuId: 'sku-02', net: 102 });
  });
});
