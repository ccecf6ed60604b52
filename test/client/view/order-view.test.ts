// The orders screen's pure helpers: rows narrowed by what is typed in the search box, and an
// Enter in the search box (a scanned or typed number, or the one row left), and an
// order's WeChat Pay refunds as the server reports them (on their way, paid back, failed).
import type { Order, OrderPaymentRefund } from '@pos/shared';
import type { OrderView } from '../../../miniprogram/core/local-view';
import { matchingRows, orderDetail, searchOrders } from '../../../miniprogram/view/order-view';
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

test('WeChat refunds in the detail: state, colour and what a manager must look at, in Chinese', () => {
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
  expect(orderDetail(view, 480)!.wechatRefunds).toEqual([
    { id: 'r_pending', amount: '退回微信 ¥12.00', state: '待发送', tone: 'warning', problem: '' },
    {
      id: 'r_pending_verification',
      amount: '退回微信 ¥12.00',
      state: '待核实',
      tone: 'warning',
      problem: '暂时没有得到微信支付的答复：服务器会自动再问，顾客只会收到一次退款',
    },
    { id: 'r_succeeded', amount: '退回微信 ¥12.00', state: '已退回', tone: 'success', problem: '' },
    {
      id: 'r_failed',
      amount: '退回微信 ¥12.00',
      state: '退款失败',
      tone: 'danger',
      problem:
        '微信没有退回这笔钱：请店长核对（退款单号 r_failed），必要时在微信支付商户平台处理或改用现金退还',
    },
  ]);
  // The server's words (English: its own, WeChat Pay's, a network error's) never reach the till.
  const shown = JSON.stringify(orderDetail(view, 480));
  expect(shown).not.toContain('WeChat did not answer');
  expect(shown).not.toContain('NOTENOUGH');
  expect(orderDetail({ ...view, order: receiptFixtureOrder() }, 480)!.wechatRefunds).toEqual([]);
});

test('Enter in the search box: the named order, else the one row left, else why nothing opened', () => {
  const view = { order: { id: 'T1:1' } } as unknown as OrderView;
  const byNumber = (numbers: Record<string, OrderView>) => (text: string) => numbers[text] ?? null;
  const rows = [{ id: 'T1:1' }, { id: 'T1:2' }];

  // A scanned receipt is looked up first; a number typed by hand too.
  expect(
    searchOrders('xxT1-1122-0001', 'T1-1122-0001', rows, byNumber({ 'T1-1122-0001': view })),
  ).toEqual({ kind: 'found', view });
  expect(searchOrders('T1-1122-0001', null, rows, byNumber({ 'T1-1122-0001': view }))).toEqual({
    kind: 'found',
    view,
  });
  // A part of a number that one row holds opens it; a scan never opens a mere part.
  expect(searchOrders('0002', null, [rows[1]], byNumber({}))).toEqual({ kind: 'only', id: 'T1:2' });
  // A whole number (or an order's id) this device does not hold: the store's server may have it.
  expect(searchOrders('T9-1122-0002', 'T9-1122-0002', [rows[1]], byNumber({}))).toEqual({
    kind: 'ask',
    key: { kind: 'number', number: 'T9-1122-0002' },
    shown: 'T9-1122-0002',
  });
  expect(searchOrders(' t9-1122-2', null, [], byNumber({}))).toEqual({
    kind: 'ask',
    key: { kind: 'number', number: 'T9-1122-2' },
    shown: 't9-1122-2',
  });
  expect(searchOrders('dev-09:2026-11-22:2', null, [], byNumber({}))).toMatchObject({
    kind: 'ask',
    key: { kind: 'id', id: 'dev-09:2026-11-22:2' },
  });
  // A scan that is no receipt's: nothing to ask, and it says so.
  expect(searchOrders('https://x.cn/a', 'https://x.cn/a', [rows[1]], byNumber({}))).toEqual({
    kind: 'missing',
    message: expect.stringContaining('https://x.cn/a'),
  });
  // Several rows hold the part: nothing opens, and it says so.
  expect(searchOrders('00', null, rows, byNumber({}))).toMatchObject({ kind: 'missing' });
  expect(searchOrders('00', null, rows, byNumber({}))).not.toEqual(
    searchOrders('00', null, [], byNumber({})),
  );
});

test('goods sold by weight read as weights: grams below a kilogram, kilograms from one up', () => {
  const fixture = receiptFixtureOrder();
  const order: Order = {
    ...fixture,
    lines: fixture.lines.map((line) => (line.soldBy === 'weight' ? { ...line, qty: 1250 } : line)),
  };
  const lines = orderDetail({ order, sync: 'synced' }, 480)!.lines;
  expect(lines.find((line) => line.byWeight)).toMatchObject({
    qty: '1.25 kg',
    left: 1250,
    leftText: '可退 1.25 kg',
  });
  expect(lines.find((line) => line.name === '拿铁')).toMatchObject({
    qty: '× 2',
    leftText: '可退 2',
  });
  const detail = orderDetail({ order: fixture, sync: 'synced' }, 480)!;
  expect(detail.lines.find((line) => line.byWeight)).toMatchObject({
    qty: '735 克',
    leftText: '可退 735 克',
  });
});
