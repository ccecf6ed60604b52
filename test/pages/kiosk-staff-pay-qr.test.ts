/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A pay QR left up on a kiosk's checkout when the staff session there ends untouched, on a kiosk
// paired with a real server (the payment simulator). Nobody is left to hand the goods over or to
// take another way of paying: the QR is closed on the server, and the sale the staff member rang up
// for it is voided, so it does not wait at the counter as if a customer were coming to pay it. A
// customer's own order, taken from the counter queue, goes back to waiting there. A member's
// top-up QR left up on the register closes too: paying it later (a photo of it, a phone held up
// too late) credits nothing. The client's clock is moved by hand (the payment's polls, the staff
// wait), the server keeps real time.
import { KIOSK_STAFF_MS } from '../../miniprogram/view/idle-timer';
import { payPayload } from '../../sync-server/payments/payment-view';
import { signIn } from '../client/support/device';
import { demo } from '../support/test-server';
import { kioskOnClockPerTest } from './support/kiosk-on-clock';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, typeInto, type Node } from './support/interact';

const pages = setUpPages();
const kiosk = kioskOnClockPerTest(pages);
const { pass, until } = kiosk;
// 陈女士 in the demo.
const phone = '13912345678';

/** This kiosk's orders waiting at the counter (the server also holds earlier tests' kiosks'). */
function ours(): string[] {
  const deviceId = kiosk.device.client.ledger.identity!.deviceId;
  return kiosk.device.client.orders.counterQueue
    .filter((view) => view.order.deviceId === deviceId)
    .map((view) => view.order.id);
}

/** The checkout's WeChat Pay button, then the QR on screen; the payment's id. */
async function qrUp(checkout: Node): Promise<string> {
  await until(() => checkout.data.online === true, 'being online');
  clickButton(checkout, '#wechat-qr');
  await until(() => checkout.data.qr.url !== '', 'the pay QR');
  return kiosk.device.client.payments.payment!.id;
}

/** Left alone past the staff wait: signed out, back on the kiosk. */
async function walkAway(): Promise<void> {
  await pass(KIOSK_STAFF_MS + 1_000, 1_000);
  expect(kiosk.device.client.session.isSignedIn).toBe(false);
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/kiosk/index' });
}

test('a sale rung up by staff: its QR closes and the unpaid order is voided, not left at the counter', async () => {
  signIn(kiosk.device, 'manager');
  const latte = kiosk.device.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(kiosk.device.client.cart.addItem(latte, 2).ok).toBe(true);
  const checkout = pages.render('pages/checkout/index');
  await settle(pages);
  const paymentId = await qrUp(checkout);
  const orderId = kiosk.device.client.payments.order!.id;
  expect(kiosk.server.store.order(orderId)!.status).toBe('open');

  await walkAway();
  await until(
    () => kiosk.server.store.state.payments[paymentId]?.status === 'closed',
    'the QR to be closed',
  );
  // Let go on the device: the kiosk's next customer starts with no payment under way.
  await until(() => kiosk.device.client.payments.payment === null, 'the payment to be let go');
  // Voided in the name of the manager whose session it was, saying why.
  const manager = demo.staffPins.find((s) => s.role === 'manager')!;
  expect(kiosk.device.client.orders.find(orderId)!.order).toMatchObject({
    status: 'voided',
    void: {
      staffId: manager.staffId,
      approvedBy: manager.staffId,
      reason: '店员长时间未操作，收款码已关闭，订单未付款自动作废',
    },
  });
  expect(ours()).toEqual([]);
  await until(
    () => kiosk.server.store.order(orderId)?.status === 'voided',
    'the void on the server',
  );
});

