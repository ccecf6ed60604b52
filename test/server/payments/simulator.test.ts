// The payment simulator end to end over real HTTP: an open order's pay QR (decoded from the PNG),
// the simulator's page confirming or declining, the order paid with a WeChat tender through the
// store (and synced), expiry, closing, splits, replays, tampering, ids that are built-ins' names,
// a restart mid-payment, and a kiosk order paid at the till's counter.
import { cashTender } from '@pos/shared';
import { customerRefusals } from '../../../sync-server/qr/customer-words';
import { ProtocolClient } from '../../support/protocol-client';
import { saleOperation } from '../../support/sales';
import { removeDir } from '../../support/temp-dir';
import { api, pairTestDevice, signIn, startTestServer } from '../../support/test-server';
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

let till: PaymentTill;
beforeEach(async () => (till = await openTill()));
afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
});

const form = (action: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `action=${action}`,
});

test("a kiosk order paid by QR at the till's counter names the till, whose drawer took its cash part", async () => {
  const kiosk = await pairTestDevice(till.server, 'Kiosk', 'kiosk');
  const sent = saleOperation({ device: kiosk, seq: 1, at: till.clock.now(), toCounter: true });
  const kioskSync = await ProtocolClient.open(till.server.url, kiosk.token);
  expect((await kioskSync.push([sent])).results[0].status).toBe('applied');
  kioskSync.close();
  const order = sent.payload;
  const cash = cashTender(Math.floor(order.total / 2), Math.floor(order.total / 2));

  const made = await requestPayment(till, {
    orderId: order.id,
    cashierId: 'staff-cashier-1',
    otherTenders: [cash],
  });
  expect(made.status).toBe(201);
  expect((await fetch(made.body.payment.qrText, form('confirm'))).status).toBe(200);
  await statusUntil(till, made.body.payment.id, (view) => view.status === 'paid', 'paid');
  expect(till.server.store.order(order.id)).toMatchObject({
    status: 'paid',
    deviceId: kiosk.deviceId,
    paidDeviceId: till.device.deviceId,
  });
});

test('pay QR -> simulator page -> confirm: the order is paid with a WeChat tender and synced', async () => {
  const order = await placeOpenOrder(till);
  const made = await requestPayment(till, { orderId: order.id, cashierId: 'staff-cashier-1' });
  expect(made.status).toBe(201);
  const payment = made.body.payment;
  expect(payment).toMatchObject({
    orderNo: order.orderNo,
    amount: order.total,
    status: 'pending',
    provider: 'simulator',
  });
  expect(payment.scene.length).toBeLessThanOrEqual(32);
  expect(payment.qrText).toBe(`${till.server.url}/pay/sim/${payment.scene}`);

  // The PNG the checkout shows carries exactly that text.
  const png = await fetchBuffer(till.server.url + payment.qrPng);
  expect(png.type).toBe('image/png');
  expect(decodePng(png.body)).toBe(payment.qrText);

  // The page the QR opens shows the server's amount and order number.
  const page = await fetch(payment.qrText);
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(html).toContain(order.orderNo);
  expect(html).toContain(`¥${(order.total / 100).toFixed(2)}`);

  const confirmed = await fetch(payment.qrText, form('confirm'));
  expect(confirmed.status).toBe(200);
  expect(await confirmed.text()).toContain('已支付');
  const paid = await statusUntil(till, payment.id, (view) => view.status === 'paid', 'paid');
  expect(paid.status).toBe('paid');
  const stored = till.server.store.order(order.id)!;
  expect(stored.status).toBe('paid');
  expect(stored.cashierId).toBe('staff-cashier-1');
  expect(stored.tenders).toEqual([
    {
      method: 'wechat',
      amount: order.total,
      reference: till.server.store.state.payments[payment.id].outTradeNo,
    },
  ]);
  // Every device hears of it through sync.
  await till.sync.waitFor(
    () =>
      till.sync
        .changes()
        .some((c) => c.kind === 'order' && c.order.id === order.id && c.order.status === 'paid'),
    'the paid order',
  );

  // The same form posted again (its code is used up) shows the payment paid, once.
  const replay = await fetch(payment.qrText, form('confirm'));
  expect(replay.status).toBe(200);
  expect(await replay.text()).toContain('已支付');
  expect(till.server.store.order(order.id)!.tenders).toHaveLength(1);
});

test('decline: the payment is declined and the order stays open for another way to pay', async () => {
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  const declined = await api(till.server, 'POST', `/api/customer/pay/${payment.scene}/simulate`, {
    body: { action: 'decline' },
  });
  expect(declined.status).toBe(200);
  const view = await statusUntil(till, payment.id, (v) => v.status === 'declined', 'declined');
  expect(view.problem).toBe('declined in the payment simulator');
  expect(till.server.store.order(order.id)!.status).toBe('open');
  // A new attempt is a new payment with its own out_trade_no.
  const again = (await requestPayment(till, { orderId: order.id })).body.payment;
  expect(again.id).not.toBe(payment.id);
  const trades = Object.values(till.server.store.state.payments).map((p) => p.outTradeNo);
  expect(new Set(trades).size).toBe(2);
});

