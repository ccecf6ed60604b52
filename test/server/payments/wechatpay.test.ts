// The WeChat Pay v3 provider against a local fake that checks signatures as WeChat Pay does:
// success, decline, timeout, forged and unsigned answers, stale timestamps, a wrong amount,
// duplicate and forged notifications, a refund retried with the same out_refund_no, JSAPI
// paySign, a payment made during an outage resolved once WeChat Pay answers again, and a close
// answered anything but 204 (202 USER_PAYING) taken as no close.
import { createVerify } from 'node:crypto';
import { FakeWechatPay } from '../../support/fake-wechatpay';
import { removeDir } from '../../support/temp-dir';
import { api } from '../../support/test-server';
import { WechatPayProvider } from '../../../sync-server/payments/wechatpay-provider';
import { ProviderRefusedError } from '../../../sync-server/payments/provider';
import {
  closeTill,
  decodePng,
  fetchBuffer,
  openTill,
  placeOpenOrder,
  requestPayment,
  statusUntil,
  type PaymentTill,
} from './support';

let fake: FakeWechatPay;
let till: PaymentTill;
beforeEach(async () => {
  fake = await new FakeWechatPay().start();
  till = await openTill({
    payments: { wechatPay: fake.config(), miniProgram: fake.miniProgram() },
  });
});
afterEach(async () => {
  await closeTill(till);
  await fake.stop();
  removeDir(till.server.dataDir);
});

async function startPayment() {
  const order = await placeOpenOrder(till);
  const made = await requestPayment(till, { orderId: order.id, cashierId: 'staff-cashier-1' });
  expect(made.status).toBe(201);
  const payment = made.body.payment;
  const outTradeNo = till.server.store.state.payments[payment.id].outTradeNo;
  return { order, payment, outTradeNo };
}

test('success: the Native code_url is the QR; paid at WeChat Pay, the order is paid with the transaction', async () => {
  const { order, payment, outTradeNo } = await startPayment();
  expect(payment.provider).toBe('wechatpay');
  expect(payment.qrText).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
  expect(decodePng((await fetchBuffer(till.server.url + payment.qrPng)).body)).toBe(payment.qrText);
  // WeChat Pay got the server's amount and an out_trade_no derived from the order.
  expect(fake.trade(outTradeNo).body.amount.total).toBe(order.total);
  expect(outTradeNo).toMatch(new RegExp(`^${order.deviceCode}\\d{8}\\d{4}01$`));

  fake.pay(outTradeNo);
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
  const stored = till.server.store.state.payments[payment.id];
  expect(stored.transactionId).toBe(fake.trade(outTradeNo).transactionId);
  expect(till.server.store.order(order.id)!.tenders).toEqual([
    { method: 'wechat', amount: order.total, reference: outTradeNo },
  ]);
  expect(fake.refusedSignatures).toEqual([]);
});

test('decline: PAYERROR declines the payment; the order stays open', async () => {
  const { order, payment, outTradeNo } = await startPayment();
  fake.decline(outTradeNo);
  const view = await statusUntil(till, payment.id, (v) => v.status === 'declined', 'declined');
  expect(view.problem).toBe('支付失败，请重新下单支付');
  expect(till.server.store.order(order.id)!.status).toBe('open');
});

test('timeout: no QR when WeChat Pay does not answer, with a message saying what to do', async () => {
  const order = await placeOpenOrder(till);
  fake.mode = 'hang';
  const made = await requestPayment(till, { orderId: order.id });
  expect(made.status).toBe(503);
  expect(made.body.error!.code).toBe('provider_unreachable');
  expect(made.body.error!.message).toMatch(/cannot reach WeChat Pay .*take cash, or try again/);
  expect(Object.keys(till.server.store.state.payments)).toHaveLength(0);
});

