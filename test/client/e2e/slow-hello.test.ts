// A hello slowed down by bad Wi-Fi past the server's wait: the server closes the socket, and the
// till must take it as a connection to try again, not as a server that no longer knows the device
// (`unauthorized`: a stop until someone pairs it again).
import { trackedSkus } from '../../support/sales';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { serverForEachTest, type TestServer } from '../../support/test-server';
import { sellForCash, shutDownAll, tabletThroughProxy, wifiBlip } from '../support/device';
import { until } from '../support/until';

let server: TestServer;
let proxy: TcpProxy | null = null;
// The server's hello wait, shortened from 10 s so the test is quick (the till still waits 10 s).
serverForEachTest((started) => (server = started), {
  options: { sync: { helloTimeoutMs: 1000 } },
  beforeClose: shutDownAll,
});
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

test('a hello that arrives after the server stopped waiting: the till reconnects, and is not told to pair again', async () => {
  proxy = await startTcpProxy(server.port);
  const tablet = await tabletThroughProxy(proxy, server, {
    client: { sync: { backoff: { baseMs: 100, maxMs: 1000 } } },
  });
  const { sync } = tablet.client;

  const stuck = proxy.holdNextSync();
  wifiBlip(tablet);
  const slow = await stuck;
  // The server stops waiting; the socket with the hello in the air is never welcomed.
  await until(
    () => sync.isOnline || sync.status.connection === 'unauthorized',
    'the till to connect again',
  );
  expect(sync.status.connection).toBe('online');
  expect(sync.status.lastError).toMatch(/hello_timeout/);

  // The slow hello reaches the server's closed socket at last: it changes nothing.
  slow.release();
  await slow.closed;
  sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  await until(() => sync.unsyncedCount === 0 || !sync.isOnline, 'the sale to sync');
  expect({ connection: sync.status.connection, reason: sync.status.reason }).toEqual({
    connection: 'online',
    reason: null,
  });
  expect(sync.unsyncedCount).toBe(0);
});
