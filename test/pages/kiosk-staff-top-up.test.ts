/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A member's stored-value top-up QR left up on a kiosk's register when the staff session there
// ends untouched, on a kiosk paired with a real server (the payment simulator). Nobody is left to
// take the money: the QR is closed on the server, so a customer paying it later (a photo of it,
// a phone held up too late) credits nothing. The client's clock is moved by hand (the payment's
// polls, the staff wait), the server keeps real time.
import { KIOSK_STAFF_MS } from '../../miniprogram/view/idle-timer';
import { payPayload } from '../../sync-server/payments/payment-view';
import { launch, pair, shutDownAll, signIn, type TestDevice } from '../client/support/device';
import { ManualClock } from '../client/support/manual-clock';
import { removeDir } from '../support/temp-dir';
import { startTestServer, type TestServer } from '../support/test-server';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, type Node } from './support/interact';

const pages = setUpPages();
let server: TestServer;
let device: TestDevice;
let clock: ManualClock;
// 陈女士 in the demo.
const phone = '13912345678';

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

/** The member found on the register's panel, ¥50.00 picked and WeChat Pay tapped: its QR up. */
async function topUpQrUp(register: Node): Promise<void> {
  await until(() => device.client.members.isOnline, 'being online');
  const panel = find(register, '#member-panel');
  clickButton(panel, '#member-open');
  await settle(pages);
  find(panel, '#member-phone').dispatchEvent('change', { detail: phone });
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
  signIn(device, 'manager');
  const register = pages.render('pages/register/index');
  await settle(pages);
  await topUpQrUp(register);
  const before = server.store.memberByPhone(phone)!.balance;
  const [topUp] = Object.values(server.store.state.payments).filter(
    (payment) => payment.topUp && payment.status === 'pending',
  );

  await pass(KIOSK_STAFF_MS + 1_000, 1_000);
  expect(device.client.session.isSignedIn).toBe(false);
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/kiosk/index' });
  await until(
    () => server.store.state.payments[topUp.id].status === 'closed',
    'the top-up QR to be closed',
  );

  const payload = payPayload(server.pos.payments.qr, server.store.state.payments[topUp.id]);
  const paid = await fetch(`${server.url}/pay/sim/${payload}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=confirm',
  });
  expect(paid.status).toBe(409);
  expect(server.store.memberByPhone(phone)!.balance).toBe(before);
});