test('expiry: an unpaid QR past its time is closed at the provider and expires; paying it then fails', async () => {
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  till.clock.advance(6 * 60_000);
  const view = await statusUntil(till, payment.id, (v) => v.status === 'expired', 'expired');
  expect(view.status).toBe('expired');
  const late = await fetch(payment.qrText, form('confirm'));
  expect(late.status).toBe(410);
  expect(await late.text()).toContain(customerRefusals.qr_expired);
  expect(till.server.store.order(order.id)!.status).toBe('open');
});

test('close: the cashier gives up on the QR; asking twice shows the same open QR', async () => {
  const order = await placeOpenOrder(till);
  const first = (await requestPayment(till, { orderId: order.id })).body.payment;
  const second = (await requestPayment(till, { orderId: order.id })).body.payment;
  expect(second.id).toBe(first.id);
  const closed = await api<{ payment: { status: string } }>(
    till.server,
    'POST',
    `/api/payments/${first.id}/close`,
    {
      token: till.device.token,
    },
  );
  expect(closed.body.payment.status).toBe('closed');
  expect((await fetch(first.qrText, form('confirm'))).status).toBe(409);
});

test('a split: cash at the till, the rest by QR; both tenders on the paid order', async () => {
  const order = await placeOpenOrder(till);
  const cash = { method: 'cash', amount: 100, tendered: 100, change: 0 };
  const { payment } = (await requestPayment(till, { orderId: order.id, otherTenders: [cash] }))
    .body;
  expect(payment.amount).toBe(order.total - 100);
  await api(till.server, 'POST', `/api/customer/pay/${payment.scene}/simulate`, {
    body: { action: 'confirm' },
  });
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
  expect(till.server.store.order(order.id)!.tenders.map((t) => [t.method, t.amount])).toEqual([
    ['cash', 100],
    ['wechat', order.total - 100],
  ]);
});

test('refused requests name the problem', async () => {
  const order = await placeOpenOrder(till);
  const unknown = await requestPayment(till, { orderId: 'nope:2026-01-01:1' });
  expect(unknown.status).toBe(404);
  expect(unknown.body.error!.message).toMatch(/has not reached the server yet/);
  const storedValue = await requestPayment(till, {
    orderId: order.id,
    otherTenders: [{ method: 'stored_value', amount: 1, memberId: 'm-0001' }],
  });
  expect(storedValue.status).toBe(400);
  const tooMuch = await requestPayment(till, {
    orderId: order.id,
    otherTenders: [{ method: 'cash', amount: order.total, tendered: order.total, change: 0 }],
  });
  expect(tooMuch.status).toBe(400);
  const noToken = await api(till.server, 'POST', '/api/payments', { body: { orderId: order.id } });
  expect(noToken.status).toBe(401);

  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  const last = payment.scene.at(-1) === 'A' ? 'B' : 'A';
  const tampered = await api(
    till.server,
    'GET',
    `/api/customer/pay/${payment.scene.slice(0, -1)}${last}`,
  );
  expect(tampered.status).toBe(400);
  expect(tampered.body).toEqual({
    error: {
      code: 'qr_tampered',
      message: 'this QR code was altered or was not made by this store’s server',
    },
  });
  const customer = await api<{ amountText: string }>(
    till.server,
    'GET',
    `/api/customer/pay/${payment.scene}`,
  );
  expect(customer.body.amountText).toBe(`¥${(order.total / 100).toFixed(2)}`);

  await api(till.server, 'POST', `/api/customer/pay/${payment.scene}/simulate`, {
    body: { action: 'confirm' },
  });
  await statusUntil(till, payment.id, (v) => v.status === 'paid', 'paid');
  const paidAlready = await requestPayment(till, { orderId: order.id });
  expect(paidAlready.status).toBe(409);
  expect(paidAlready.body.error!.message).toMatch(/is paid, not waiting for payment/);
});

test.each(['constructor', 'toString', '__proto__'])(
  '"%s" is no payment: 404 for it, its QR image, closing it and a refund retry',
  async (id) => {
    const token = till.device.token;
    const manager = await signIn(till.server, 'manager');
    const answers = [
      await api(till.server, 'GET', `/api/payments/${id}`, { token }),
      await api(till.server, 'POST', `/api/payments/${id}/close`, { token, body: {} }),
      await api(till.server, 'POST', `/api/payments/refunds/${id}/retry`, { token: manager }),
    ];
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual([
      [404, { error: { code: 'payment_unknown', message: `no payment ${id}` } }],
      [404, { error: { code: 'payment_unknown', message: `no payment ${id}` } }],
      [404, { error: { code: 'refund_unknown', message: `no refund ${id}` } }],
    ]);
    // The image needs no sign-in: a mini-program <image> sends no token.
    expect((await fetch(`${till.server.url}/api/payments/${id}/qr.png`)).status).toBe(404);
  },
);

test('a restart keeps the QR secret and the open payment, and the poller picks it up again', async () => {
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  till.sync.close();
  await till.server.close();
  const server = await startTestServer({
    dataDir: till.server.dataDir,
    now: till.clock.now,
    payments: { pollMs: 40, retryMs: 80 },
  });
  till = { ...till, server, sync: { close() {} } as never };
  // Same secret: the code shown before the restart still verifies.
  const customer = await api(server, 'GET', `/api/customer/pay/${payment.scene}`);
  expect(customer.status).toBe(200);
  // The simulator forgot its trade across the restart: the poller finds nothing paid and closes it.
  const view = await statusUntil(
    till,
    payment.id,
    (v) => v.status !== 'pending',
    'the payment to settle',
  );
  expect(view.status).toBe('closed');
});
