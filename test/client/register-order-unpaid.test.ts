// A register sale rung up for a WeChat pay QR stays open when the QR is given up on and the cashier
// leaves the checkout: the till lists it as its own sale awaiting payment (not in the counter
// queue: no customer is coming), takes cash for it once, and then no longer lists it. Another
// till's open sale is that till's to take; one the server refused or a manager voided is no sale
// to pay. A QR let go of before the server confirmed its close is taken back when payment is taken
// again: it is closed before anything else is taken, and paid meanwhile, the order is the server's
// paid one, never charged twice.
import { cashTender } from '@pos/shared';
import { trackedSkus } from '../support/sales';
import type { TestServer } from '../support/test-server';
import { lastOp, offlineTill } from './support/acked-offline';
import { launch, pair, serverPerTest, signIn, type TestDevice } from './support/device';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

async function pairedTill(kind: 'tablet' | 'kiosk' = 'tablet'): Promise<TestDevice> {
  const device = launch();
  await pair(device, server, server.pos.pairingCodes.issue().code, kind);
  return device;
}

/** Rings up two lattes (¥36.00) for a pay QR and waits until the QR is on screen. */
async function qrSaleShown(device: TestDevice) {
  const { catalog, cart, payments } = device.client;
  const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(cart.addItem(latte, 2).ok).toBe(true);
  const placed = payments.payCartByQr([]);
  if (!placed.ok) throw new Error(placed.error.message);
  await until(() => payments.phase === 'showing', 'the pay QR');
  return { order: placed.value, payment: payments.payment! };
}

const form = (action: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `action=${action}`,
});

const unpaidIds = (device: TestDevice) =>
  device.client.orders.unpaidHere.map((view) => view.order.id);

test('a QR sale given up on awaits payment on its own till only; cash pays it once, then it is gone', async () => {
  const till = await pairedTill();
  signIn(till);
  const { orders, payments } = till.client;
  const { order } = await qrSaleShown(till);
  await payments.cancel();
  await payments.leave(order.id);
  expect(orders.find(order.id)!.order.status).toBe('open');

  // A kiosk's customer order waits in the counter queue, not among the till's own unpaid sales;
  // the QR sale is not in the counter queue, as no customer is coming for it.
  const kiosk = await pairedTill('kiosk');
  const tea = kiosk.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(kiosk.client.cart.addItem(tea, 1).ok).toBe(true);
  const sent = kiosk.client.orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  // Another till's QR sale left open is that till's to take payment for.
  const other = await pairedTill();
  signIn(other);
  const elsewhere = await qrSaleShown(other);
  await other.client.payments.leave(elsewhere.order.id);
  await until(
    () => orders.find(sent.value.id) !== null && orders.find(elsewhere.order.id) !== null,
    'the other devices’ orders to sync here',
  );
  expect(orders.counterQueue.map((view) => view.order.id)).toEqual([sent.value.id]);
  expect(unpaidIds(till)).toEqual([order.id]);
  expect(unpaidIds(other)).toEqual([elsewhere.order.id]);
  expect(orders.awaitingPaymentHere(order.id)?.order.id).toBe(order.id);
  expect(orders.awaitingPaymentHere(sent.value.id)?.order.id).toBe(sent.value.id);
  expect(orders.awaitingPaymentHere(elsewhere.order.id)).toBeNull();

  const cash = [cashTender(order.total, 5000)];
  const paid = orders.payOpenOrder(order.id, cash);
  if (!paid.ok) throw new Error(paid.error.message);
  expect(paid.value).toMatchObject({ status: 'paid', tenders: [{ method: 'cash', change: 1400 }] });
  expect(orders.payOpenOrder(order.id, cash)).toMatchObject({
    ok: false,
    error: { code: 'already_paid_elsewhere' },
  });
  expect(unpaidIds(till)).toEqual([]);
  await until(() => server.store.order(order.id)?.status === 'paid', 'the payment on the server');
  expect(server.store.order(order.id)!.tenders).toEqual([
    expect.objectContaining({ method: 'cash', amount: 3600 }),
  ]);
});

test('a QR left before its close reached the server, paid meanwhile: taken back, it shows paid', async () => {
  const till = await pairedTill();
  signIn(till);
  const { orders, payments, ledger } = till.client;
  const { order, payment } = await qrSaleShown(till);

  // The cashier leaves the checkout while the server is out of reach: the close cannot land.
  till.standIn.network.set({ isConnected: false });
  const left = payments.leave(order.id);
  expect(payments.order).toBeNull();
  // The customer pays the QR they scanned meanwhile.
  expect((await fetch(payment.qrText, form('confirm'))).status).toBe(200);
  expect(unpaidIds(till)).toEqual([order.id]);

  // Payment taken again for it: the QR is this store's again, closing; no cash while it is.
  payments.takeBack(orders.find(order.id)!.order);
  expect(payments.phase).toBe('closing');
  expect(payments.order?.id).toBe(order.id);

  till.standIn.network.set({ isConnected: true });
  await until(() => payments.paid, 'the QR to be known paid');
  await left;
  await until(() => orders.find(order.id)?.order.status === 'paid', 'the paid order to sync');
  expect(orders.find(order.id)!.order.tenders).toEqual([
    expect.objectContaining({ method: 'wechat', amount: 3600 }),
  ]);
  expect(unpaidIds(till)).toEqual([]);
  expect(ledger.outbox.entries().map((entry) => entry.op.type)).not.toContain('order.paid');
});

test('a QR known closed when it was left is not taken back: cash may be taken at once', async () => {
  const till = await pairedTill();
  signIn(till);
  const { orders, payments } = till.client;
  const { order, payment } = await qrSaleShown(till);
  await payments.leave(order.id);
  expect(server.store.state.payments[payment.id].status).toBe('closed');

  payments.takeBack(orders.find(order.id)!.order);
  expect(payments.phase).toBe('idle');
  expect(payments.order).toBeNull();
});

test('a QR sale the server refused, or one a manager voided, awaits no payment', () => {
  const till = offlineTill();
  const { cart, orders, payments, ledger } = till.client;
  const ringUpForQr = () => {
    expect(cart.addItem(trackedSkus[0].id, 1).ok).toBe(true);
    const placed = payments.payCartByQr([]);
    if (!placed.ok) throw new Error(placed.error.message);
    payments.reset();
    return placed.value;
  };
  const refused = ringUpForQr();
  const placed = lastOp(till);
  ledger.settle([
    {
      id: placed.id,
      seq: placed.seq,
      status: 'refused',
      error: { code: 'sequence_jump', message: 'too far ahead' },
    },
  ]);
  const voided = ringUpForQr();
  expect(unpaidIds(till)).toEqual([voided.id]);
  const done = orders.voidOrder(voided.id, {
    reason: 'customer left',
    approvedBy: 'staff-manager',
  });
  if (!done.ok) throw new Error(done.error.message);
  expect(orders.find(refused.id)?.saleRefused).toBe(true);
  expect(unpaidIds(till)).toEqual([]);
  expect(orders.awaitingPaymentHere(refused.id)).toBeNull();
});
