// The Orders detail's refund split: offered only when the money can go back more than one way,
// prefilled with the proportional split, typed amounts kept across a refresh, and read back into
// the refund's tenders or refused in the UI's words.
import { applyRefund, suggestRefund, type Order, type SuggestedRefund } from '@pos/shared';
import { cashTender } from '../../../shared/tenders';
import {
  readSplit,
  refundSplit,
  typeSplitAmount,
  type RefundSplit,
} from '../../../miniprogram/view/refund-split';
import { line, noon, order, refundOf, storedValue } from '../../shared/fixtures';

/** ¥30 of coffee and ¥15 of tea, paid ¥25 cash and ¥20 stored value. */
const sale = order(
  [
    line({ lineId: 'L1', qty: 3, unitPrice: 1000 }),
    line({ lineId: 'L2', skuId: 'sku-2', unitPrice: 1500 }),
  ],
  [cashTender(2500, 3000), storedValue(2000)],
);

function suggested(of: Order, lines: Array<{ lineId: string; qty: number }>): SuggestedRefund {
  const result = suggestRefund(of, lines);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function splitOf(of: Order, lines: Array<{ lineId: string; qty: number }>): RefundSplit {
  const split = refundSplit(of, suggested(of, lines));
  if (!split) throw new Error('expected a split to choose');
  return split;
}

test('prefilled with the proportional split, each way with what it can still give back', () => {
  const split = splitOf(sale, [{ lineId: 'L2', qty: 1 }]);
  expect(split.amount).toBe(1500);
  expect(split.rows).toEqual([
    { method: 'cash', name: '现金', leftFen: 2500, left: '可退 ¥25.00', value: '8.33' },
    { method: 'stored_value', name: '储值卡', leftFen: 2000, left: '可退 ¥20.00', value: '6.67' },
  ]);
  expect(split.assigned).toBe('已分配 ¥15.00 / 应退 ¥15.00');
  expect(readSplit(sale, split)).toEqual({
    ok: true,
    value: [
      { method: 'cash', amount: 833 },
      { method: 'stored_value', amount: 667 },
    ],
  });
});

test('a chosen split becomes the tenders; a way left at zero is left out', () => {
  let split = splitOf(sale, [{ lineId: 'L2', qty: 1 }]);
  split = typeSplitAmount(split, 'cash', '0');
  split = typeSplitAmount(split, 'stored_value', '¥15');
  expect(split.assigned).toBe('已分配 ¥15.00 / 应退 ¥15.00');
  expect(readSplit(sale, split)).toEqual({
    ok: true,
    value: [{ method: 'stored_value', amount: 1500 }],
  });
});

test.each([
  ['cash', '8.333', 'amount_invalid', '现金的退款金额“8.333”不对：请输入如 12.50 的金额'],
  ['cash', '', 'amount_invalid', '现金的退款金额“”不对：请输入如 12.50 的金额'],
  ['cash', '5', 'tender_sum_mismatch', '各方式合计 ¥11.67，与应退 ¥15.00 不符：请调整到相等'],
])('refuses %s typed as "%s" (%s) in words', (method, value, code, message) => {
  const split = typeSplitAmount(splitOf(sale, [{ lineId: 'L2', qty: 1 }]), method, value);
  expect(readSplit(sale, split)).toEqual({ ok: false, error: { code, message } });
});

test('more than a way can still give back names it and what it has left', () => {
  let split = splitOf(sale, [{ lineId: 'L1', qty: 3 }]);
  split = typeSplitAmount(split, 'cash', '8');
  split = typeSplitAmount(split, 'stored_value', '22');
  expect(split.assigned).toBe('已分配 ¥30.00 / 应退 ¥30.00');
  expect(readSplit(sale, split)).toEqual({
    ok: false,
    error: {
      code: 'tender_exceeds',
      message: '储值卡最多还能退 ¥20.00：请改少一些，其余退到其他方式',
    },
  });
});

test('typed amounts survive a refresh of the same choice; another choice starts afresh', () => {
  const lines = [{ lineId: 'L2', qty: 1 }];
  const typed = typeSplitAmount(splitOf(sale, lines), 'cash', '1x');
  expect(typed.assigned).toBe('已分配 ¥6.67 / 应退 ¥15.00');
  expect(refundSplit(sale, suggested(sale, lines), typed)!.rows[0].value).toBe('1x');
  const other = [{ lineId: 'L1', qty: 1 }];
  expect(refundSplit(sale, suggested(sale, other), typed)!.rows[0].value).toBe('5.56');
});

test('nothing to choose: one tender, or only one way with money left', () => {
  const cashOnly = order([line({ unitPrice: 1000 })], [cashTender(1000, 1000)]);
  expect(refundSplit(cashOnly, suggested(cashOnly, [{ lineId: 'L1', qty: 1 }]))).toBeNull();

  const svBack = applyRefund(
    sale,
    refundOf(
      sale,
      [{ lineId: 'L1', qty: 2, amount: 2000 }],
      [{ method: 'stored_value', amount: 2000 }],
      'c-1',
      noon + 60_000,
    ),
  );
  if (!svBack.ok) throw new Error(svBack.error.message);
  expect(refundSplit(svBack.value, suggested(svBack.value, [{ lineId: 'L2', qty: 1 }]))).toBeNull();
});
