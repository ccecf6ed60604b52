// A tablet and a phone sell the same products at the same time, the phone partly offline: stock
// moves as deltas, so it converges to the same level on both devices and on the server.
import { trackedSkus } from '../../support/sales';
import type { TestServer } from '../../support/test-server';
import {
  launch,
  pair,
  sellForCash,
  signIn,
  type TestDevice,
  serverPerTest,
} from '../support/device';
import { serverStock } from '../support/server-checks';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const skus = [trackedSkus[0].id, trackedSkus[1].id];

/** Sells `rounds` times, yielding to the event loop between sales so devices interleave. */
async function keepSelling(device: TestDevice, rounds: number, qty: number): Promise<number> {
  let sold = 0;
  for (let i = 0; i < rounds; i++) {
    sellForCash(device, [
      { skuId: skus[0], qty },
      { skuId: skus[1], qty: 1 },
    ]);
    sold += qty;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return sold;
}

test('concurrent sales on two devices converge to one stock level everywhere', async () => {
  const tablet = launch();
  const phone = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code, 'tablet');
  await pair(phone, server, server.pos.pairingCodes.issue().code, 'phone');
  signIn(tablet);
  signIn(phone, 'manager');
  const start = skus.map((sku) => serverStock(server, sku));
  expect(skus.map((sku) => tablet.client.catalog.stockOf(sku))).toEqual(start);

  const phoneOffline = (async () => {
    const before = await keepSelling(phone, 10, 2);
    phone.standIn.network.set({ isConnected: false });
    const offline = await keepSelling(phone, 10, 2);
    phone.standIn.network.set({ isConnected: true });
    return before + offline;
  })();
  const [byTablet, byPhone] = await Promise.all([keepSelling(tablet, 30, 1), phoneOffline]);

  const expected = [start[0] - byTablet - byPhone, start[1] - 30 - 20];
  const levels = (device: TestDevice) => skus.map((sku) => device.client.catalog.stockOf(sku));
  await until(
    () =>
      tablet.client.sync.unsyncedCount === 0 &&
      phone.client.sync.unsyncedCount === 0 &&
      JSON.stringify(levels(tablet)) === JSON.stringify(expected) &&
      JSON.stringify(levels(phone)) === JSON.stringify(expected),
    'both devices to agree with the server',
  );
  expect(skus.map((sku) => serverStock(server, sku))).toEqual(expected);
  // Each device also sees the other's orders.
  expect(tablet.client.orders.views.length).toBe(50);
  expect(phone.client.orders.views.length).toBe(50);
});

test('a sale the server finds already in a count leaves every device showing the count', async () => {
  const tablet = launch();
  // The phone's clock runs a minute slow, so its sales look older than the tablet's count (as a
  // sale pushed late over a slow network, with the count overtaking it, does).
  const phone = launch({ client: { now: () => Date.now() - 60_000 } });
  await pair(tablet, server, server.pos.pairingCodes.issue().code, 'tablet');
  await pair(phone, server, server.pos.pairingCodes.issue().code, 'phone');
  signIn(tablet, 'manager');
  signIn(phone);

  expect(tablet.client.catalog.countStock(skus[0], 10).ok).toBe(true);
  await until(() => phone.client.catalog.stockOf(skus[0]) === 10, 'the count to reach the phone');
  sellForCash(phone, [{ skuId: skus[0], qty: 3 }]);
  await until(() => phone.client.sync.unsyncedCount === 0, 'the phone to push its sale');

  // The server holds the sale as already in the count; the phone must come to show what it holds.
  expect(serverStock(server, skus[0])).toBe(10);
  await until(
    () => phone.client.catalog.stockOf(skus[0]) === serverStock(server, skus[0]),
    'the phone to show the level the server holds',
  );
  expect(tablet.client.catalog.stockOf(skus[0])).toBe(10);
});

test('a count the server finds older than the last one leaves the counting device at the level that stands', async () => {
  const tablet = launch();
  const phone = launch({ client: { now: () => Date.now() - 60_000 } });
  await pair(tablet, server, server.pos.pairingCodes.issue().code, 'tablet');
  await pair(phone, server, server.pos.pairingCodes.issue().code, 'phone');
  signIn(tablet, 'manager');
  signIn(phone, 'manager');

  expect(tablet.client.catalog.countStock(skus[0], 10).ok).toBe(true);
  await until(() => phone.client.catalog.stockOf(skus[0]) === 10, 'the count to reach the phone');
  expect(phone.client.catalog.countStock(skus[0], 4).ok).toBe(true);
  await until(() => phone.client.sync.unsyncedCount === 0, 'the phone to push its count');

  expect(serverStock(server, skus[0])).toBe(10);
  await until(
    () => phone.client.catalog.stockOf(skus[0]) === 10,
    'the phone to show the level the server holds',
  );
});
