// A refund's split over the tenders on its own (checkRefundTenders): what a cashier may choose for
// an order paid two ways, each refusal naming the tender at fault, and applyRefund agreeing with it.
import { applyRefund, checkRefundTenders, suggestRefund, type Refund } from '@pos/shared';
import { cashTender } from '../../shared/tenders';
import { line, noon, order, refundOf, storedValue, wechat } from './fixtures';

/** ¥30 of coffee and ¥15 of tea, paid ¥25 cash and ¥20 stored value. */
const sale = order(
  [
    line({ lineId: 'L1', qty: 3, unitPrice: 1000 }),
    line({ lineId: 'L2', skuId: 'sku-2', unitPrice: 1500 }),
  ],
  [cashTender(2500, 3000), storedValue(2000)],
);

/** Refunds the tea (line L2, ¥15) back to the given tenders. */
function refund(tenders: Refund['tenders']): Refund {
  return refundOf(sale, [{ lineId: 'L2', qty: 1, amount: 1500 }], tenders, 'c-1', noon + 60_000);
}

test('any split the tenders can give back is accepted, not only the proportional one', () => {
  const suggested = suggestRefund(sale, [{ lineId: 'L2', qty: 1 }]);
  expect(suggested.ok && suggested.value.tenders).toEqual([
    { method: 'cash', amount: 833 },
    { method: 'stored_value', amount: 667 },
  ]);
  for (const tenders of [
    [{ method: 'stored_value' as const, amount: 1500 }],
    [
      { method: 'cash' as const, amount: 1000 },
      { method: 'stored_value' as const, amount: 500 },
    ],
  ]) {
    expect(checkRefundTenders(sale, 1500, tenders)).toEqual({ ok: true, value: tenders });
    expect(applyRefund(sale, refund(tenders)).ok).toBe(true);
  }
});

test.each([
  [
    'more than a tender took',
    [
      { method: 'cash' as const, amount: 0 },
      { method: 'stored_value' as const, amount: 2100 },
    ],
    2100,
    { code: 'tender_exceeds', method: 'stored_value' },
    /refund via stored_value: ¥21.00 is more than the ¥20.00/,
  ],
  [
    'amounts that do not add up to the refund',
    [
      { method: 'cash' as const, amount: 1000 },
      { method: 'stored_value' as const, amount: 400 },
    ],
    1500,
    { code: 'tender_sum_mismatch' },
    /gives back ¥14.00 by tender but ¥15.00 by line/,
  ],
  [
    'a method the order was not paid with',
    [{ method: 'wechat' as const, amount: 1500 }],
    1500,
    { code: 'unknown_tender', method: 'wechat' },
    /was not paid by wechat/,
  ],
  [
    'a fraction of a fen',
    [{ method: 'cash' as const, amount: 10.5 }],
    1500,
    { code: 'amount_invalid', method: 'cash' },
    /whole fen/,
  ],
])('refuses %s, naming the tender', (_, tenders, amount, fault, message) => {
  const checked = checkRefundTenders(sale, amount, tenders);
  expect(checked.ok).toBe(false);
  if (checked.ok) return;
  expect(checked.error).toEqual({ ...fault, message: expect.stringMatching(message) });
});

test('what earlier refunds gave back a way is no longer there to give', () => {
  const first = applyRefund(sale, refund([{ method: 'stored_value', amount: 1500 }]));
  if (!first.ok) throw new Error(first.error.message);
  const checked = checkRefundTenders(first.value, 1000, [{ method: 'stored_value', amount: 1000 }]);
  expect(!checked.ok && checked.error).toMatchObject({
    code: 'tender_exceeds',
    message: expect.stringMatching(/¥10.00 is more than the ¥5.00 it can still give back/),
  });
  const wechatSale = order([line({ unitPrice: 3000 })], [cashTender(1000, 1000), wechat(2000)]);
  expect(
    checkRefundTenders(wechatSale, 3000, [
      { method: 'cash', amount: 1000 },
      { method: 'wechat', amount: 2000 },
    ]).ok,
  ).toBe(true);
});
