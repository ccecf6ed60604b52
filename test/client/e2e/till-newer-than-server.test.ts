// WeChat updates the till to a newer sync protocol before the shop updates its in-store server. The
// real server refuses its hello: the till says the store's server needs updating (not the app it
// just got), keeps selling offline with its sales kept, knocks again now and then, and once the
// server is updated syncs them without being relaunched.
import { trackedSkus } from '../../support/sales';
import type { TestServer } from '../../support/test-server';
import { launch, pair, relaunch, sellForCash, serverPerTest, signIn } from '../support/device';
import { speakNextProtocol } from '../support/newer-till';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

test('a till newer than the server sells on, asks for the server to be updated, and syncs once it is', async () => {
  const paired = launch();
  await pair(paired, server, server.pos.pairingCodes.issue().code);
  // The app updated by WeChat: a short backoff, so the test sees it knock again.
  const tablet = await relaunch(paired, {
    client: { autoStart: false, sync: { backoff: { baseMs: 20, maxMs: 100 } } },
  });
  const newer = speakNextProtocol(tablet);
  tablet.client.start();
  signIn(tablet);
  const { sync } = tablet.client;
  await until(() => sync.status.connection === 'server_outdated', 'the refusal');
  expect(sync.status.reason).toMatch(/update the store's server/);
  expect(sync.status.reason).not.toMatch(/update the app/);

  const sold = sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  expect(sync.unsyncedCount).toBe(1);
  // Knocks again by itself while the server is not updated, and is refused each time.
  const knocked = newer.hellos;
  await until(() => newer.hellos >= knocked + 3, 'the till to knock again');
  expect(sync.status.connection).toMatch(/server_outdated|connecting/);
  expect(server.store.order(sold.id)).toBeUndefined();

  newer.serverUpdated = true;
  await until(() => sync.isCaughtUp && sync.unsyncedCount === 0, 'the sale to sync');
  expect(server.store.order(sold.id)?.status).toBe('paid');
  expect(sync.status).toMatchObject({ connection: 'online', reason: null });
});
