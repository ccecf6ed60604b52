// Money WeChat Pay takes is never lost to a close: a mini-program trade is placed inside the
// payment's turn, so a close asked meanwhile (the till's 取消, another split, a second phone) reaches
// a trade WeChat Pay has; and a payment WeChat Pay reports paid after the server closed it, or paid
// under one of its earlier trade numbers, is kept as paid but not recorded (money to refund) and
// listed on the day report, never dropped.
import { addBusinessDays, type DayReport, type JsapiParams } from '@pos/shared';
import { FakeWechatPay } from '../../support/fake-wechatpay';
import { removeDir } from '../../support/temp-dir';
import { api, signIn } from '../../support/test-server';
import {
  closeTill,
  openTill,
  placeOpenOrder,
  pushOperation,
  requestPayment,
  serverUntil,
  statusUntil,
  type PaymentTill,
} from './support';

let fake: FakeWechatPay;
let till: PaymentTill;
beforeEach(async () => {
  fake = await new FakeWechatPay().start();
  till = await openTill({
    // Long enough for a held JSAPI order to be answered, not given up on.
    payments: { wechatPay: fake.config({ timeoutMs: 5000 }), miniProgram: fake.miniProgram() },
  });
});
afterEach(async () => {
  await closeTill(till);
  await fake.stop();
  removeDir(till.server.dataDir);
});

const jsapi = (scene: string) =>
  api<{ params: JsapiParams; error: { code: string; message: string } }>(
    till.server,
    'POST',
    `/api/customer/pay/${scene}/jsapi`,
    { body: { code: fake.loginCode() } },
  );

const closeOnTill = (id: string) =>
  api<{ payment: { status: string } }>(till.server, 'POST', `/api/payments/${id}/close`, {
    token: till.device.token,
  });

async function scanned() {
  const order = await placeOpenOrder(till);
  const payment = (await requestPayment(till, { orderId: order.id })).body.payment;
  const native = till.server.store.state.payments[payment.id].outTradeNo;
  return { order, payment, native };
}

const notifyUrl = () => `${till.server.url}/api/payments/wechatpay/notify`;

/** The day report's WeChat section for `day`, as a manager reads it. */
async function wechatOfDay(day: string) {
  const manager = await signIn(till.server);
  const answer = await api<{ report: DayReport }>(till.server, 'GET', `/api/reports/days/${day}`, {
    token: manager,
  });
  return answer.body.report.wechat;
}

test('a close asked while WeChat Pay is placing the mini-program trade closes that trade: the customer cannot pay it', async () => {
  const { order, payment, native } = await scanned();
  let release!: () => void;
  fake.jsapiHold = new Promise((resolve) => (release = resolve));
  const prepaying = jsapi(payment.scene);
  await serverUntil(
    () => fake.jsapiRequests.length,
    (n) => n === 1,
    'the JSAPI order asked for',
  );
  // The cashier gives up on the QR while WeChat Pay has not placed the trade yet.
  const closing = closeOnTill(payment.id);
  await new Promise((resolve) => setTimeout(resolve, 150));
  release();
  const [prepaid, closed] = await Promise.all([prepaying, closing]);
  expect(closed.body.payment.status).toBe('closed');
  // The close reached the trade WeChat Pay placed: what the phone was given cannot be paid.
  expect(fake.trade(`${native}J1`).state).toBe('CLOSED');
  expect(prepaid.status).toBe(200);
  expect(fake.payJsapi(prepaid.body.params)).toBe('该订单已支付或已关闭');
  expect(till.server.store.order(order.id)!.status).toBe('open');
});

test('the order paid in cash while WeChat Pay placed the trade: the trade is closed, the phone told no', async () => {
  const { order, payment, native } = await scanned();
  let release!: () => void;
  fake.jsapiHold = new Promise((resolve) => (release = resolve));
  const prepaying = jsapi(payment.scene);
  await serverUntil(
    () => fake.jsapiRequests.length,
    (n) => n === 1,
    'the JSAPI order asked for',
  );
  const cash = { method: 'cash' as const, amount: order.total, tendered: order.total, change: 0 };
  const paidInCash = await pushOperation(till, 'order.paid', {
    orderId: order.id,
    cashierId: 'staff-cashier-1',
    tenders: [cash],
    paidAt: till.clock.now(),
  });
  expect(paidInCash.status).toBe('applied');
  release();
  const prepaid = await prepaying;
  expect(prepaid.status).toBe(409);
  expect(prepaid.body.error).toEqual({
    code: 'not_pending',
    message: 'this payment is closed: its order was settled',
  });
  expect(fake.trade(`${native}J1`).state).toBe('CLOSED');
  expect(till.server.store.state.payments[payment.id].status).toBe('closed');
});

