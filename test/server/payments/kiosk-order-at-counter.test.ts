// A kiosk order whose customer tapped 扫码支付 and then walked to the counter: the cashier takes it
// from the queue and shows the register's own pay QR, over real HTTP. That QR is the register's,
// recorded for the cashier; the kiosk giving up on its own QR (its wait ran out) must not close it.
// The kiosk's QR, paid before anyone noticed, is still the answer: never a second charge. A till's
// void of the order made while it was open does not undo the customer's QR payment.
import type { Order } from '@pos/shared';
import { ProtocolClient } from '../../support/protocol-client';
import { saleOperation } from '../../support/sales';
import { removeDir } from '../../support/temp-dir';
import { api, pairTestDevice, type PairedTestDevice } from '../../support/test-server';
import {
  closeTill,
  openTill,
  pushOperation,
  requestPayment,
  statusUntil,
  type PaymentTill,
} from './support';

let till: PaymentTill;
afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
});

const confirmForm = {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'action=confirm',
};

/** A kiosk's order sent to the counter, whose customer had the kiosk show its pay QR first. */
async function kioskOrderWithItsQr(): Promise<{
  kiosk: PairedTestDevice;
  order: Order;
  kioskPayment: { id: string; qrText: string };
}> {
  const kiosk = await pairTestDevice(till.server, 'Kiosk', 'kiosk');
  const sent = saleOperation({ device: kiosk, seq: 1, at: till.clock.now(), toCounter: true });
  const kioskSync = await ProtocolClient.open(till.server.url, kiosk.token);
  expect((await kioskSync.push([sent])).results[0].status).toBe('applied');
  kioskSync.close();
  const atKiosk = await api<{ payment: { id: string; qrText: string } }>(
    till.server,
    'POST',
    '/api/payments',
    { token: kiosk.token, body: { orderId: sent.payload.id, cashierId: null } },
  );
  expect(atKiosk.status).toBe(201);
  return { kiosk, order: sent.payload, kioskPayment: atKiosk.body.payment };
}

