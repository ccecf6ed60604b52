/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The sign-in page on a paired device: a demo cashier's PIN signs in; a wrong PIN is refused and
// counted by the real session store, and five in a row lock the pad (wrong manager PINs in
// approvals lock only signing in as a manager); a four-digit PIN is sent with the pad's confirm key.
import { hashPin } from '@pos/shared';
import { demo, startTestServer, type TestServer } from '../support/test-server';
import { removeDir } from '../support/temp-dir';
import { launch, pair, shutDownAll, type TestDevice } from '../client/support/device';
import { ManualClock } from '../client/support/manual-clock';
import { until } from '../client/support/until';
import { setUpPages, settle } from './support/pages';
import { count, find, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;
let server: TestServer;
let device: TestDevice;
beforeAll(async () => (server = await startTestServer()));
afterAll(async () => {
  await server.close();
  removeDir(server.dataDir);
});
beforeEach(async () => {
  device = launch();
  await pair(device, server, server.pos.pairingCodes.issue().code);
  pages.useClient(device.client);
  pages.navigations.length = 0;
});
afterEach(() => shutDownAll());

async function typePin(page: Node, pin: string): Promise<void> {
  const keys = find(page, '#pin').querySelectorAll('.pin-pad__key');
  for (const digit of pin) keys.find((key) => key.dom?.textContent === digit)!.dispatchEvent('tap');
  await settle(pages);
}

const wrongPin = cashier.pin === '000000' ? '111111' : '000000';
const noticeText = (page: Node) => textOf(page, vant('van-notice-bar', 'van-notice-bar__content'));

/** Five wrong PINs in a row through the session store, as an earlier run of the app took them. */
function lockOut(on: TestDevice): void {
  for (let i = 0; i < 5; i++) on.client.session.signIn(cashier.staffId, wrongPin);
  expect(on.client.session.lockedUntil).not.toBeNull();
}

async function pick(page: Node, staffId: string): Promise<void> {
  const person = page
    .querySelectorAll('.sign-in__person')
    .find((node) => node.dom?.getAttribute('data-id') === staffId)!;
  find(person, '.van-button').dispatchEvent('tap');
  await settle(pages);
}

test('shows the staff as Vant buttons, refuses a wrong PIN and signs in with the right one', async () => {
  const page = pages.render('pages/sign-in/index');
  await settle(pages);
  expect(count(page, vant('van-button'))).toBe(demo.staffPins.length);
  expect(count(page, vant('van-tag'))).toBe(1); // the sync badge's state
  expect(textOf(page, vant('van-tag'))).toBe('在线');
  expect(textOf(page, own('sign-in__device'))).toContain(device.client.session.device!.deviceCode);

  await pick(page, cashier.staffId);
  const wrong = cashier.pin === '000000' ? '111111' : '000000';
  await typePin(page, wrong);
  expect(device.client.session.isSignedIn).toBe(false);
  expect(textOf(page, vant('van-notice-bar', 'van-notice-bar__content'))).toContain('PIN 错误');

  await typePin(page, cashier.pin);
  expect(device.client.session.staff).toMatchObject({ id: cashier.staffId, role: 'cashier' });
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/register/index' });
});

test('five wrong PINs in a row lock the pad, and the lockout is shown', async () => {
  const page = pages.render('pages/sign-in/index');
  await settle(pages);
  await pick(page, cashier.staffId);
  const wrong = cashier.pin === '000000' ? '111111' : '000000';
  for (let i = 0; i < 5; i++) await typePin(page, wrong);
  expect(device.client.session.lockedUntil).not.toBeNull();
  await until(() => page.data.locked === true, 'the pad to lock');
  await settle(pages);
  expect(count(page, '.pin-pad--pin-pad--disabled')).toBe(1);
  expect(textOf(page, vant('van-notice-bar', 'van-notice-bar__content'))).toMatch(
    /PIN 错误次数过多，请 5 分钟后再试/,
  );
  // Even the right PIN is refused while locked.
  await typePin(page, cashier.pin);
  expect(device.client.session.isSignedIn).toBe(false);
});

test('locked, and the page shown afresh (the app relaunched): the grey pad says why', async () => {
  lockOut(device);
  const page = pages.render('pages/sign-in/index');
  await settle(pages);
  expect(count(page, '.pin-pad--pin-pad--disabled')).toBe(1);
  expect(noticeText(page)).toBe('PIN 错误次数过多，请 5 分钟后再试');
});

test('picking someone else while locked keeps the lockout shown', async () => {
  const page = pages.render('pages/sign-in/index');
  await settle(pages);
  await pick(page, cashier.staffId);
  for (let i = 0; i < 5; i++) await typePin(page, wrongPin);
  expect(noticeText(page)).toBe('PIN 错误次数过多，请 5 分钟后再试');

  const other = demo.staffPins.find((s) => s.staffId !== cashier.staffId)!;
  await pick(page, other.staffId);
  expect(page.data.selectedId).toBe(other.staffId);
  expect(count(page, '.pin-pad--pin-pad--disabled')).toBe(1);
  expect(noticeText(page)).toBe('PIN 错误次数过多，请 5 分钟后再试');
});

test('the lockout notice counts the minutes down and goes when the lock ends', async () => {
  const clock = new ManualClock(Date.now());
  const onClock = launch({ client: { clock } });
  await pair(onClock, server, server.pos.pairingCodes.issue().code);
  pages.useClient(onClock.client);
  lockOut(onClock);
  const page = pages.render('pages/sign-in/index');
  await settle(pages);
  expect(noticeText(page)).toBe('PIN 错误次数过多，请 5 分钟后再试');

  clock.advance(60_000);
  await settle(pages);
  expect(noticeText(page)).toBe('PIN 错误次数过多，请 4 分钟后再试');

  clock.advance(4 * 60_000);
  await settle(pages);
  expect(page.data.locked).toBe(false);
  expect(count(page, vant('van-notice-bar'))).toBe(0);
  await pick(page, cashier.staffId);
  expect(count(page, '.pin-pad--pin-pad--disabled')).toBe(0);
  await typePin(page, cashier.pin);
  expect(onClock.client.session.staff).toMatchObject({ id: cashier.staffId });
});

test('manager PINs locked by wrong approvals: signing in as the manager is refused, a cashier still signs in', async () => {
  const manager = demo.staffPins.find((s) => s.role === 'manager')!;
  const guess = ['000000', '111111', '222222'].find(
    (pin) => !demo.staffPins.some((s) => s.pin === pin),
  )!;
  for (let i = 0; i < 5; i++) device.client.session.approveAsManager(guess);
  const page = pages.render('pages/sign-in/index');
  await settle(pages);
  expect(page.data.locked).toBe(false);

  await pick(page, manager.staffId);
  await typePin(page, manager.pin);
  expect(device.client.session.isSignedIn).toBe(false);
  expect(textOf(page, vant('van-notice-bar', 'van-notice-bar__content'))).toMatch(
    /PIN 错误次数过多，请 5 分钟后再试/,
  );

  await pick(page, cashier.staffId);
  await typePin(page, cashier.pin);
  expect(device.client.session.staff).toMatchObject({ id: cashier.staffId, role: 'cashier' });
});

test('an unpaired device is sent to pairing', async () => {
  const unpaired = launch();
  pages.useClient(unpaired.client);
  pages.render('pages/sign-in/index');
  await settle(pages);
  expect(pages.navigations).toEqual([{ api: 'reLaunch', url: '/pages/pair/index' }]);
});

test("a PIN shorter than six digits (the server takes 4 to 6) signs in with the pad's confirm key", async () => {
  // A manager set a four-digit PIN (the dashboard takes 4 to 6 digits); the device receives it.
  const staff = server.store.state.staff[cashier.staffId];
  const pinHash = hashPin(
    '4321',
    Uint8Array.from({ length: 16 }, (_, i) => i),
  );
  await server.store.commit({ kind: 'staff.saved', staff: { ...staff, pinHash } });
  await until(
    () => device.client.ledger.replica.staff.get(cashier.staffId)?.pinHash === pinHash,
    'the new PIN to sync',
  );

  const page = pages.render('pages/sign-in/index');
  await settle(pages);
  await pick(page, cashier.staffId);
  await typePin(page, '4321');
  expect(device.client.session.isSignedIn).toBe(false); // four digits: the pad waits for more
  find(find(page, '#pin'), '.pin-pad__key--submit').dispatchEvent('tap');
  await settle(pages);
  expect(device.client.session.staff).toMatchObject({ id: cashier.staffId });
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/register/index' });
});
