// A kiosk sends a "pay at the counter" order; the cashier's tablet sees it within a second and
// takes cash for it; the payment reaches the server and the kiosk.
import { cashTender } from '@pos/shared';
import { trackedSkus } from '../../support/sales';
import type { TestServer } from '../../support/test-server';
import { launch, pair, signIn, serverPerTest } from '../support/device';
import { serverStock } from '../support/server-checks';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

test('a kiosk order reaches the counter within a second and is paid in cash there', async () => {
  const kiosk = launch();
  const tablet = launch();
  await pair(kiosk, server, server.pos.pairingCodes.issue().code, 'kiosk');
  await pair(tablet, server, server.pos.pairingCodes.issue().code, 'tablet');
  signIn(tablet);
  const sku = trackedSkus[0].id;
  const startLevel = serverStock(server, sku);

  expect(kiosk.client.cart.addItem(sku, 2).ok).toBe(true);
  const sent = kiosk.client.orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  expect(sent.value).toMatchObject({
    status: 'open',
    source: 'kiosk',
    cashierId: null,
    tenders: [],
  });
  expect(sent.value.orderNo).toMatch(/^K1-/);

  const sentAt = Date.now();
  await until(
    () => tablet.client.orders.counterQueue.some((view) => view.order.id === sent.value.id),
    'the kiosk order at the counter',
    1000,
  );
  expect(Date.now() - sentAt).toBeLessThan(1000);
  // Not paid yet: no stock has moved.
  expect(serverStock(server, sku)).toBe(startLevel);

  const total = sent.value.total;
  const paid = tablet.client.orders.payOpenOrder(sent.value.id, [
    cashTender(total, Math.ceil(total / 10000) * 10000),
  ]);
  if (!paid.ok) throw new Error(paid.error.message);
  expect(paid.value).toMatchObject({ status: 'paid', cashierId: tablet.client.session.staff!.id });
  expect(tablet.client.orders.counterQueue).toEqual([]);

  await until(
    () => server.store.order(sent.value.id)?.status === 'paid',
    'the payment on the server',
  );
  expect(serverStock(server, sku)).toBe(startLevel - 2);
  await until(
    () => kiosk.client.orders.find(sent.value.id)?.order.status === 'paid',
    'the kiosk to hear it was paid',
  );
  await until(() => tablet.client.sync.unsyncedCount === 0, 'the tablet outbox to empty');
  expect(tablet.client.catalog.stockOf(sku)).toBe(startLevel - 2);
});
