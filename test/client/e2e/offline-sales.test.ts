// A tablet sells 50 orders with no network (and restarts meanwhile), reconnects, and the real
// server holds exactly those 50, once each; the tablet's outbox empties.
import type { Order } from '@pos/shared';
import { trackedSkus } from '../../support/sales';
import type { TestServer } from '../../support/test-server';
import { launch, pair, relaunch, sellForCash, signIn, serverPerTest } from '../support/device';
import { serverOrdersOf, serverStock } from '../support/server-checks';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

test('50 sales offline reach the server exactly once each when the tablet reconnects', async () => {
  let tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  const { deviceId } = tablet.client.ledger.identity!;
  const sku = trackedSkus[0].id;
  const startLevel = serverStock(server, sku);

  tablet.standIn.network.set({ isConnected: false });
  await until(() => tablet.client.sync.status.connection === 'offline', 'the tablet to go offline');
  const sold: Order[] = [];
  for (let i = 0; i < 25; i++) sold.push(sellForCash(tablet, [{ skuId: sku, qty: (i % 3) + 1 }]));
  // The app is closed and opened again, still offline: the outbox is in storage.
  tablet = await relaunch(tablet, { wx: { network: { isConnected: false, networkType: 'none' } } });
  expect(tablet.client.sync.unsyncedCount).toBe(25);
  for (let i = 25; i < 50; i++) sold.push(sellForCash(tablet, [{ skuId: sku, qty: (i % 3) + 1 }]));
  expect(tablet.client.sync.unsyncedCount).toBe(50);
  expect(tablet.client.sync.oldestUnsyncedAgeMs).toBeGreaterThanOrEqual(0);
  const days = [...new Set(sold.map((order) => order.businessDay))];
  expect(serverOrdersOf(server, deviceId, days)).toEqual([]);

  tablet.standIn.network.set({ isConnected: true });
  await until(
    () => tablet.client.sync.unsyncedCount === 0 && tablet.client.sync.isOnline,
    'the outbox to empty',
  );
  const onServer = serverOrdersOf(server, deviceId, days);
  expect(onServer.map((order) => order.id).sort()).toEqual(sold.map((order) => order.id).sort());
  expect(new Set(onServer.map((order) => order.orderNo)).size).toBe(50);
  // Each sale moved stock once: nothing was applied twice.
  const qty = sold.reduce((sum, order) => sum + order.lines[0].qty, 0);
  expect(serverStock(server, sku)).toBe(startLevel - qty);
  expect(server.store.device(deviceId)).toMatchObject({ ackedSeq: 50, missingSeqs: [] });

  expect(tablet.standIn.storage.keys().filter((key) => key.startsWith('pos.outbox'))).toEqual([]);
  expect(tablet.client.orders.views.filter((view) => view.sync !== 'synced')).toEqual([]);
  await until(() => tablet.client.catalog.stockOf(sku) === startLevel - qty, 'stock to settle');
});