describe('polled as in the store', () => {
  beforeEach(async () => (till = await openTill()));

  test('the kiosk closing its QR does not close the register’s QR for the same order', async () => {
    const { kiosk, order, kioskPayment } = await kioskOrderWithItsQr();
    const atCounter = await requestPayment(till, {
      orderId: order.id,
      cashierId: 'staff-cashier-1',
    });
    expect(atCounter.status).toBe(201);
    expect(atCounter.body.payment.id).not.toBe(kioskPayment.id);

    // The kiosk's wait runs out: it closes the QR it showed (already closed by the counter's).
    const closed = await api<{ payment: { status: string } }>(
      till.server,
      'POST',
      `/api/payments/${kioskPayment.id}/close`,
      { token: kiosk.token, body: {} },
    );
    expect(closed.status).toBe(200);
    expect(closed.body.payment.status).toBe('closed');

    // The customer scans the counter's QR and pays.
    const view = await statusUntil(till, atCounter.body.payment.id, () => true, 'the status');
    expect(view.status).toBe('pending');
    expect((await fetch(atCounter.body.payment.qrText, confirmForm)).status).toBe(200);
    await statusUntil(till, atCounter.body.payment.id, (v) => v.status === 'paid', 'paid');
    expect(till.server.store.order(order.id)).toMatchObject({
      status: 'paid',
      cashierId: 'staff-cashier-1',
    });
  });

  test('the register’s QR for a kiosk order is paid in the cashier’s name, at the register', async () => {
    const { kiosk, order, kioskPayment } = await kioskOrderWithItsQr();
    const atCounter = await requestPayment(till, {
      orderId: order.id,
      cashierId: 'staff-cashier-1',
    });
    expect(atCounter.status).toBe(201);
    // The kiosk's QR was closed for it: a customer still holding it up to the kiosk cannot pay twice.
    expect(till.server.store.state.payments[kioskPayment.id].status).toBe('closed');
    expect((await fetch(kioskPayment.qrText, confirmForm)).status).toBe(409);

    expect((await fetch(atCounter.body.payment.qrText, confirmForm)).status).toBe(200);
    await statusUntil(till, atCounter.body.payment.id, (v) => v.status === 'paid', 'paid');
    expect(till.server.store.order(order.id)).toMatchObject({
      status: 'paid',
      deviceId: kiosk.deviceId,
      cashierId: 'staff-cashier-1',
      paidDeviceId: till.device.deviceId,
    });
  });

  test('the same register asking again gets the same QR; another cashier there gets a new one', async () => {
    const { order } = await kioskOrderWithItsQr();
    const ask = (cashierId: string) => requestPayment(till, { orderId: order.id, cashierId });
    const first = (await ask('staff-cashier-1')).body.payment;
    expect((await ask('staff-cashier-1')).body.payment.id).toBe(first.id);
    const other = await ask('staff-manager');
    expect(other.status).toBe(201);
    expect(other.body.payment.id).not.toBe(first.id);
    expect(till.server.store.state.payments[first.id].status).toBe('closed');
  });

  test('a void a till made of the open order is refused once the customer has paid the kiosk’s QR', async () => {
    const { order, kioskPayment } = await kioskOrderWithItsQr();
    // The till voids its copy, still open to it: the customer seemed to have walked away.
    const voidAt = till.clock.now();
    expect((await fetch(kioskPayment.qrText, confirmForm)).status).toBe(200);
    await statusUntil(till, kioskPayment.id, (v) => v.status === 'paid', 'paid');
    expect(till.server.store.order(order.id)?.status).toBe('paid');

    const answer = await pushOperation(till, 'order.voided', {
      orderId: order.id,
      staffId: 'staff-cashier-1',
      approvedBy: 'staff-manager',
      reason: 'customer left without paying',
      at: voidAt,
      deviceId: till.device.deviceId,
      voidedFrom: 'open',
    });
    // The sale stands, and no refund of the customer's WeChat payment is opened.
    const kept = till.server.store.order(order.id)!;
    expect({
      answer: answer.status,
      code: answer.error?.code,
      status: kept.status,
      void: kept.void,
      refunds: kept.paymentRefunds ?? [],
    }).toEqual({
      answer: 'refused',
      code: 'order_paid_meanwhile',
      status: 'paid',
      void: null,
      refunds: [],
    });
  });
});

describe('the kiosk’s QR paid before the server noticed', () => {
  // Nothing polls on its own: the provider is ahead of the server, as it is for up to 2 s.
  beforeEach(
    async () => (till = await openTill({ payments: { pollMs: 60_000, retryMs: 60_000 } })),
  );

  test('the register asking for its QR gets the kiosk’s paid payment, and the order is paid once', async () => {
    const { kiosk, order, kioskPayment } = await kioskOrderWithItsQr();
    const { simulator } = till.server.pos.payments;
    simulator!.confirm(till.server.store.state.payments[kioskPayment.id].outTradeNo);

    const atCounter = await requestPayment(till, {
      orderId: order.id,
      cashierId: 'staff-cashier-1',
    });
    expect(atCounter.status).toBeLessThan(300);
    expect(atCounter.body.payment).toMatchObject({ id: kioskPayment.id, status: 'paid' });
    const payments = Object.values(till.server.store.state.payments);
    expect(payments.map((payment) => [payment.id, payment.status])).toEqual([
      [kioskPayment.id, 'paid'],
    ]);
    // Taken at the kiosk, with no cashier: not in the register's drawer or the cashier's name.
    const paid = till.server.store.order(order.id)!;
    expect(paid).toMatchObject({ status: 'paid', cashierId: null });
    expect(paid.paidDeviceId ?? paid.deviceId).toBe(kiosk.deviceId);
  });
});
