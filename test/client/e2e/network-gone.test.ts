// The phone reports no network (onNetworkStatusChange) while its socket hears nothing: on some
// phones WeChat leaves it half-open, with no close event. The till must not go on saying online
// and caught up (lifting the offline stored-value caps, offering QR pay) until its heartbeat gives
// up, up to 25 s later.
import { trackedSkus } from '../../support/sales';
import type { TestServer } from '../../support/test-server';
import {
  launch,
  pair,
  sellForCash,
  serverPerTest,
  signIn,
  type LaunchOptions,
  type TestDevice,
} from '../support/device';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

/** A tablet online and caught up, a cashier signed in; then the phone reports no network. */
async function tabletLosingItsNetwork(wx?: LaunchOptions['wx']): Promise<TestDevice> {
  const tablet = launch({ wx });
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  const { sync } = tablet.client;
  await until(() => sync.isCaughtUp, 'online and caught up');

  tablet.standIn.network.set({ isConnected: false });
  // Well inside the heartbeat's 15 s ping and 10 s wait for the pong. (A retry may be under way,
  // on the backoff: it fails for want of network, and the till says offline again.)
  await until(() => sync.status.connection === 'offline', 'the till to say it is offline', 1000);
  return tablet;
}

test('network gone without a close event: offline and not caught up at once, back in sync when it returns', async () => {
  const tablet = await tabletLosingItsNetwork({ socketsOnNetworkLoss: 'half-open' });
  const { sync } = tablet.client;
  expect(sync.status).toMatchObject({
    connection: 'offline',
    caughtUp: false,
    reason: 'the phone has no network',
  });
  expect(sync.isCaughtUp).toBe(false);

  sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  tablet.standIn.network.set({ isConnected: true });
  await until(
    () => sync.isCaughtUp && sync.unsyncedCount === 0,
    'the sale to sync once the network is back',
  );
  expect(server.store.orderCount).toBe(1);
});

test('重试 with no network: the attempt fails, and the till still says the phone has no network', async () => {
  const tablet = await tabletLosingItsNetwork();
  const { sync } = tablet.client;
  sync.retryNow();
  expect(sync.status.connection).toBe('connecting');
  await until(() => sync.status.connection === 'offline', 'the attempt to fail');
  // Not "connection failed: network is down": how the attempt failed is not why.
  expect(sync.status.reason).toBe('the phone has no network');
  expect(sync.summary).toContain('the phone has no network');

  tablet.standIn.network.set({ isConnected: true });
  await until(() => sync.isCaughtUp, 'back in sync once the network is back');
  expect(sync.status.reason).toBeNull();
});
