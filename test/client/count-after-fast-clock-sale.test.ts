// A phone whose clock runs two minutes fast (under the 5 minutes the sync badge warns about) sells
// online; the sale reaches the server at once. A minute later the tablet counts the shelf, the goods
// sold already gone from it. The server takes the sale as made no later than it received it, as it
// does a count, so the count is not reduced by that sale again, on the server and on the phone.
import { trackedSkus } from '../support/sales';
import type { TestServer } from '../support/test-server';
import { launch, pair, sellForCash, signIn, serverPerTest } from './support/device';
import { serverStock } from './support/server-checks';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const sku = trackedSkus[0].id;

test('a count taken after a synced sale is not reduced by that sale again (seller clock 2 min fast)', async () => {
  const tablet = launch();
  const phone = launch({ client: { now: () => Date.now() + 120_000 } });
  await pair(tablet, server, server.pos.pairingCodes.issue().code, 'tablet');
  await pair(phone, server, server.pos.pairingCodes.issue().code, 'phone');
  signIn(tablet, 'manager');
  signIn(phone);

  const sold = sellForCash(phone, [{ skuId: sku, qty: 3 }]);
  await until(() => server.store.order(sold.id) !== undefined, 'the sale on the server');
  await until(() => phone.client.sync.unsyncedCount === 0, 'the phone synced');

  // Afterwards (in real time), the shelf is counted: 10 left, the 3 sold already gone.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(tablet.client.catalog.countStock(sku, 10).ok).toBe(true);
  await until(() => tablet.client.sync.unsyncedCount === 0, 'the count synced');

  expect(serverStock(server, sku)).toBe(10);
  await until(() => phone.client.catalog.stockOf(sku) === 10, 'the phone shows the count');
  expect(tablet.client.catalog.stockOf(sku)).toBe(10);
});