test('a customer’s order taken from the counter queue: its QR closes and the order waits there again', async () => {
  // A customer sent their order to the counter from this kiosk, before a manager took it over.
  const latte = kiosk.device.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(kiosk.device.client.cart.addItem(latte, 1).ok).toBe(true);
  const sent = kiosk.device.client.orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  signIn(kiosk.device, 'manager');
  const checkout = pages.render('pages/checkout/index');
  (checkout as unknown as { instance: { onLoad(query: object): void } }).instance.onLoad({
    order: encodeURIComponent(sent.value.id),
  });
  await settle(pages);
  const paymentId = await qrUp(checkout);

  await walkAway();
  await until(
    () => kiosk.server.store.state.payments[paymentId]?.status === 'closed',
    'the QR to be closed',
  );
  await until(() => kiosk.device.client.payments.payment === null, 'the payment to be let go');
  expect(kiosk.device.client.orders.find(sent.value.id)!.order.status).toBe('open');
  expect(ours()).toEqual([sent.value.id]);
});

/** The member found on the register's panel, ¥50.00 picked and WeChat Pay tapped: its QR up. */
async function topUpQrUp(register: Node): Promise<void> {
  await until(() => kiosk.device.client.members.isOnline, 'being online');
  const panel = find(register, '#member-panel');
  clickButton(panel, '#member-open');
  await settle(pages);
  typeInto(panel, '#member-phone', phone);
  await settle(pages);
  clickButton(panel, '#member-find');
  await settle(pages);
  clickButton(panel, '#member-top-up-open');
  await settle(pages);
  const form = find(panel, '#member-top-up');
  find(form.querySelectorAll('.member-top-up__amount')[0], '.van-button').dispatchEvent('tap');
  await settle(pages);
  clickButton(form, '#top-up-wechat');
  await until(() => form.data.qr.url !== '', 'the top-up QR');
}

test('a top-up QR left up when the staff session ends closes: paying it later credits nothing', async () => {
  signIn(kiosk.device, 'manager');
  const register = pages.render('pages/register/index');
  await settle(pages);
  await topUpQrUp(register);
  const before = kiosk.server.store.memberByPhone(phone)!.balance;
  const [topUp] = Object.values(kiosk.server.store.state.payments).filter(
    (payment) => payment.topUp && payment.status === 'pending',
  );

  await walkAway();
  await until(
    () => kiosk.server.store.state.payments[topUp.id].status === 'closed',
    'the top-up QR to be closed',
  );

  const payload = payPayload(
    kiosk.server.pos.payments.qr,
    kiosk.server.store.state.payments[topUp.id],
  );
  const paid = await fetch(`${kiosk.server.url}/pay/sim/${payload}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=confirm',
  });
  expect(paid.status).toBe(409);
  expect(kiosk.server.store.memberByPhone(phone)!.balance).toBe(before);
});

test('a staff member deactivated while their QR is up: it closes, the cart goes, back on the kiosk', async () => {
  // A cashier on the kiosk: the server deactivates them (a manager's edit) while the QR is up.
  signIn(kiosk.device, 'cashier');
  const { cart, catalog, orders, payments, session } = kiosk.device.client;
  const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(cart.addItem(latte, 2).ok).toBe(true);
  const checkout = pages.render('pages/checkout/index');
  await settle(pages);
  const paymentId = await qrUp(checkout);
  const orderId = payments.order!.id;
  const id = demo.staffPins.find((s) => s.role === 'cashier')!.staffId;
  const member = kiosk.server.store.state.staff[id];
  await kiosk.server.store.commit({ kind: 'staff.saved', staff: { ...member, active: false } });
  try {
    await until(() => !session.isSignedIn, 'the cashier to be signed out');
    await until(
      () => pages.navigations.at(-1)?.url === '/pages/kiosk/index',
      'the kiosk screen again',
    );
    expect(cart.isEmpty).toBe(true);
    await until(
      () => kiosk.server.store.state.payments[paymentId]?.status === 'closed',
      'the QR to be closed',
    );
    await until(() => payments.payment === null, 'the payment to be let go');
    // Nobody signed in may void it: it stays open in the orders list for a manager, as a
    // cashier's does when the wait runs out; not at the counter as a customer's would be.
    expect(orders.find(orderId)!.order.status).toBe('open');
    expect(ours()).toEqual([]);
  } finally {
    await kiosk.server.store.commit({ kind: 'staff.saved', staff: member });
  }
});