test.each([
  ['forge', /signature does not match the body: forged or altered/],
  ['unsigned', /not signed .*treated as forged/],
  ['stale', /from this server's clock \(at most 300 s\): stale or replayed/],
] as const)(
  'a %s answer saying SUCCESS is not believed: pending verification, then paid once a signed answer comes',
  async (mode, problem) => {
    const { order, payment, outTradeNo } = await startPayment();
    fake.pay(outTradeNo);
    fake.mode = mode;
    const doubted = await statusUntil(
      till,
      payment.id,
      (v) => v.status === 'pending_verification',
      'pending verification',
    );
    expect(doubted.problem).toMatch(problem);
    expect(till.server.store.order(order.id)!.status).toBe('open');
    fake.mode = 'normal';
    await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
    expect(till.server.store.order(order.id)!.status).toBe('paid');
  },
);

test('wrong amount: a success for another total never marks the order paid, and is kept as money to refund', async () => {
  const { order, payment, outTradeNo } = await startPayment();
  fake.pay(outTradeNo, 1);
  const view = await statusUntil(till, payment.id, (v) => v.status !== 'pending', 'settled');
  // Not declined: WeChat Pay took money, which the till must not ask for again as if nothing was.
  expect(view.status).toBe('paid_not_recorded');
  expect(view.problem).toMatch(/reported ¥0\.01 paid, not ¥\d+\.\d\d: not recorded/);
  expect(till.server.store.state.payments[payment.id]).toMatchObject({
    paidAmount: 1,
    transactionId: fake.trade(outTradeNo).transactionId,
  });
  expect(till.server.store.order(order.id)!.status).toBe('open');
});

test('notifications: a duplicate is applied once; a forged, stale or unsigned one is refused', async () => {
  const { order, payment, outTradeNo } = await startPayment();
  const notifyUrl = `${till.server.url}/api/payments/wechatpay/notify`;
  fake.pay(outTradeNo);
  expect(await fake.notify(notifyUrl, outTradeNo, 'forge')).toBe(401);
  expect(await fake.notify(notifyUrl, outTradeNo, 'unsigned')).toBe(401);
  expect(await fake.notify(notifyUrl, outTradeNo, 'stale')).toBe(401);
  expect(await fake.notify(notifyUrl, outTradeNo)).toBe(204);
  expect(await fake.notify(notifyUrl, outTradeNo)).toBe(204);
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
  const paidOrder = till.server.store.order(order.id)!;
  expect(paidOrder.tenders).toHaveLength(1);
  await till.sync.waitFor(
    () => till.sync.changes().some((c) => c.kind === 'order' && c.order.status === 'paid'),
    'the order',
  );
  expect(
    till.sync
      .changes()
      .filter((c) => c.kind === 'order' && c.order.id === order.id && c.order.status === 'paid'),
  ).toHaveLength(1);
});

test('refund retried after a lost answer reuses its out_refund_no: WeChat Pay refunds once', async () => {
  const { outTradeNo, payment } = await startPayment();
  fake.pay(outTradeNo);
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
  const provider = till.server.pos.payments.wechatPay!;
  const refund = {
    outTradeNo,
    outRefundNo: `${outTradeNo}R1`,
    amount: 100,
    total: payment.amount,
    reason: '退货',
  };
  fake.loseRefundAnswers = 1;
  await expect(provider.refund(refund)).rejects.toThrow(/did not answer/);
  const retried = await provider.refund(refund);
  expect(retried).toEqual({
    kind: 'processing',
    providerRefundId: fake.refunds.get(refund.outRefundNo)!.refund_id,
  });
  expect(fake.refunds.size).toBe(1);
});

test('JSAPI: prepay and a paySign the merchant key signed over appId, timeStamp, nonceStr, package', async () => {
  const { payment } = await startPayment();
  const response = await api<{ params: Record<string, string> }>(
    till.server,
    'POST',
    `/api/customer/pay/${payment.scene}/jsapi`,
    {
      body: { code: fake.loginCode() },
    },
  );
  expect(response.status).toBe(200);
  const { timeStamp, nonceStr, package: pkg, signType, paySign } = response.body.params;
  expect(signType).toBe('RSA');
  expect(pkg).toMatch(/^prepay_id=wx/);
  const valid = createVerify('RSA-SHA256')
    .update(`${fake.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`)
    .verify(fake.merchantPublicKey, paySign, 'base64');
  expect(valid).toBe(true);
});

test('a request signed with the wrong merchant key is refused by WeChat Pay (SIGN_ERROR)', async () => {
  const provider = new WechatPayProvider(
    fake.config({ privateKeyPem: fake.wrongPrivateKeyPem }),
    Date.now,
  );
  const order = {
    outTradeNo: 'T120261122000101',
    amount: 100,
    description: 'x',
    expiresAt: Date.now() + 60_000,
  };
  const error = await provider.createNative(order).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderRefusedError);
  expect((error as ProviderRefusedError).code).toBe('SIGN_ERROR');
  expect(fake.refusedSignatures).toEqual(['POST /v3/pay/transactions/native']);
});

