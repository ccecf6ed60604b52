// What guards the device and the manager's PIN: un-pairing (which clears the device's data) is
// refused while a shift is open on it, even once the server has every event, and while a WeChat pay
// QR on it may still be paid, and needs a manager (signed in, or a manager's PIN); a QR left as the
// pairing is lost is still closed; wrong manager PINs, in approvals or in signing in as a manager,
// have a count of their own that a cashier's sign-in does not clear, kept across a restart.
import { demo, serverForEachTest, type TestServer } from '../support/test-server';
import { launch, pair, relaunch, shutDownAll, signIn, type TestDevice } from './support/device';
import { ManualClock } from './support/manual-clock';
import { seedLedger } from './support/offline-seed';
import { until } from './support/until';

afterEach(shutDownAll);

const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;
const manager = demo.staffPins.find((s) => s.role === 'manager')!;
const wrongPin = (...pins: string[]) =>
  ['000000', '111111', '222222'].find((p) => !pins.includes(p))!;
/** Not the manager's PIN, nor any cashier's: a guess. */
const guess = wrongPin(...demo.staffPins.map((s) => s.pin));

describe('un-pairing', () => {
  let server: TestServer;
  serverForEachTest((s) => (server = s));

  async function pairedTill(): Promise<TestDevice> {
    const device = launch();
    await pair(device, server, server.pos.pairingCodes.issue().code);
    return device;
  }

  const synced = (device: TestDevice) =>
    until(() => device.client.ledger.outbox.size === 0, 'the outbox to sync');

  test('is refused while a shift is open on this device, though the server has it all', async () => {
    const device = await pairedTill();
    signIn(device, 'manager');
    const { session, shift } = device.client;
    expect(shift.open(20000).ok).toBe(true);
    await synced(device);

    expect(session.unpair()).toMatchObject({
      ok: false,
      error: { code: 'shift_open', message: expect.stringMatching(/Close the shift first/) },
    });
    expect(session.unpair(manager.pin)).toMatchObject({ ok: false, error: { code: 'shift_open' } });
    expect(session.isPaired).toBe(true);
    expect(shift.current).not.toBeNull();

    // Closed and synced: now it may.
    expect(shift.close([{ denomination: 10000, count: 2 }]).ok).toBe(true);
    await synced(device);
    expect(session.unpair().ok).toBe(true);
    expect(session.isPaired).toBe(false);
  });

  test('needs a manager: a cashier is refused without a manager’s PIN, and with a wrong one', async () => {
    const device = await pairedTill();
    signIn(device, 'cashier');
    const { session } = device.client;

    expect(session.unpair()).toMatchObject({ ok: false, error: { code: 'approval_missing' } });
    expect(session.unpair(cashier.pin)).toMatchObject({ ok: false, error: { code: 'wrong_pin' } });
    expect(session.unpair(guess)).toMatchObject({ ok: false, error: { code: 'wrong_pin' } });
    expect(session.isPaired).toBe(true);

    expect(session.unpair(manager.pin).ok).toBe(true);
    expect(session.isPaired).toBe(false);
    expect(device.standIn.storage.keys().filter((key) => key.startsWith('pos.'))).toEqual([]);
  });

  test('a signed-in manager un-pairs without typing a PIN', async () => {
    const device = await pairedTill();
    signIn(device, 'manager');
    expect(device.client.session.unpair().ok).toBe(true);
    expect(device.client.session.isPaired).toBe(false);
  });

  test('is refused with nobody signed in and no manager’s PIN', async () => {
    const device = await pairedTill();
    expect(device.client.session.unpair()).toMatchObject({
      ok: false,
      error: { code: 'approval_missing' },
    });
    expect(device.client.session.isPaired).toBe(true);
  });
});

describe('un-pairing with a WeChat pay QR on this till', () => {
  let server: TestServer;
  serverForEachTest((s) => (server = s));

  /** A manager's sale of a latte by pay QR: the order synced (nothing unsynced), its QR shown. */
  async function tillShowingQr(): Promise<TestDevice> {
    const till = launch();
    await pair(till, server, server.pos.pairingCodes.issue().code);
    signIn(till, 'manager');
    const { catalog, cart, payments, sync } = till.client;
    const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
    expect(cart.addItem(latte, 1).ok).toBe(true);
    const placed = payments.payCartByQr([]);
    if (!placed.ok) throw new Error(placed.error.message);
    await until(() => payments.phase === 'showing', 'the pay QR');
    await until(() => sync.unsyncedCount === 0, 'the outbox to sync');
    return till;
  }

  const payQrOpen = { ok: false, error: { code: 'payment_open' } };

  test('is refused while the QR is on screen; cancelled and known closed, it may', async () => {
    const till = await tillShowingQr();
    const { session, payments } = till.client;
    expect(session.unpair()).toMatchObject(payQrOpen);
    expect(session.unpair(manager.pin)).toMatchObject(payQrOpen);
    expect(session.isPaired).toBe(true);
    expect(payments.phase).toBe('showing');

    await payments.cancel();
    expect(server.store.state.payments[payments.payment!.id].status).toBe('closed');
    expect(session.unpair().ok).toBe(true);
    expect(session.isPaired).toBe(false);
  });

  test('is refused while a QR the checkout left is not yet known closed', async () => {
    const till = await tillShowingQr();
    const { session, payments } = till.client;
    const paymentId = payments.payment!.id;
    // The cashier leaves the checkout while the server is out of reach: the close cannot land.
    till.standIn.network.set({ isConnected: false });
    const left = payments.leave();
    expect(payments.phase).toBe('idle');
    expect(session.unpair()).toMatchObject(payQrOpen);
    expect(session.isPaired).toBe(true);

    till.standIn.network.set({ isConnected: true });
    await left;
    expect(server.store.state.payments[paymentId].status).toBe('closed');
    expect(session.unpair().ok).toBe(true);
  });

  test('is refused while a member’s top-up QR is up beside the checkout', async () => {
    const till = await tillShowingQr();
    const { session, payments } = till.client;
    await payments.cancel();
    const topUps = payments.another();
    expect(topUps.topUpByQr(demo.members[0].id, 5000).ok).toBe(true);
    await until(() => topUps.phase === 'showing', 'the top-up QR');
    expect(session.unpair()).toMatchObject(payQrOpen);
    await topUps.cancel();
    topUps.dispose();
    expect(session.unpair().ok).toBe(true);
  });

  test('a QR left once the till has lost its pairing is still closed on the server that made it', async () => {
    const till = await tillShowingQr();
    const { ledger, payments } = till.client;
    const { id, qrText } = payments.payment!;
    // What un-pairing does to the till, were it ever to happen with the QR still up.
    ledger.clearAll();
    expect(ledger.identity).toBeNull();

    await payments.leave();
    expect(server.store.state.payments[id].status).toBe('closed');
    // The customer scans the QR still on the screen: it cannot be paid.
    const confirmed = await fetch(qrText, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=confirm',
    });
    expect(confirmed.status).not.toBe(200);
    expect(server.store.state.payments[id].status).toBe('closed');
  });
});

