// A till's order numbers and times come from its own clock. Set back past its last change, the
// clock would hand out numbers the server already holds (refused `order_exists`: the cash in the
// drawer, the sale off the books), so the till refuses to stamp anything until it is set right;
// set forward and then corrected, the store's server vouches for it and the till sells again.
import { cashTender, storeDateTime, type Order } from '@pos/shared';
import { trackedSkus } from '../../support/sales';
import { demo, type TestServer } from '../../support/test-server';
import {
  launch,
  pair,
  relaunch,
  sellForCash,
  serverPerTest,
  signIn,
  type TestDevice,
} from '../support/device';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));
const MINUTE = 60_000;
const DAY = 86_400_000;
const sku = trackedSkus[0].id;
const liu = demo.members[1];
const offline = { network: { isConnected: false, networkType: 'none' as const } };

const synced = (tablet: TestDevice, what: string) =>
  until(() => tablet.client.ledger.outbox.entries().length === 0, what);

/** A cash sale, and the time its operation was stamped with. */
function sell(tablet: TestDevice): { order: Order; stampedAt: number } {
  const order = sellForCash(tablet, [{ skuId: sku, qty: 1 }]);
  return { order, stampedAt: tablet.client.ledger.outbox.entries().at(-1)!.op.createdAt };
}

const storeMinute = (at: number) => storeDateTime(at, demo.settings.utcOffsetMinutes).slice(0, 16);

test('a till whose date is set back a week refuses to sell, naming its last sale, and sells on with new numbers once set right', async () => {
  let offset = -8 * DAY;
  const now = () => Date.now() + offset;
  let tablet = launch({ client: { now } });
  await pair(tablet, server, server.pos.pairingCodes.issue().code, 'tablet');
  signIn(tablet);
  const sold = [sell(tablet)];
  await synced(tablet, 'the first sale to sync');
  // A sale a day for eight days: the first day's order numbers are no longer kept on the till.
  for (let day = -7; day <= 0; day++) {
    offset = day * DAY;
    tablet.client.checkDay();
    sold.push(sell(tablet));
    await synced(tablet, `the sale of day ${day} to sync`);
  }
  // NTP pulls a clock back by seconds or minutes: that still sells.
  offset = -5 * MINUTE;
  sold.push(sell(tablet));
  await synced(tablet, 'the sale a few minutes back to sync');
  const latest = Math.max(...sold.map((sale) => sale.stampedAt));
  // The latest stamp outlives the outbox: the counters record keeps it.
  expect(tablet.standIn.storage.dump()['pos.counters']).toMatchObject({ stampedAt: latest });

  // A sale rung up, then someone sets the tablet's date back by a week and a day; the app restarts.
  expect(tablet.client.cart.addItem(sku, 1).ok).toBe(true);
  offset = -8 * DAY;
  tablet = await relaunch(tablet, { client: { now } });
  signIn(tablet);
  // Online: the server's time says the clock is slow, so it does not vouch for it.
  await until(() => tablet.client.sync.isOnline, 'the tablet to be online');
  const { cart, orders, members, ledger, sync } = tablet.client;
  const refusal = {
    ok: false,
    error: {
      code: 'clock_behind',
      lastAt: storeMinute(latest),
      message: expect.stringContaining(`before this till's last change at ${storeMinute(latest)}`),
    },
  };
  expect(cart.isEmpty).toBe(false);
  expect(orders.checkout([cashTender(cart.total, cart.total)])).toEqual(refusal);
  // Nothing stamped: no sale, no top-up, and no new sale can start.
  expect(members.topUp(liu.phone, 1000)).toEqual(refusal);
  cart.clear();
  expect(cart.addItem(sku, 1)).toEqual(refusal);
  expect(ledger.outbox.entries()).toEqual([]);
  expect(sync.status.clockBehind).toBe(latest);
  expect(sync.refused).toEqual([]);

  // The date set right: the till sells again, under a number the server has not seen.
  offset = 0;
  tablet = await relaunch(tablet, { client: { now } });
  signIn(tablet);
  expect(tablet.client.sync.status.clockBehind).toBeNull();
  const again = sellForCash(tablet, [{ skuId: sku, qty: 1 }]);
  await synced(tablet, 'the sale to be answered');
  expect(tablet.client.sync.refused).toEqual([]);
  expect(sold.map((sale) => sale.order.id)).not.toContain(again.id);
  expect(server.store.ordersOfDay(again.businessDay).map((order) => order.id)).toContain(again.id);
});

test('a till whose date was set forward sells again once corrected, when the store’s server finds its clock right', async () => {
  let offset = 2 * DAY;
  const now = () => Date.now() + offset;
  let tablet = launch({ client: { now } });
  await pair(tablet, server, server.pos.pairingCodes.issue().code, 'tablet');
  signIn(tablet);
  const ahead = sell(tablet);
  await synced(tablet, 'the sale ahead to sync');

  // Corrected while the Wi-Fi is out: the till cannot tell which of its clock and its last sale
  // was wrong, so it refuses.
  offset = 0;
  tablet = await relaunch(tablet, { wx: offline, client: { now } });
  signIn(tablet);
  expect(tablet.client.cart.addItem(sku, 1)).toMatchObject({
    ok: false,
    error: { code: 'clock_behind', lastAt: storeMinute(ahead.stampedAt) },
  });

  // Back on the store's Wi-Fi: the server's time agrees with the clock, so the sale two days
  // ahead was the mistake. The till sells on today, and the server takes it.
  tablet.standIn.network.set({ isConnected: true });
  await until(() => tablet.client.sync.isOnline, 'the tablet to be online');
  expect(tablet.client.sync.status.clockBehind).toBeNull();
  const today = sellForCash(tablet, [{ skuId: sku, qty: 1 }]);
  await synced(tablet, 'the sale of today to sync');
  expect(tablet.client.sync.refused).toEqual([]);
  expect(today.businessDay).toBe(tablet.client.ledger.businessDay(Date.now()));
  expect(server.store.ordersOfDay(today.businessDay).map((order) => order.id)).toContain(today.id);
  // Relaunched, it still sells: the stamps ahead no longer count.
  tablet = await relaunch(tablet, { wx: offline, client: { now } });
  expect(tablet.client.sync.status.clockBehind).toBeNull();
});
