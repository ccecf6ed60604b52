// On bad Wi-Fi the till gives up on a socket whose hello is stuck in TCP retransmission and opens
// another, which is welcomed. The old hello reaching the server after that must not take the
// device over: the server would close the till's socket as replaced (4409, a stop on the till) and
// hold the device with a socket the till already closed.
import { autorun } from 'mobx-miniprogram';
import { trackedSkus } from '../../support/sales';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import type { TestServer } from '../../support/test-server';
import { sellForCash, serverPerTest, tabletThroughProxy, wifiBlip } from '../support/device';
import { until } from '../support/until';

let server: TestServer;
let proxy: TcpProxy | null = null;
serverPerTest((started) => (server = started));
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

test("a hello from a socket the till gave up on, arriving after its new socket's welcome, changes nothing", async () => {
  proxy = await startTcpProxy(server.port);
  const tablet = await tabletThroughProxy(proxy, server, {
    client: {
      random: () => 0,
      sync: { connectTimeoutMs: 1000, backoff: { baseMs: 100, maxMs: 1000 } },
    },
  });
  const { sync } = tablet.client;

  // A Wi-Fi blip: the next socket opens, and its hello is stuck on the way.
  const stuck = proxy.holdNextSync();
  wifiBlip(tablet);
  // Every reason the status shows, as it shows it: the give-up's lasts only until the next
  // socket's welcome, which a poll on a busy machine can miss.
  const reasons: Array<string | null> = [];
  const stopWatching = autorun(() => reasons.push(sync.status.reason));
  const stale = await stuck;
  const gaveUp = "the store's server did not answer in time";
  await until(
    () => reasons.includes(gaveUp) && sync.isOnline,
    'the till to give the stuck socket up and a new socket welcomed',
  ).catch(() => undefined);
  stopWatching();
  expect(reasons).toContain(gaveUp);
  expect(sync.isOnline).toBe(true);

  // The stuck hello (and the close the till sent after it) reach the server at last.
  stale.release();
  await stale.closed;

  sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  await until(() => sync.unsyncedCount === 0 || !sync.isOnline, 'the sale to sync');
  expect({ connection: sync.status.connection, reason: sync.status.reason }).toEqual({
    connection: 'online',
    reason: null,
  });
  expect(sync.unsyncedCount).toBe(0);
  expect(server.pos.sync.connectedDevices()).toHaveLength(1);
});
