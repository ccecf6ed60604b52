// A till whose clock is hours off files its sales on the wrong business day. The server says its
// time in welcome (serverTime): the till keeps how far off it is, across a relaunch offline too,
// for the badge to tell the cashier (clock-warning.ts), and never shifts its own clock by it.
import { businessDayOf } from '@pos/shared';
import { trackedSkus } from '../../support/sales';
import { demo, serverForEachTest, type TestServer } from '../../support/test-server';
import { launch, pair, relaunch, sellForCash, shutDownAll, signIn } from '../support/device';
import { until } from '../support/until';

const HOUR = 3_600_000;
// 09:00 on 22 November in the store (UTC+8): the store's day 2026-11-22 started at 04:00.
const base = Date.UTC(2026, 10, 22, 1, 0);
const started = Date.now();
const serverNow = () => base + (Date.now() - started);
const offline = { network: { isConnected: false, networkType: 'none' as const } };

let server: TestServer;
serverForEachTest((s) => (server = s), { options: { now: serverNow }, beforeClose: shutDownAll });

/** Whether the till's last measurement puts its clock `expected` ms behind the server's. */
const measured = (skewMs: number | undefined, expected: number) =>
  skewMs !== undefined && Math.abs(skewMs - expected) < 1000;

test('a till 6 hours slow learns it at welcome and keeps it offline; its own clock stays as it is', async () => {
  // Its clock says 03:00: the time was set by hand and got wrong.
  let offset = -6 * HOUR;
  const now = () => serverNow() + offset;
  let tablet = launch({ client: { now } });
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  await until(() => tablet.client.sync.isOnline, 'the tablet to be online');
  expect(tablet.client.sync.status.serverClock).toEqual({
    skewMs: expect.any(Number),
    measuredAt: expect.any(Number),
  });
  expect(measured(tablet.client.sync.status.serverClock?.skewMs, 6 * HOUR)).toBe(true);

  // Not shifted: the sale keeps the device's time (and yesterday's business day), which is why
  // the cashier is warned to set the tablet's time right.
  const sold = sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  expect(sold.businessDay).toBe(businessDayOf(now(), demo.settings));
  expect(sold.businessDay).not.toBe(businessDayOf(serverNow(), demo.settings));

  // Relaunched with no network: the till still knows its clock was 6 hours slow.
  tablet = await relaunch(tablet, { wx: offline, client: { now } });
  expect(tablet.client.sync.isOnline).toBe(false);
  expect(measured(tablet.client.sync.status.serverClock?.skewMs, 6 * HOUR)).toBe(true);

  // Set right and back online: measured again at the next welcome.
  offset = 0;
  tablet.standIn.network.set({ isConnected: true });
  await until(
    () => measured(tablet.client.sync.status.serverClock?.skewMs, 0),
    'the clock to be measured again',
  );
});

test('set right while the app runs: shown again, the till measures its clock again', async () => {
  let offset = -6 * HOUR;
  const tablet = launch({ client: { now: () => serverNow() + offset } });
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  await until(
    () => measured(tablet.client.sync.status.serverClock?.skewMs, 6 * HOUR),
    'the clock to be measured',
  );

  // The cashier sets the time in the phone's settings and comes back to the app (app.ts onShow).
  offset = 0;
  tablet.client.sync.reconnectNow();
  await until(
    () => measured(tablet.client.sync.status.serverClock?.skewMs, 0),
    'the clock to be measured again',
  );
  expect(tablet.client.sync.isOnline).toBe(true);
});
