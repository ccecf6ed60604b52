// A kiosk order the server refused was never at the counter: staff signed in on that kiosk do not
// see it waiting to be paid, while the kiosk keeps it, refused, for a manager to look at. One whose
// payment at the counter was refused is still the server's open order, waiting to be paid.
import { cashTender } from '@pos/shared';
import { saleOperation, trackedSkus } from '../support/sales';
import type { TestServer } from '../support/test-server';
import { lastOp, offlineTill } from './support/acked-offline';
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

test('a kiosk order whose payment here was refused is still waiting at the counter', () => {
  const device = offlineTill();
  const { orders, ledger } = device.client;
  const { payload } = saleOperation({
    device: { deviceId: 'dev-kiosk-1', deviceCode: 'K1' },
    seq: 1,
    items: [{ skuId: trackedSkus[0].id, qty: 1 }],
    toCounter: true,
  });
  ledger.applyChanges([{ kind: 'order', cursor: 2, order: payload }], 2);
  const paid = orders.payOpenOrder(payload.id, [cashTender(payload.total, payload.total)]);
  if (!paid.ok) throw new Error(paid.error.message);
  expect(orders.counterQueue).toEqual([]);

  // The server refused the payment, not the order: it still holds it open, to be paid.
  const payment = lastOp(device);
  ledger.settle([
    {
      id: payment.id,
      seq: payment.seq,
      status: 'refused',
      error: { code: 'balance_short', message: 'not enough stored value' },
    },
  ]);
  expect(orders.counterQueue.map((view) => view.order.id)).toEqual([payload.id]);
});
