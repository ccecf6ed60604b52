// The receipt tests' order: Chinese names (one long enough to wrap), a member price, a price
// override, goods by weight, line and order discounts, 抹零, and a split payment with change.
import { allocateFen, type Order, type OrderLine, type ReceiptContext } from '@pos/shared';
import { cashTender } from '../../shared/tenders';
import { line, order, wechat } from '../shared/fixtures';

function named(base: OrderLine, changes: Partial<OrderLine>): OrderLine {
  const next = { ...base, ...changes };
  return {
    ...next,
    total: next.amount - next.lineDiscount - next.orderDiscountShare + next.roundingShare,
  };
}

/** The order discount (3.00) spread by what each line owes, 抹零 (-0.01) on the first line. */
export function receiptFixtureOrder(): Order {
  const latte = named(line({ lineId: 'L1', skuId: 'latte', qty: 2, unitPrice: 1800 }), {
    name: '拿铁',
    listUnitPrice: 2000,
    memberPriceApplied: true,
  });
  // 735 g at 12.80/kg: 9.408 rounded half-up to 9.41.
  const apples = named(line({ lineId: 'L2', skuId: 'apple', qty: 735, unitPrice: 1280 }), {
    name: '有机红富士苹果（山东烟台·精选大果）',
    soldBy: 'weight',
    amount: 941,
  });
  const water = named(line({ lineId: 'L3', skuId: 'water', qty: 3, unitPrice: 200 }), {
    name: '农夫山泉 550ml',
    lineDiscount: 100,
  });
  const croissant = named(line({ lineId: 'L4', skuId: 'croissant', qty: 1, unitPrice: 1000 }), {
    name: '牛角包',
    listUnitPrice: 1200,
    priceOverridden: true,
  });
  const lines = [latte, apples, water, croissant];
  const shares = allocateFen(
    300,
    lines.map((l) => l.amount - l.lineDiscount),
  );
  const discounted = lines.map((l, i) =>
    named(l, { orderDiscountShare: shares[i], roundingShare: i === 0 ? -1 : 0 }),
  );
  const total = discounted.reduce((sum, l) => sum + l.total, 0);
  return order(discounted, [wechat(2000, 'wx4200001234'), cashTender(total - 2000, 5000)], {
    id: 'tab-0001:2026-11-22:42',
    orderNo: 'T1-1122-0042',
    memberId: 'm-1',
    // 2026-11-22 14:03:05 in China.
    createdAt: Date.UTC(2026, 10, 22, 6, 3, 5),
  });
}

export const receiptFixtureQr = 'https://pos.example.cn/r?o=tab-0001:2026-11-22:42&s=3q2+7w==';

export const receiptFixtureContext: ReceiptContext = {
  storeName: '街角咖啡便利店',
  storeLines: ['上海市徐汇区漕溪北路 88 号', '电话 021-5555 0188'],
  utcOffsetMinutes: 480,
  cashierName: '王芳',
  member: {
    name: '张三',
    phone: '13812348000',
    pointsEarned: 57,
    pointsBalance: 1234,
    storedValueBalance: 8800,
  },
  qr: { text: receiptFixtureQr, caption: '扫码查看电子小票' },
};
