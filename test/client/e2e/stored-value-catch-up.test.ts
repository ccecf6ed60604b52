// A till back from a day offline is online at welcome, but its members' balances are a day old
// until the server's catch-up is applied, which push before pull delays (up to 2 s while other
// tills push, longer with its own backlog): the offline stored-value caps hold until then.
import { cashTender, type Tender } from '@pos/shared';
import { ProtocolClient } from '../../support/protocol-client';
import {
  demo,
  pairTestDevice,
  serverForEachTest,
  type TestServer,
} from '../../support/test-server';
import { launch, pair, shutDownAll, signIn, type TestDevice } from '../support/device';
import { until } from '../support/until';

let server: TestServer;
// A pull waits for a till still pushing for as long as the test needs (2 s by default).
serverForEachTest((started) => (server = started), {
  options: { sync: { maxPullDelayMs: 30_000 } },
  beforeClose: shutDownAll,
});
const liu = demo.members[1]; // ¥120.00 of stored value
const cap = demo.settings.offlineStoredValueCap.perMember;
const sku = demo.products.find((p) => p.active && p.soldBy === 'piece')!.skus[0];
let other: ProtocolClient | null = null;
afterEach(() => other?.close());

async function till(name: string): Promise<TestDevice> {
  const device = launch();
  await pair(device, server, server.pos.pairingCodes.issue().code, 'tablet', name);
  signIn(device);
  return device;
}

/** liu pays `amount` from stored value, the rest of the cart in cash. */
function storedValueSale(device: TestDevice, amount: number) {
  const { cart, orders } = device.client;
  cart.clear();
  const attached = cart.attachMember(liu.phone);
  if (!attached.ok) throw new Error(attached.error.message);
  while (cart.total < amount) cart.addItem(sku.id, 1);
  const tenders: Tender[] = [{ method: 'stored_value', amount, memberId: cart.cart.memberId! }];
  if (cart.total > amount) tenders.push(cashTender(cart.total - amount, cart.total - amount));
  return orders.checkout(tenders);
}

test('back online with a backlog, a till holds a member to the offline cap until the catch-up is in', async () => {
  expect(cap).toBeLessThan(liu.balance);
  const [a, b] = [await till('Till A'), await till('Till B')];

  // Till B is offline all day (it sells, for cash); till A, online, takes liu's whole balance.
  b.standIn.network.set({ isConnected: false });
  await until(() => !b.client.sync.isOnline, 'B to go offline');
  expect(b.client.sync.isCaughtUp).toBe(false);
  b.client.cart.addItem(sku.id, 1);
  const total = b.client.cart.total;
  expect(b.client.orders.checkout([cashTender(total, total)]).ok).toBe(true);
  expect(storedValueSale(a, liu.balance).ok).toBe(true);
  await until(() => server.store.memberByPhone(liu.phone)?.balance === 0, 'A to spend it all');

  // The Wi-Fi comes back: another till reconnects with its own backlog at the same moment, so the
  // server holds B's catch-up back while that till pushes.
  const paired = await pairTestDevice(server, 'Till C');
  other = await ProtocolClient.open(server.url, paired.token, null, { pending: true });
  b.standIn.network.set({ isConnected: true });
  await until(() => b.client.sync.isOnline && b.client.sync.unsyncedCount === 0, 'B to push');

  // Online, but what B knows of liu is this morning's ¥120: only the offline cap may go.
  expect(b.client.sync.isCaughtUp).toBe(false);
  expect(b.client.members.accountOf(liu.phone)?.balance).toBe(liu.balance);
  expect(b.client.members.spendable(liu.phone)).toBe(cap);
  const again = storedValueSale(b, liu.balance);
  expect(again).toMatchObject({
    ok: false,
    error: { code: 'stored_value_catching_up', asked: liu.balance, left: cap },
  });

  // The other till is done (it goes away): the server sends B its catch-up. Applied, the balance
  // is the server's ¥0, and that is what refuses now.
  other.close();
  other = null;
  await until(() => b.client.sync.isCaughtUp, 'B to catch up');
  expect(b.client.members.accountOf(liu.phone)?.balance).toBe(0);
  expect(storedValueSale(b, liu.balance)).toMatchObject({
    ok: false,
    error: { code: 'balance_short' },
  });
  expect(server.store.memberByPhone(liu.phone)?.balance).toBe(0);
});

test('a till that reconnects with nothing to push and nothing missed is caught up, and spends past the cap', async () => {
  const device = await till('Till A');
  await until(() => device.client.sync.isCaughtUp, 'the first catch-up');
  device.standIn.network.set({ isConnected: false });
  await until(() => !device.client.sync.isOnline, 'the till to go offline');
  expect(device.client.sync.isCaughtUp).toBe(false);
  expect(device.client.members.spendable(liu.phone)).toBe(cap);

  // Nothing changed on the server meanwhile: the server's empty catch-up says it is caught up.
  device.standIn.network.set({ isConnected: true });
  await until(() => device.client.sync.isCaughtUp, 'the till to catch up');
  expect(device.client.members.spendable(liu.phone)).toBe(liu.balance);
  expect(storedValueSale(device, liu.balance).ok).toBe(true);
  await until(() => server.store.memberByPhone(liu.phone)?.balance === 0, 'the spend to sync');
});
