// The customer's side of a pay QR over real HTTP: what a phone that scanned it may still do once
// the order was settled at the counter, and what it reads back once the code's time is up.
import type { CustomerPayment, JsapiParams } from '@pos/shared';
import { FakeWechatPay } from '../../support/fake-wechatpay';
import { removeDir } from '../../support/temp-dir';
import { api } from '../../support/test-server';
import {
  closeTill,
  openTill,
  placeOpenOrder,
  pushOperation,
  requestPayment,
  statusUntil,
  type PaymentTill,
} from './support';

let till: PaymentTill | null = null;
let fake: FakeWechatPay | null = null;
afterEach(async () => {
  if (till) {
    await closeTill(till);
    removeDir(till.server.dataDir);
    till = null;
  }
  if (fake) await fake.stop();
  fake = null;
});

type Answer = CustomerPayment & { params: JsapiParams; error: { code: string; message: string } };
const customer = (method: 'GET' | 'POST', path: string, body?: unknown) =>
  api<Answer>(till!.server, method, `/api/customer/pay/${path}`, { body });

/** The cashier takes the whole total in cash at the till (the customer changed their mind). */
async function paidInCash(till: PaymentTill, order: { id: string; total: number }) {
  const answer = await pushOperation(till, 'order.paid', {
    orderId: order.id,
    cashierId: 'staff-cashier-1',
    tenders: [{ method: 'cash', amount: order.total, tendered: order.total, change: 0 }],
    paidAt: till.clock.now(),
  });
  expect(answer.status).toBe('applied');
}

// A slow poll: what the customer does falls between two of the server's looks at the provider.
const slowPoll = { pollMs: 60_000, retryMs: 60_000 };

test('an order paid in cash while the customer’s pay page was open cannot be paid again in the simulator', async () => {
  till = await openTill({ payments: slowPoll });
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  expect((await customer('GET', payment.scene)).body.payment.status).toBe('pending');

  await paidInCash(till, order);
  const paying = await customer('POST', `${payment.scene}/simulate`, { action: 'confirm' });
  expect(paying.status).toBe(409);
  expect(paying.body.error.code).toBe('not_pending');
  const after = till.server.store.state.payments[payment.id];
  expect(after.status).toBe('closed');
  expect(till.server.store.order(order.id)!.tenders.map((t) => t.method)).toEqual(['cash']);
});

test('an order voided while the customer’s pay page was open gets no WeChat Pay prepay', async () => {
  fake = await new FakeWechatPay().start();
  till = await openTill({
    payments: { wechatPay: fake.config(), miniProgram: fake.miniProgram(), ...slowPoll },
  });
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  const native = till.server.store.state.payments[payment.id].outTradeNo;
  const voided = await pushOperation(till, 'order.voided', {
    orderId: order.id,
    staffId: 'staff-cashier-1',
    approvedBy: 'staff-manager',
    reason: '顾客不要了',
    at: till.clock.now(),
    deviceId: till.device.deviceId,
  });
  expect(voided.status).toBe('applied');

  const prepay = await customer('POST', `${payment.scene}/jsapi`, { code: fake.loginCode() });
  expect(prepay.status).toBe(409);
  expect(prepay.body.error.code).toBe('not_pending');
  expect(() => fake!.trade(`${native}J1`)).toThrow();
  expect(fake.trade(native).state).toBe('CLOSED');
  expect(till.server.store.state.payments[payment.id].status).toBe('closed');
});

test('a customer who paid reads it paid after the code’s time is up, and an unpaid one reads expired', async () => {
  till = await openTill();
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  expect((await customer('POST', `${payment.scene}/simulate`, { action: 'confirm' })).status).toBe(
    200,
  );
  await statusUntil(till, payment.id, (view) => view.status === 'paid', 'paid');

  till.clock.advance(payment.expiresAt - till.clock.now() + 1000);
  const read = await customer('GET', payment.scene);
  expect(read.status).toBe(200);
  expect(read.body.payment.status).toBe('paid');
  // Reading is all an expired code still does: paying with it is refused.
  const again = await customer('POST', `${payment.scene}/simulate`, { action: 'confirm' });
  expect(again.status).toBe(410);

  const unpaidOrder = await placeOpenOrder(till);
  const unpaid = (await requestPayment(till, { orderId: unpaidOrder.id })).body.payment;
  till.clock.advance(unpaid.expiresAt - till.clock.now() + 1000);
  await statusUntil(till, unpaid.id, (view) => view.status !== 'pending', 'expired');
  const expired = await customer('GET', unpaid.scene);
  expect(expired.status).toBe(200);
  expect(expired.body.payment.status).toBe('expired');
  const jsapi = await customer('POST', `${unpaid.scene}/jsapi`, { code: 'x' });
  expect(jsapi.status).toBe(410);
});
