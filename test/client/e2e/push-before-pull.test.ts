// Push before pull with the real client core and a real server: a tablet that comes back with
// sales to push gets others' changes only once its outbox is drained, and a connection lost in the
// middle of the drain leaves every sale on the server exactly once.
import type { Order } from '@pos/shared';
import { trackedSkus } from '../../support/sales';
import type { TestServer } from '../../support/test-server';
import {
  launch,
  pair,
  sellForCash,
  signIn,
  serverPerTest,
  type TestDevice,
} from '../support/device';
import { serverOrdersOf } from '../support/server-checks';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

/** Records the tablet's unsynced count each time changes from the server are applied. */
function watchPulls(device: TestDevice): number[] {
  const { ledger } = device.client;
  const seen: number[] = [];
  const applyChanges = ledger.applyChanges.bind(ledger);
  ledger.applyChanges = (changes, cursor) => {
    if (changes.length > 0) seen.push(device.client.sync.unsyncedCount);
    applyChanges(changes, cursor);
  };
  return seen;
}

async function pairedPair(): Promise<{ tablet: TestDevice; phone: TestDevice }> {
  // Batches of 200: the drain takes several.
  const tablet = launch({ client: { sync: { pushBatch: 200 } } });
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  const phone = launch();
  await pair(phone, server, server.pos.pairingCodes.issue().code, 'phone');
  signIn(phone);
  return { tablet, phone };
}

function sellOffline(device: TestDevice, count: number): Order[] {
  const sold: Order[] = [];
  for (let i = 0; i < count; i++)
    sold.push(sellForCash(device, [{ skuId: trackedSkus[i % 5].id, qty: 1 }]));
  return sold;
}

test("a tablet with a pending outbox gets others' sales only after it pushed its own", async () => {
  const { tablet, phone } = await pairedPair();
  tablet.standIn.network.set({ isConnected: false });
  await until(() => tablet.client.sync.status.connection === 'offline', 'the tablet offline');
  const sold = sellOffline(tablet, 450);
  const phoneSale = sellForCash(phone, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  await until(() => phone.client.sync.unsyncedCount === 0, "the phone's sale to sync");

  const pulls = watchPulls(tablet);
  tablet.standIn.network.set({ isConnected: true });
  await until(
    () => tablet.client.ledger.history.get(phoneSale.id) !== undefined,
    "the phone's sale to reach the tablet",
  );
  expect(tablet.client.sync.unsyncedCount).toBe(0);
  expect(pulls.length).toBeGreaterThan(0);
  expect(pulls.every((unsynced) => unsynced === 0)).toBe(true);
  const onServer = serverOrdersOf(server, tablet.client.ledger.identity!.deviceId, [
    sold[0].businessDay,
  ]);
  expect(onServer).toHaveLength(450);
  // Live changes follow as before.
  const later = sellForCash(phone, [{ skuId: trackedSkus[1].id, qty: 1 }]);
  await until(() => tablet.client.ledger.history.get(later.id) !== undefined, 'a live change');
});

test('a connection lost mid-drain: every sale reaches the server exactly once', async () => {
  const { tablet, phone } = await pairedPair();
  const { deviceId } = tablet.client.ledger.identity!;
  tablet.standIn.network.set({ isConnected: false });
  await until(() => tablet.client.sync.status.connection === 'offline', 'the tablet offline');
  const sold = sellOffline(tablet, 450);
  const phoneSale = sellForCash(phone, [{ skuId: trackedSkus[0].id, qty: 1 }]);

  // The network goes as soon as the first batch is acknowledged, and comes back a moment later.
  let cut = false;
  let unsyncedAtCut = 0;
  const stop = tablet.client.ledger.subscribe(() => {
    if (cut || tablet.client.sync.unsyncedCount >= 450) return;
    cut = true;
    setImmediate(() => {
      unsyncedAtCut = tablet.client.sync.unsyncedCount;
      tablet.standIn.network.set({ isConnected: false });
      setTimeout(() => tablet.standIn.network.set({ isConnected: true }), 50);
    });
  });
  const pulls = watchPulls(tablet);
  tablet.standIn.network.set({ isConnected: true });
  await until(() => cut, 'the first ack');
  stop();
  await until(
    () =>
      tablet.client.sync.unsyncedCount === 0 &&
      tablet.client.ledger.history.get(phoneSale.id) !== undefined,
    'the drain to finish and the pull to follow',
  );
  expect(unsyncedAtCut).toBe(250);
  expect(pulls.every((unsynced) => unsynced === 0)).toBe(true);
  const onServer = serverOrdersOf(server, deviceId, [sold[0].businessDay]);
  expect(onServer.map((order) => order.id).sort()).toEqual(sold.map((order) => order.id).sort());
  expect(server.store.device(deviceId)).toMatchObject({ ackedSeq: 450, missingSeqs: [] });
});