test('outage: paid while the store could not reach WeChat Pay; pending verification resolves by itself', async () => {
  const { order, payment, outTradeNo } = await startPayment();
  fake.mode = 'down';
  const cutOff = await statusUntil(
    till,
    payment.id,
    (v) => v.status === 'pending_verification',
    'pending verification',
  );
  expect(cutOff.problem).toMatch(/did not answer/);
  // The customer paid on their phone meanwhile (past the QR's time counts too: see the core's test).
  fake.pay(outTradeNo);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(till.server.store.state.payments[payment.id].status).toBe('pending_verification');
  fake.mode = 'normal';
  // Nobody asks: the server's poller finds out on its own.
  const deadline = Date.now() + 5000;
  while (till.server.store.state.payments[payment.id].status !== 'paid' && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(till.server.store.state.payments[payment.id].status).toBe('paid');
  expect(till.server.store.order(order.id)!.status).toBe('paid');
});

test('a close WeChat Pay did not hear is made once it answers again: the abandoned QR cannot be paid', async () => {
  const { order, payment, outTradeNo } = await startPayment();
  fake.mode = 'down';
  const closing = await api<{ payment: { status: string } }>(
    till.server,
    'POST',
    `/api/payments/${payment.id}/close`,
    { token: till.device.token },
  );
  // Not known to be closed: the till must not take the sale another way yet.
  expect(closing.body.payment.status).toBe('pending_verification');
  expect(fake.trade(outTradeNo).state).toBe('NOTPAY');
  expect(till.server.store.state.payments[payment.id].closeAskedAt).toEqual(expect.any(Number));

  fake.mode = 'normal';
  // Nobody asks again: the server's poller closes it at WeChat Pay on its own.
  const closed = await statusUntil(till, payment.id, (v) => v.status === 'closed', 'closed');
  expect(closed.problem).toBeNull();
  expect(fake.trade(outTradeNo).state).toBe('CLOSED');
  expect(till.server.store.order(order.id)!.status).toBe('open');
});

test('a close answered 202 USER_PAYING is no close: the customer paying then pays the order', async () => {
  const { order, payment, outTradeNo } = await startPayment();
  // The customer is confirming on their phone when the cashier gives up on the QR.
  fake.userPaying(outTradeNo);
  const closing = await api<{ payment: { status: string } }>(
    till.server,
    'POST',
    `/api/payments/${payment.id}/close`,
    { token: till.device.token },
  );
  // Not known to be closed: the till must not take the sale another way yet.
  expect(closing.body.payment.status).toBe('pending');
  expect(fake.trade(outTradeNo).state).toBe('USERPAYING');
  fake.pay(outTradeNo);
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
  expect(till.server.store.order(order.id)!.status).toBe('paid');
});

test('a close answered 202 USER_PAYING is asked again: once the customer stops, the QR is closed', async () => {
  const { order, payment, outTradeNo } = await startPayment();
  fake.userPaying(outTradeNo);
  await api(till.server, 'POST', `/api/payments/${payment.id}/close`, {
    token: till.device.token,
  });
  fake.trade(outTradeNo).state = 'NOTPAY'; // the customer backs out of the pay sheet
  await statusUntil(till, payment.id, (v) => v.status === 'closed', 'closed');
  expect(fake.trade(outTradeNo).state).toBe('CLOSED');
  expect(till.server.store.order(order.id)!.status).toBe('open');
});
