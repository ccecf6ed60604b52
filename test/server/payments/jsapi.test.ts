// Paying inside the mini-program (JSAPI): the customer's wx.login code is exchanged by the server
// through jscode2session (the AppSecret stays on the server), the prepay is made for that openid,
// and the payment resolves through the same poller; bad codes and missing settings say why.
import type { JsapiParams } from '@pos/shared';
import { loadConfig, type ConfigError } from '../../../sync-server/config';
import { FakeWechatPay } from '../../support/fake-wechatpay';
import { removeDir } from '../../support/temp-dir';
import { api } from '../../support/test-server';
import {
  closeTill,
  openTill,
  placeOpenOrder,
  pushRefund,
  requestPayment,
  serverUntil,
  statusUntil,
  type PaymentTill,
} from './support';

let fake: FakeWechatPay;
let till: PaymentTill | null = null;
beforeEach(async () => {
  fake = await new FakeWechatPay().start();
});
afterEach(async () => {
  if (till) {
    await closeTill(till);
    removeDir(till.server.dataDir);
    till = null;
  }
  await fake.stop();
});

async function scannedPayment(miniProgram = fake.miniProgram()) {
  till = await openTill({ payments: { wechatPay: fake.config(), miniProgram } });
  const order = await placeOpenOrder(till);
  const made = await requestPayment(till, { orderId: order.id });
  return { order, payment: made.body.payment };
}

const jsapi = (scene: string, body: unknown) =>
  api<{ params: JsapiParams; error: { code: string; message: string } }>(
    till!.server,
    'POST',
    `/api/customer/pay/${scene}/jsapi`,
    { body },
  );

test('login code -> openid (jscode2session) -> prepay for that payer -> paid in WeChat -> the order is paid', async () => {
  const { order, payment } = await scannedPayment();
  const code = fake.loginCode('oCustomer0000000000000000001');
  const answer = await jsapi(payment.scene, { code });
  expect(answer.status).toBe(200);
  const outTradeNo = till!.server.store.state.payments[payment.id].outTradeNo;
  expect(fake.trade(outTradeNo).body.amount.total).toBe(order.total);
  // Someone else's WeChat cannot pay the prepay made for this customer.
  expect(fake.payJsapi(answer.body.params, 'oSomeoneElse0000000000000000')).toBe(
    '商户订单号与付款用户不匹配',
  );
  expect(fake.payJsapi(answer.body.params, 'oCustomer0000000000000000001')).toBeNull();
  await statusUntil(till!, payment.id, (v) => v.status === 'paid', 'paid');
  expect(till!.server.store.order(order.id)!.status).toBe('paid');
  expect(fake.logins).toEqual([code]);
});

test('one trade type per out_trade_no: the Native order is closed, each mini-program attempt has its own number; the paid one is refunded', async () => {
  const { order, payment } = await scannedPayment();
  const native = till!.server.store.state.payments[payment.id].outTradeNo;
  const first = await jsapi(payment.scene, { code: fake.loginCode() });
  expect(first.status).toBe(200);
  // WeChat Pay refuses a JSAPI order under the Native order's number (OUT_TRADE_NO_USED): the
  // server closed the Native one (its QR cannot be paid twice) and placed a number of its own.
  expect(fake.refusedOrders).toEqual([]);
  expect(fake.trade(native).state).toBe('CLOSED');
  expect(fake.trade(`${native}J1`)).toMatchObject({ type: 'JSAPI', state: 'NOTPAY' });

  // The customer cancels the pay sheet and taps pay again: the first prepay is closed too.
  const again = await jsapi(payment.scene, { code: fake.loginCode() });
  expect(again.status).toBe(200);
  expect(fake.trade(`${native}J1`).state).toBe('CLOSED');
  expect(fake.payJsapi(first.body.params)).toBe('该订单已支付或已关闭');
  expect(fake.payJsapi(again.body.params)).toBeNull();
  await statusUntil(till!, payment.id, (v) => v.status === 'paid', 'paid');
  expect(till!.server.store.state.payments[payment.id]).toMatchObject({
    outTradeNo: `${native}J2`,
    earlierTradeNos: [native, `${native}J1`],
  });
  const paid = till!.server.store.order(order.id)!;
  expect(paid.tenders).toEqual([
    { method: 'wechat', amount: order.total, reference: `${native}J2` },
  ]);
  expect(fake.refusedOrders).toEqual([]);

  // The refund goes back through the trade that was paid.
  await pushRefund(till!, paid);
  await serverUntil(
    () => [...fake.refunds.values()],
    (refunds) => refunds.length === 1,
    'the refund at WeChat Pay',
  );
  expect([...fake.refunds.values()][0]).toMatchObject({
    out_trade_no: `${native}J2`,
    amount: order.total,
  });

  // Asking for the pay QR of a paid order is refused; nothing else was placed.
  expect((await requestPayment(till!, { orderId: order.id })).status).toBe(409);
});