describe('wrong manager PINs', () => {
  function offlineTill(clock: ManualClock): TestDevice {
    const device = launch({ client: { autoStart: false, clock } });
    seedLedger(device.client.ledger);
    return device;
  }

  test('a cashier signing in again does not reset them: the fifth locks approvals', () => {
    const clock = new ManualClock();
    const device = offlineTill(clock);
    const { session } = device.client;
    signIn(device, 'cashier');
    for (let i = 1; i <= 4; i++)
      expect(session.approveAsManager(guess)).toMatchObject({
        ok: false,
        error: { code: 'wrong_pin' },
      });
    session.signOut();
    signIn(device, 'cashier');
    expect(session.approveAsManager(guess)).toMatchObject({
      ok: false,
      error: { code: 'locked', message: 'too many wrong manager PINs: try again in 5 minutes' },
    });
    // Even the manager's right PIN waits the lockout out.
    expect(session.approveAsManager(manager.pin)).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  });

  test('lock approvals and signing in as a manager, not a cashier’s own sign-in; across a restart', async () => {
    const clock = new ManualClock();
    let device = offlineTill(clock);
    for (let i = 1; i <= 5; i++) device.client.session.approveAsManager(guess);
    expect(device.client.session.approvalLockedUntil).toBe(clock.now() + 5 * 60_000);
    expect(device.client.session.lockedUntil).toBeNull();

    device = await relaunch(device, { client: { autoStart: false, clock } });
    const { session } = device.client;
    expect(session.approveAsManager(manager.pin)).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(session.signIn(manager.staffId, manager.pin)).toMatchObject({
      ok: false,
      error: { code: 'locked', message: expect.stringMatching(/manager PINs/) },
    });
    expect(session.signIn(cashier.staffId, cashier.pin).ok).toBe(true);
    expect(session.unpair(manager.pin)).toMatchObject({ ok: false, error: { code: 'locked' } });

    clock.advance(5 * 60_000);
    expect(session.approveAsManager(manager.pin)).toMatchObject({
      ok: true,
      value: { id: manager.staffId },
    });
    expect(session.approvalLockedUntil).toBeNull();
  });

  test('guessed by signing in as the manager count too, and a cashier’s sign-in does not reset them', () => {
    const clock = new ManualClock();
    const device = offlineTill(clock);
    const { session } = device.client;
    for (let i = 1; i <= 4; i++)
      expect(session.signIn(manager.staffId, guess)).toMatchObject({
        ok: false,
        error: { code: 'wrong_pin' },
      });
    signIn(device, 'cashier');
    session.signOut();
    expect(session.signIn(manager.staffId, guess)).toMatchObject({
      ok: false,
      error: { code: 'locked', message: expect.stringMatching(/manager PINs/) },
    });
    expect(session.approveAsManager(manager.pin)).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  });

  test('a right manager PIN clears the count; wrong approvals leave sign-in’s own count alone', () => {
    const clock = new ManualClock();
    const device = offlineTill(clock);
    const { session } = device.client;
    for (let i = 1; i <= 4; i++) session.approveAsManager(guess);
    expect(session.approveAsManager(manager.pin).ok).toBe(true);
    for (let i = 1; i <= 4; i++)
      expect(session.approveAsManager(guess)).toMatchObject({ error: { code: 'wrong_pin' } });
    // A manager signing in is a right manager PIN too.
    expect(session.signIn(manager.staffId, manager.pin).ok).toBe(true);
    for (let i = 1; i <= 4; i++)
      expect(session.approveAsManager(guess)).toMatchObject({ error: { code: 'wrong_pin' } });

    // Four wrong sign-ins, then the right one: the approvals' count is not the sign-in's.
    for (let i = 1; i <= 4; i++) session.signIn(cashier.staffId, guess);
    expect(session.signIn(cashier.staffId, cashier.pin).ok).toBe(true);
    expect(session.lockedUntil).toBeNull();
  });

  test('a lockout run out starts the count again', () => {
    const clock = new ManualClock();
    const device = offlineTill(clock);
    const { session } = device.client;
    for (let i = 1; i <= 5; i++) session.approveAsManager(guess);
    clock.advance(5 * 60_000);
    for (let i = 1; i <= 4; i++)
      expect(session.approveAsManager(guess)).toMatchObject({ error: { code: 'wrong_pin' } });
    expect(session.approveAsManager(guess)).toMatchObject({ error: { code: 'locked' } });
  });
});
