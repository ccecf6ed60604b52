// Staff sign-in by PIN, checked on the device against the synced hashes (no server), the lockout
// after wrong PINs (which a restart does not lift), manager approval, and un-pairing rules; and
// pairing, against a server, sending one request however often it is asked while under way.
import { demo, startTestServer } from '../support/test-server';
import { removeDir } from '../support/temp-dir';
import { trackedSkus } from '../support/sales';
import { syncBadge } from '../../miniprogram/view/sync-view';
import { addressOf, launch, relaunch, sellForCash, shutDownAll, signIn } from './support/device';
import { ManualClock } from './support/manual-clock';
import { seedLedger } from './support/offline-seed';

afterEach(shutDownAll);

const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;
const manager = demo.staffPins.find((s) => s.role === 'manager')!;
const wrongPin = (pin: string) => (pin === '000000' ? '111111' : '000000');

test('signs in offline with the synced PIN hash and knows the role', () => {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  const { session } = device.client;
  expect(session.signIn(cashier.staffId, cashier.pin)).toMatchObject({
    ok: true,
    value: { id: cashier.staffId, role: 'cashier' },
  });
  expect(session.isManager).toBe(false);
  expect(session.signIn(manager.staffId, manager.pin).ok).toBe(true);
  expect(session.isManager).toBe(true);
});

test('five wrong PINs lock sign-in for five minutes, across a restart', async () => {
  const clock = new ManualClock();
  let device = launch({ client: { autoStart: false, clock } });
  seedLedger(device.client.ledger);
  for (let i = 1; i <= 4; i++)
    expect(device.client.session.signIn(cashier.staffId, wrongPin(cashier.pin))).toMatchObject({
      ok: false,
      error: { code: 'wrong_pin' },
    });
  expect(device.client.session.signIn(cashier.staffId, wrongPin(cashier.pin))).toMatchObject({
    ok: false,
    error: { code: 'locked', message: 'too many wrong PINs: try again in 5 minutes' },
  });
  // Even the right PIN waits out the lockout, and restarting the app does not lift it.
  device = await relaunch(device, { client: { autoStart: false, clock } });
  expect(device.client.session.signIn(cashier.staffId, cashier.pin)).toMatchObject({
    ok: false,
    error: { code: 'locked' },
  });
  clock.advance(5 * 60_000);
  expect(device.client.session.signIn(cashier.staffId, cashier.pin).ok).toBe(true);
});

test('approval needs a manager PIN; a cashier PIN is refused', () => {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  const { session } = device.client;
  expect(session.approveAsManager(cashier.pin)).toMatchObject({ ok: false });
  expect(session.approveAsManager(manager.pin)).toMatchObject({
    ok: true,
    value: { id: manager.staffId, role: 'manager' },
  });
});

test('un-pairing is refused while anything is unsynced; signing out is not', () => {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  signIn(device);
  sellForCash(device, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  const { session } = device.client;
  expect(session.unpair()).toMatchObject({
    ok: false,
    error: {
      code: 'unsynced',
      message: expect.stringMatching(/^cannot un-pair this device: 1 change is not on/),
    },
  });
  expect(session.isPaired).toBe(true);
  expect(device.client.sync.unsyncedCount).toBe(1);
  session.signOut();
  expect(session.isSignedIn).toBe(false);
});

test('an emptied outbox lets a manager un-pair the device, which clears its data', () => {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  signIn(device, 'manager');
  expect(device.client.session.unpair().ok).toBe(true);
  expect(device.client.session.isPaired).toBe(false);
  expect(device.standIn.storage.keys().filter((key) => key.startsWith('pos.'))).toEqual([]);
});

test('un-pairing is refused while the outbox holds data this app version cannot read', () => {
  const before = launch({ client: { autoStart: false } });
  seedLedger(before.client.ledger);
  signIn(before);
  sellForCash(before, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  // Written by a newer version of the app, then rolled back: nothing here can read the chunk.
  const storage = before.standIn.storage.dump();
  const chunk = storage['pos.outbox.0'] as { records: unknown[] };
  storage['pos.outbox.0'] = { v: 2, records: chunk.records };
  const device = launch({ storage, client: { autoStart: false } });
  const { session, sync } = device.client;

  expect(sync.unsyncedCount).toBe(0);
  expect(syncBadge(sync.status).unreadable).not.toBe('');
  expect(session.unpair()).toMatchObject({
    ok: false,
    error: { code: 'unreadable', message: expect.stringMatching(/cannot read/) },
  });
  expect(session.isPaired).toBe(true);
  expect(device.standIn.storage.dump()['pos.outbox.0']).toEqual(storage['pos.outbox.0']);
});

test('a second pair() while one is under way sends no second request and gets the same answer', async () => {
  const server = await startTestServer();
  try {
    const redeem = jest.spyOn(server.pos.pairingCodes, 'redeem');
    const devicesBefore = server.store.devices().length;
    const device = launch({ client: { autoStart: false } });
    const input = {
      serverAddress: addressOf(server),
      code: server.pos.pairingCodes.issue().code,
      name: 'till',
      kind: 'tablet' as const,
    };
    const first = device.client.session.pair(input);
    const second = device.client.session.pair(input);
    expect(device.client.session.pairing).toBe(true);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toMatchObject({ ok: true, value: { name: 'till' } });
    expect(b).toEqual(a);
    expect(redeem).toHaveBeenCalledTimes(1);
    expect(server.store.devices()).toHaveLength(devicesBefore + 1);
    // Done: another call is a call of its own again (here refused: the device is paired).
    expect(await device.client.session.pair(input)).toMatchObject({
      ok: false,
      error: { code: 'already_paired' },
    });
  } finally {
    await shutDownAll();
    await server.close();
    removeDir(server.dataDir);
  }
});