test('paid by the Native QR before the mini-program asked: nothing new is placed, the payment is paid', async () => {
  const { order, payment } = await scannedPayment();
  const native = till!.server.store.state.payments[payment.id].outTradeNo;
  fake.pay(native);
  const late = await jsapi(payment.scene, { code: fake.loginCode() });
  expect(late.status).toBe(409);
  expect(late.body.error).toEqual({ code: 'not_pending', message: 'this payment is paid' });
  expect([...fake.trades.keys()]).toEqual([native]);
  expect(till!.server.store.order(order.id)!.status).toBe('paid');
});

test('the till asks for the QR again after the customer went to the mini-program: a new live QR, not the closed one', async () => {
  const { order, payment } = await scannedPayment();
  expect((await jsapi(payment.scene, { code: fake.loginCode() })).status).toBe(200);
  const shown = await requestPayment(till!, { orderId: order.id });
  expect(shown.status).toBe(201);
  expect(shown.body.payment.id).not.toBe(payment.id);
  const { outTradeNo } = till!.server.store.state.payments[shown.body.payment.id];
  expect(fake.trade(outTradeNo)).toMatchObject({ type: 'NATIVE', state: 'NOTPAY' });
  // The earlier payment was closed with its mini-program trade.
  await statusUntil(till!, payment.id, (v) => v.status === 'closed', 'closed');
  const earlier = till!.server.store.state.payments[payment.id].outTradeNo;
  expect(fake.trade(earlier).state).toBe('CLOSED');
});

test('a used or made-up login code is refused with WeChat’s reason; nothing is prepaid', async () => {
  const { payment } = await scannedPayment();
  const code = fake.loginCode();
  expect((await jsapi(payment.scene, { code })).status).toBe(200);
  const reused = await jsapi(payment.scene, { code });
  expect(reused.status).toBe(400);
  expect(reused.body.error).toEqual({
    code: 'login_refused',
    message:
      'WeChat could not sign the customer in: the login code was already used (wx.login again)',
  });
  const madeUp = await jsapi(payment.scene, { code: 'x'.repeat(32) });
  expect(madeUp.body.error.message).toMatch(/not valid/);
  expect((await jsapi(payment.scene, {})).body.error.code).toBe('invalid_request');
});

test('a wrong AppSecret says to check the settings; WeChat down says to try again', async () => {
  const { payment } = await scannedPayment({ ...fake.miniProgram(), appSecret: 'f'.repeat(32) });
  const wrong = await jsapi(payment.scene, { code: fake.loginCode() });
  expect(wrong.status).toBe(500);
  expect(wrong.body.error.code).toBe('login_misconfigured');
  expect(wrong.body.error.message).toMatch(/check POS_WECHAT_APPID and POS_WECHAT_APPSECRET/);
  expect(wrong.body.error.message).not.toContain('f'.repeat(32));
  fake.mode = 'down';
  const down = await jsapi(payment.scene, { code: fake.loginCode() });
  expect(down.status).toBe(503);
  expect(down.body.error.code).toBe('wechat_unreachable');
});

test('no AppSecret configured: the customer is told to scan the QR with WeChat instead', async () => {
  const { payment } = await scannedPayment(null as never);
  const answer = await jsapi(payment.scene, { code: fake.loginCode() });
  expect(answer.status).toBe(409);
  expect(answer.body.error.code).toBe('login_unconfigured');
  expect(fake.logins).toEqual([]);
});

describe('configuration: POS_WECHAT_APPID and POS_WECHAT_APPSECRET, both or neither', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env, () => undefined);
      return [];
    } catch (error) {
      return [...(error as ConfigError).problems];
    }
  };
  const appId = 'wxd678efh567hg6787';
  const appSecret = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

  test('both: the mini-program, at api.weixin.qq.com unless told otherwise', () => {
    const config = loadConfig(
      { POS_WECHAT_APPID: appId, POS_WECHAT_APPSECRET: appSecret },
      () => undefined,
    );
    expect(config.miniProgram).toEqual({
      appId,
      appSecret,
      baseUrl: 'https://api.weixin.qq.com',
    });
    expect(loadConfig({}, () => undefined).miniProgram).toBeNull();
  });

  test('one without the other, or a malformed secret, stops the start naming the variable', () => {
    expect(problems({ POS_WECHAT_APPID: appId })).toEqual([
      'the mini-program is half configured: POS_WECHAT_APPSECRET is missing (set both for paying inside the mini-program, or neither)',
    ]);
    expect(problems({ POS_WECHAT_APPSECRET: appSecret }).join()).toMatch(
      /POS_WECHAT_APPID is missing/,
    );
    expect(problems({ POS_WECHAT_APPID: appId, POS_WECHAT_APPSECRET: 'short' }).join()).toMatch(
      /POS_WECHAT_APPSECRET.*32-character AppSecret/,
    );
  });
});
