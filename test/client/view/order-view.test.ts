// The orders screen's pure helpers: rows narrowed by what is typed in the search box, and an
// order's WeChat Pay refunds as the server reports them (on their way, paid back, failed).
import type { Order, OrderPaymentRefund } from '@pos/shared';
import type { OrderView } from '../../../miniprogram/core/local-view';
import { matchingRows, orderDetail } from '../../../miniprogram/view/order-view';
import { receiptFixtureOrder } from '../../support/receipt-fixture';

test('the search box narrows the rows by order number, ignoring case and spaces', () => {
  const rows = [
    { orderNo: 'T1-1122-0042' },
    { orderNo: 'T1-1122-0043' },
    { orderNo: 'K2-1122-0042' },
  ];
  expect(matchingRows(rows, '')).toEqual(rows);
  expect(matchingRows(rows, '0042').map((r) => r.orderNo)).toEqual([
    'T1-1122-0042',
    'K2-1122-0042',
  ]);
  expect(matchingRows(rows, ' t1-1122-0043 ').map((r) => r.orderNo)).toEqual(['T1-1122-0043']);
  expect(matchingRows(rows, 'P9')).toEqual([]);
});

test('WeChat refunds in the detail: state, colour and what a manager must look at', () => {
  const refund = (status: OrderPaymentRefund['status'], problem: string | null) => ({
    outRefundNo: `r_${status}`,
    refundId: `refund-${status}`,
    outTradeNo: 'pay123',
    amount: 1200,
    status,
    problem,
    updatedAt: 0,
  });
  const order: Order = {
    ...receiptFixtureOrder(),
    paymentRefunds: [
      refund('pending', null),
      refund('pending_verification', 'WeChat did not answer'),
      refund('succeeded', null),
      refund('failed', 'NOTENOUGH: the merchant account is short'),
    ],
  };
  const view: OrderView = { order, sync: 'synced' };
  expect(orderDetail(view)!.wechatRefunds).toEqual([
    { id: 'r_pending', amount: '退回微信 ¥12.00', state: '待发送', tone: 'warning', problem: '' },
    {
      id: 'r_pending_verification',
      amount: '退回微信 ¥12.00',
      state: '待核实',
      tone: 'warning',
      problem: 'WeChat did not answer',
    },
    { id: 'r_succeeded', amount: '退回微信 ¥12.00', state: '已退回', tone: 'success', problem: '' },
    {
      id: 'r_failed',
      amount: '退回微信 ¥12.00',
      state: '退款失败',
      tone: 'danger',
      problem: '请店长处理：NOTENOUGH: the merchant account is short',
    },
  ]);
  expect(orderDetail({ ...view, order: receiptFixtureOrder() })!.wechatRefunds).toEqual([]);
});
