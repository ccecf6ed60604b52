// Money a QR payment took that no order recorded is in the audit log, once each, for the manager
// reconciling the merchant platform: paid after the server closed the QR, paid while the order was
// settled in cash, paid for another amount, paid a second time. Rebuilt from the journal at start,
// as every entry is. Against WeChat Pay's fake and the server's own payment tracker.
import type { AuditEntry, JsapiParams } from '@pos/shared';
import { FakeWechatPay } from '../../support/fake-wechatpay';
import { ProtocolClient } from '../../support/protocol-client';
import { removeDir } from '../../support/temp-dir';
import { api, signIn, startTestServer } from '../../support/test-server';
import {
  closeTill,
  openTill,
  placeOpenOrder,
  pushOperation,
  requestPayment,
  statusUntil,
  type PaymentTill,
} from './support';

let fake: FakeWechatPay;
let till: PaymentTill;
const payments = () => ({
  wechatPay: fake.config({ timeoutMs: 5000 }),
  miniProgram: fake.miniProgram(),
});
beforeEach(async () => {
  fake = await new FakeWechatPay().start();
  till = await openTill({ payments: payments() });
});
afterEach(async () => {
  await closeTill(till);
  await fake.stop();
  removeDir(till.server.dataDir);
});

type Listed = AuditEntry & { deviceCode: string | null; staffName: string | null };

/** The audit log's entries of money not recorded, as the dashboard asks for them. */
async function unrecordedInAudit(): Promise<Listed[]> {
  const token = await signIn(till.server);
  const answer = await api<{ entries: Listed[]; total: number }>(
    till.server,
    'GET',
    '/api/reports/audit?kind=payment_not_recorded',
    { token },
  );
  expect(answer.status).toBe(200);
  expect(answer.body.total).toBe(answer.body.entries.length);
  return answer.body.entries;
}

async function scanned() {
  const order = await placeOpenOrder(till);
  const made = await requestPayment(till, { orderId: order.id, cashierId: 'staff-cashier-1' });
  expect(made.status).toBe(201);
  const payment = made.body.payment;
  const native = till.server.store.state.payments[payment.id].outTradeNo;
  return { order, payment, native };
}

const notifyUrl = () => `${till.server.url}/api/payments/wechatpay/notify`;

test('paid after the till gave up its QR: listed once, with the trade to refund, and still once after a restart', async () => {
  const { order, payment, native } = await scanned();
  const closed = await api<{ payment: { status: string } }>(
    till.server,
    'POST',
    `/api/payments/${payment.id}/close`,
    { token: till.device.token },
  );
  expect(closed.body.payment.status).toBe('closed');
  expect(await unrecordedInAudit()).toEqual([]);

  fake.pay(native);
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  // WeChat Pay sends its notification again: nothing new.
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  const kept = till.server.store.state.payments[payment.id];
  expect(kept.status).toBe('paid_not_recorded');

  const listed = await unrecordedInAudit();
  expect(listed).toEqual([
    expect.objectContaining({
      kind: 'payment_not_recorded',
      at: kept.paidAt,
      orderNo: order.orderNo,
      deviceCode: till.device.deviceCode,
      staffId: 'staff-cashier-1',
      amount: order.total,
      facts: {
        kind: 'payment_not_recorded',
        cause: 'after_close',
        asked: order.total,
        trade: native,
        transactionId: fake.trade(native).transactionId,
      },
    }),
  ]);

  // A restart rebuilds the log from the journal: the same entry, once.
  const { dataDir } = till.server;
  await closeTill(till);
  const server = await startTestServer({ dataDir, now: till.clock.now, payments: payments() });
  till = { ...till, server, sync: await ProtocolClient.open(server.url, till.device.token) };
  expect(await unrecordedInAudit()).toEqual(listed);
});

test('paid while the order was settled in cash, and paid for another amount: each listed with its cause', async () => {
  const { service } = till.server.pos.payments;
  const cashMeanwhile = await scanned();
  const total = cashMeanwhile.order.total;
  const paidInCash = await pushOperation(till, 'order.paid', {
    orderId: cashMeanwhile.order.id,
    cashierId: 'staff-cashier-1',
    tenders: [{ method: 'cash', amount: total, tendered: total, change: 0 }],
    paidAt: till.clock.now(),
  });
  expect(paidInCash.status).toBe('applied');
  fake.pay(cashMeanwhile.native);
  expect((await service.refresh(cashMeanwhile.payment.id)).status).toBe('paid');

  const otherAmount = await scanned();
  fake.pay(otherAmount.native, 1);
  expect((await service.refresh(otherAmount.payment.id)).status).toBe('paid_not_recorded');

  // A payment taken as asked is no entry.
  const asAsked = await scanned();
  fake.pay(asAsked.native);
  expect((await service.refresh(asAsked.payment.id)).status).toBe('paid');

  const listed = await unrecordedInAudit();
  expect(listed.map((e) => [e.orderNo, e.amount, e.facts])).toEqual([
    [
      otherAmount.order.orderNo,
      1,
      expect.objectContaining({
        cause: 'other_amount',
        asked: otherAmount.order.total,
        trade: otherAmount.native,
      }),
    ],
    [
      cashMeanwhile.order.orderNo,
      total,
      expect.objectContaining({ cause: 'order_settled', trade: cashMeanwhile.native }),
    ],
  ]);
});

test('a second trade of a paid payment paid too: listed as the money taken twice', async () => {
  const { order, payment, native } = await scanned();
  const prepaid = await api<{ params: JsapiParams }>(
    till.server,
    'POST',
    `/api/customer/pay/${payment.scene}/jsapi`,
    { body: { code: fake.loginCode() } },
  );
  expect(fake.payJsapi(prepaid.body.params)).toBeNull();
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
  expect(await unrecordedInAudit()).toEqual([]);

  fake.pay(native);
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  expect(await unrecordedInAudit()).toEqual([
    expect.objectContaining({
      orderNo: order.orderNo,
      amount: order.total,
      facts: expect.objectContaining({ cause: 'second_trade', trade: native }),
    }),
  ]);
});
