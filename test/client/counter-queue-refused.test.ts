// A kiosk order the server refused was never at the counter: staff signed in on that kiosk do not
// see it waiting to be paid, while the kiosk keeps it, refused, for a manager to look at.
import { trackedSkus } from '../support/sales';
import type { TestServer } from '../support/test-server';
import { launch, pair, serverPerTest, signIn } from './support/device';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

test('a refused kiosk order leaves the counter queue and stays in the outbox, refused', async () => {
  const kiosk = launch();
  await pair(kiosk, server, server.pos.pairingCodes.issue().code, 'kiosk');
  const { client } = kiosk;

  expect(client.cart.addItem(trackedSkus[0].id, 1).ok).toBe(true);
  const accepted = client.orders.sendToCounter();
  if (!accepted.ok) throw new Error(accepted.error.message);
  await until(() => client.sync.unsyncedCount === 0, 'the first order to sync');

  // Its operation numbers jump far past what the server had (storage put back from an old copy):
  // the server refuses what it sends next.
  client.ledger.counters.raise({ lastSeq: client.ledger.counters.lastSeq + 20_000 });
  expect(client.cart.addItem(trackedSkus[1].id, 1).ok).toBe(true);
  const refused = client.orders.sendToCounter();
  if (!refused.ok) throw new Error(refused.error.message);
  await until(() => client.sync.refused.length === 1, 'the order to be refused');

  signIn(kiosk);
  const queued = client.orders.counterQueue.map((view) => view.order.id);
  expect(queued).toEqual([accepted.value.id]);
  expect(client.orders.find(refused.value.id)?.sync).toBe('refused');
});
