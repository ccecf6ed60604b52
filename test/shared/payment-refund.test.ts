// The refund-through-the-provider state machine and how a refund splits over WeChat payments.
import {
  observeRefund,
  refundParts,
  retryRefund,
  unfinishedRefunds,
  type Order,
  type PaymentRefund,
} from '@pos/shared';

const base: PaymentRefund = {
  outRefundNo: 'dev1*refund*7',
  refundId: 'dev1:refund:7',
  outTradeNo: 'T120261122000101',
  amount: 500,
  status: 'pending',
  problem: null,
  updatedAt: 1,
  orderId: 'o1',
  orderNo: 'T1-1122-0001',
  businessDay: '2026-11-22',
  deviceId: 'dev1',
  staffId: 'staff-manager',
  reason: '退货',
  provider: 'wechatpay',
  total: 1800,
  providerRefundId: null,
  createdAt: 1,
  lastCheckedAt: null,
  succeededAt: null,
};

test('pending -> unreachable (pending verification) -> processing -> succeeded; settled never changes', () => {
  const doubted = observeRefund(base, { kind: 'unreachable', detail: 'no answer' }, 10);
  expect(doubted).toMatchObject({ status: 'pending_verification', problem: 'no answer' });
  expect(doubted.lastCheckedAt).toBeNull();
  const taken = observeRefund(doubted, { kind: 'processing', providerRefundId: 'R1' }, 20);
  expect(taken).toMatchObject({ status: 'processing', providerRefundId: 'R1', problem: null });
  const done = observeRefund(taken, { kind: 'succeeded', providerRefundId: 'R1', at: 25 }, 30);
  expect(done).toMatchObject({ status: 'succeeded', succeededAt: 25, lastCheckedAt: 30 });
  expect(observeRefund(done, { kind: 'failed', reason: 'x', providerRefundId: null }, 40)).toBe(
    done,
  );
});

test('a failed refund goes again only when the provider never took it', () => {
  const refused = observeRefund(
    base,
    { kind: 'failed', reason: 'NOT_ENOUGH', providerRefundId: null },
    5,
  );
  const again = retryRefund(refused, 9);
  expect(again.ok && again.value).toMatchObject({ status: 'pending', problem: null, updatedAt: 9 });
  const abnormal = observeRefund(
    { ...base, status: 'processing', providerRefundId: 'R1' },
    { kind: 'failed', reason: 'ABNORMAL', providerRefundId: 'R1' },
    5,
  );
  const refusedAgain = retryRefund(abnormal, 9);
  expect(!refusedAgain.ok && refusedAgain.error.code).toBe('settle_by_hand');
  expect(!retryRefund(base, 9).ok).toBe(true);
  expect(unfinishedRefunds([base, { ...base, status: 'succeeded' }, abnormal])).toHaveLength(2);
});

test('refund parts: over the WeChat tenders, less what earlier refunds sent back; the rest flagged', () => {
  const order = {
    orderNo: 'T1-1122-0001',
    tenders: [
      { method: 'cash', amount: 300, tendered: 300, change: 0 },
      { method: 'wechat', amount: 1000, reference: 'T120261122000101' },
      { method: 'wechat', amount: 500, reference: 'T120261122000102' },
    ],
  } as Pick<Order, 'orderNo' | 'tenders'>;
  expect(refundParts(order, 1200, [{ outTradeNo: 'T120261122000101', amount: 400 }])).toEqual([
    { outTradeNo: 'T120261122000101', total: 1000, amount: 600, problem: null },
    { outTradeNo: 'T120261122000102', total: 500, amount: 500, problem: null },
    expect.objectContaining({ amount: 100, problem: expect.stringMatching(/more than/) }),
  ]);
  const unnamed = refundParts(
    { ...order, tenders: [{ method: 'wechat', amount: 100, reference: '?' }] },
    100,
    [],
  );
  expect(unnamed[0].problem).toMatch(/names no payment.*by hand/);
});
