/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A pay QR left up on a kiosk's checkout when the staff session there ends untouched, on a kiosk
// paired with a real server (the payment simulator). Nobody is left to hand the goods over or to
// take another way of paying: the QR is closed on the server, and the sale the staff member rang up
// for it is voided, so it does not wait at the counter as if a customer were coming to pay it. A
// customer's own order, taken from the counter queue, goes back to waiting there. The client's
// clock is moved by hand (the payment's polls, the staff wait), the server keeps real time.
import { KIOSK_STAFF_MS } from '../../miniprogram/view/idle-timer';
import { launch, pair, shutDownAll, signIn, type TestDevice } from '../client/support/device';
import { ManualClock } from '../client/support/manual-clock';
import { removeDir } from '../support/temp-dir';
import { demo, startTestServer, type TestServer } from '../support/test-server';
import { setUpPages, settle } from './support/pages';
import { clickButton, type Node } from './support/interact';

const pages = setUpPages();
let server: TestServer;
let device: TestDevice;
let clock: ManualClock;

beforeAll(async () => (server = await startTestServer()));
afterAll(async () => {
  await server.close();
  removeDir(server.dataDir);
});
beforeEach(async () => {
  clock = new ManualClock(Date.now());
  device = launch({ client: { clock } });
  await pair(device, server, server.pos.pairingCodes.issue().code, 'kiosk');
  pages.useClient(device.client);
});
afterEach(() => shutDownAll());

/** Moves the client's clock on in steps, letting sockets, HTTP and the page answer in between. */
async function pass(ms: number, step = 100): Promise<void> {
  for (let passed = 0; passed < ms; passed += step) {
    clock.advance(step);
    await settle(pages, 5);
  }
}

/** Time goes by on the client (100 ms a step) until the condition holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await pass(100);
  if (!condition()) throw new Error(`the kiosk never got to ${what}`);
  await settle(pages);
}

/** This kiosk's orders waiting at the counter (the server also holds earlier tests' kiosks'). */
function ours(): string[] {
  const deviceId = device.client.ledger.identity!.deviceId;
  return device.client.orders.counterQueue
    .filter((view) => view.order.deviceId === deviceId)
    .map((view) => view.order.id);
}

/** The checkout's WeChat Pay button, then the QR on screen; the payment's id. */
async function qrUp(checkout: Node): Promise<string> {
  await until(() => checkout.data.online === true, 'being online');
  clickButton(checkout, '#wechat-qr');
  await until(() => checkout.data.qr.url !== '', 'the pay QR');
  return device.client.payments.payment!.id;
}

/** Left alone past the staff wait: signed out, back on the kiosk. */
async function walkAway(): Promise<void> {
  await pass(KIOSK_STAFF_MS + 1_000, 1_000);
  expect(device.client.session.isSignedIn).toBe(false);
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/kiosk/index' });
}

test('a sale rung up by staff: its QR closes and the unpaid order is voided, not left at the counter', async () => {
  signIn(device, 'manager');
  const latte = device.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(device.client.cart.addItem(latte, 2).ok).toBe(true);
  const checkout = pages.render('pages/checkout/index');
  await settle(pages);
  const paymentId = await qrUp(checkout);
  const orderId = device.client.payments.order!.id;
  expect(server.store.order(orderId)!.status).toBe('open');

  await walkAway();
  await until(
    () => server.store.state.payments[paymentId]?.status === 'closed',
    'the QR to be closed',
  );
  // Let go on the device: the kiosk's next customer starts with no payment under way.
  await until(() => device.client.payments.payment === null, 'the payment to be let go');
  // Voided in the name of the manager whose session it was, saying why.
  const manager = demo.staffPins.find((s) => s.role === 'manager')!;
  expect(device.client.orders.find(orderId)!.order).toMatchObject({
    status: 'voided',
    void: {
      staffId: manager.staffId,
      approvedBy: manager.staffId,
      reason: '店员长时间未操作，收款码已关闭，订单未付款自动作废',
    },
  });
  expect(ours()).toEqual([]);
  await until(() => server.store.order(orderId)?.status === 'voided', 'the void on the server');
});

test('a customer’s order taken from the counter queue: its QR closes and the order waits there again', async () => {
  // A customer sent their order to the counter from this kiosk, before a manager took it over.
  const latte = device.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(device.client.cart.addItem(latte, 1).ok).toBe(true);
  const sent = device.client.orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  signIn(device, 'manager');
  const checkout = pages.render('pages/checkout/index');
  (checkout as unknown as { instance: { onLoad(query: object): void } }).instance.onLoad({
    order: encodeURIComponent(sent.value.id),
  });
  await settle(pages);
  const paymentId = await qrUp(checkout);

  await walkAway();
  await until(
    () => server.store.state.payments[paymentId]?.status === 'closed',
    'the QR to be closed',
  );
  await until(() => device.client.payments.payment === null, 'the payment to be let go');
  expect(device.client.orders.find(sent.value.id)!.order.status).toBe('open');
  expect(ours()).toEqual([sent.value.id]);
});