test('two phones on one QR: the second prepay closes the first one’s trade, which cannot be paid', async () => {
  const { payment, native } = await scanned();
  let release!: () => void;
  fake.jsapiHold = new Promise((resolve) => (release = resolve));
  const first = jsapi(payment.scene);
  await serverUntil(
    () => fake.jsapiRequests.length,
    (n) => n === 1,
    'the first JSAPI order',
  );
  const second = jsapi(payment.scene);
  await new Promise((resolve) => setTimeout(resolve, 150));
  release();
  const [one, two] = await Promise.all([first, second]);
  expect([one.status, two.status]).toEqual([200, 200]);
  expect(fake.trade(`${native}J1`).state).toBe('CLOSED');
  expect(fake.payJsapi(one.body.params)).toBe('该订单已支付或已关闭');
  expect(fake.payJsapi(two.body.params)).toBeNull();
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
});

test('paid at WeChat Pay after the server closed it: kept as paid but not recorded, listed to refund', async () => {
  const { order, payment, native } = await scanned();
  expect((await closeOnTill(payment.id)).body.payment.status).toBe('closed');
  // However WeChat Pay came to take it (a trade placed after its close), the money was taken.
  fake.pay(native);
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  const kept = till.server.store.state.payments[payment.id];
  expect(kept).toMatchObject({
    status: 'paid_not_recorded',
    transactionId: fake.trade(native).transactionId,
    paidAmount: order.total,
  });
  expect(kept.problem).toMatch(/after .* closed/);
  expect(till.server.store.order(order.id)!.status).toBe('open');
  // A repeat of the notification is nothing new.
  expect(await fake.notify(notifyUrl(), native)).toBe(204);

  const wechat = await wechatOfDay(order.businessDay);
  expect(wechat.pendingList.map((p) => [p.reference, p.amount, p.status])).toEqual([
    [native, order.total, 'paid_not_recorded'],
  ]);
  expect(wechat.pendingCount).toBe(0);
});

test('an earlier trade of a closed payment paid: kept under that trade, paid but not recorded', async () => {
  const { order, payment, native } = await scanned();
  expect((await jsapi(payment.scene)).status).toBe(200);
  expect((await closeOnTill(payment.id)).body.payment.status).toBe('closed');
  fake.pay(native);
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  expect(till.server.store.state.payments[payment.id]).toMatchObject({
    status: 'paid_not_recorded',
    outTradeNo: native,
    earlierTradeNos: [`${native}J1`],
  });
  expect(till.server.store.order(order.id)!.status).toBe('open');
  const wechat = await wechatOfDay(order.businessDay);
  expect(wechat.pendingList.map((p) => [p.reference, p.status])).toEqual([
    [native, 'paid_not_recorded'],
  ]);
});

test('an earlier trade of an open payment paid: its live trade is closed and the order paid by the one paid', async () => {
  const { order, payment, native } = await scanned();
  expect((await jsapi(payment.scene)).status).toBe(200);
  fake.pay(native);
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  expect(fake.trade(`${native}J1`).state).toBe('CLOSED');
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
  expect(till.server.store.order(order.id)!.tenders).toEqual([
    { method: 'wechat', amount: order.total, reference: native },
  ]);
});

test('a second trade of a paid payment paid too: the second is kept as its own money to refund', async () => {
  const { order, payment, native } = await scanned();
  const prepaid = await jsapi(payment.scene);
  expect(fake.payJsapi(prepaid.body.params)).toBeNull();
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
  fake.pay(native);
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  expect(till.server.store.order(order.id)!.tenders).toEqual([
    { method: 'wechat', amount: order.total, reference: `${native}J1` },
  ]);
  const wechat = await wechatOfDay(order.businessDay);
  expect(wechat.pendingList.map((p) => [p.reference, p.amount, p.status])).toEqual([
    [native, order.total, 'paid_not_recorded'],
  ]);
});

test('taken after its day closed too: carried to the next open day as money to refund', async () => {
  const { order, payment, native } = await scanned();
  expect((await closeOnTill(payment.id)).body.payment.status).toBe('closed');
  const manager = await signIn(till.server);
  const day = order.businessDay;
  const closed = await api(till.server, 'POST', `/api/reports/days/${day}/close`, {
    token: manager,
    body: { override: true, note: 'the order is still open' },
  });
  expect(closed.status).toBe(201);
  fake.pay(native);
  expect(await fake.notify(notifyUrl(), native)).toBe(204);
  const next = await api<{ report: DayReport }>(
    till.server,
    'GET',
    `/api/reports/days/${addBusinessDays(day, 1)}`,
    { token: manager },
  );
  expect(next.body.report.lateAdjustments.list).toEqual([
    expect.objectContaining({
      forDay: day,
      type: 'payment.not_recorded',
      orderNo: order.orderNo,
      netSales: 0,
      description: expect.stringMatching(/taken but not recorded on the order: refund it/),
    }),
  ]);
});
