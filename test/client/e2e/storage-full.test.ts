// Offline until storage is nearly full: a warning, then new sales refused; once the server is
// reachable every unsynced sale reaches it, acknowledged data is pruned and selling resumes.
import type { Order } from '@pos/shared';
import { trackedSkus } from '../../support/sales';
import type { TestServer } from '../../support/test-server';
import { launch, pair, sellForCash, signIn, serverPerTest } from '../support/device';
import { serverOrdersOf } from '../support/server-checks';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const QUOTA = 200 * 1024;

test('a warning, then refused sales, and every unsynced sale still reaches the server', async () => {
  const tablet = launch({ wx: { storageQuotaBytes: QUOTA } });
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  const { sync, cart } = tablet.client;
  const item = { skuId: trackedSkus[0].id, qty: 1 };

  tablet.standIn.network.set({ isConnected: false });
  const sold: Order[] = [];
  const levels: string[] = [];
  while (cart.addItem(item.skuId).ok) {
    cart.clear();
    sold.push(sellForCash(tablet, [item]));
    if (levels[levels.length - 1] !== sync.storageLevel) levels.push(sync.storageLevel);
  }
  expect(levels).toEqual(['ok', 'warning', 'full']);
  expect(sync.storageMessage).toMatch(/no new sale can start until this device syncs/);
  expect(sync.unsyncedCount).toBe(sold.length);
  expect(sold.length).toBeGreaterThan(100);

  tablet.standIn.network.set({ isConnected: true });
  await until(() => sync.unsyncedCount === 0 && sync.isOnline, 'the outbox to empty', 10_000);
  const days = [...new Set(sold.map((order) => order.businessDay))];
  const onServer = serverOrdersOf(server, tablet.client.ledger.identity!.deviceId, days);
  expect(onServer.map((o) => o.id).sort()).toEqual(sold.map((o) => o.id).sort());

  // Acknowledged sales leave the outbox and the history keeps within its share: room again.
  await until(() => sync.storageLevel === 'ok', 'storage to be freed');
  expect(tablet.standIn.storage.usedBytes()).toBeLessThan(QUOTA * 0.8);
  // History the full storage could not take is written once there is room.
  await until(() => sync.status.problem === null, 'the synced history to be written');
  expect(sellForCash(tablet, [item]).status).toBe('paid');
});
