// A refund made at the till takes back the points its sale earned at the rate the sale earned them,
// as the server does, not at whatever rate the store has set since: otherwise, until the server's
// member change comes, the till shows the member short and refuses points they have, and at the
// ack lays the wrong figure on its copy of the member.
import { cashTender, pointsEarned, type Order } from '@pos/shared';
import { MemberTill } from '../support/member-operations';
import { ProtocolClient } from '../support/protocol-client';
import { demo, pairTestDevice, type TestServer } from '../support/test-server';
import { lastOp } from './support/acked-offline';
import { launch, pair, serverPerTest, signIn, type TestDevice } from './support/device';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

// m-0005: 40 points.
const member = demo.members.find((m) => m.phone === '17759203318')!;
const sku = demo.products.find((p) => p.active && p.soldBy === 'piece' && p.skus[0].price >= 1000)!
  .skus[0];

async function pairedTill(): Promise<TestDevice> {
  const tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  return tablet;
}

const synced = (device: TestDevice) =>
  until(() => device.client.sync.unsyncedCount === 0, 'the outbox to sync');

/** The manager sets another points rate on the server; it reaches the till. */
async function storeRateBecomes(pointsPerYuan: number, till: TestDevice): Promise<void> {
  await server.store.commit({
    kind: 'settings.saved',
    settings: { ...server.store.settings, pointsPerYuan },
  });
  await until(
    () => till.client.catalog.settings.pointsPerYuan === pointsPerYuan,
    'the new rate to reach the till',
  );
}

async function offline(till: TestDevice): Promise<void> {
  till.standIn.network.set({ isConnected: false });
  await until(() => till.client.sync.status.connection !== 'online', 'the till to go offline');
}

function refundAll(till: TestDevice, order: Order): void {
  const refunded = till.client.orders.refund(order.id, {
    lines: order.lines.map((line) => ({ lineId: line.lineId, qty: line.qty })),
    reason: 'returned',
    approvedBy: 'staff-manager',
    restock: true,
  });
  if (!refunded.ok) throw new Error(refunded.error.message);
}

/** The member's points on the till's copy right after each ack, with what the outbox still held. */
function pointsAtEachAck(till: TestDevice): Array<{ outbox: number; points: number }> {
  const { ledger } = till.client;
  const seen: Array<{ outbox: number; points: number }> = [];
  const settle = ledger.settle.bind(ledger);
  jest.spyOn(ledger, 'settle').mockImplementation((results) => {
    settle(results);
    const points = ledger.replica.members.get(member.id)!.points;
    seen.push({ outbox: ledger.outbox.size, points });
  });
  return seen;
}

test('a sale earned at 1 point per yuan, refunded offline here after the store moved to 10: what it earned comes off, then and at the ack', async () => {
  const till = await pairedTill();
  const { cart, orders, members } = till.client;
  expect(cart.attachMember(member.phone).ok).toBe(true);
  expect(cart.addItem(sku.id, 1).ok).toBe(true);
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  if (!sold.ok) throw new Error(sold.error.message);
  // The till writes the rate its sale earns at on the order it sends.
  expect(lastOp(till).payload).toMatchObject({ pointsPerYuan: 1 });
  const earned = pointsEarned(sold.value.total, 1);
  expect(earned).toBeGreaterThanOrEqual(10);
  await synced(till);
  await until(
    () => members.accountOf(member.phone)?.syncedPoints === member.points + earned,
    'the server to credit the sale',
  );

  await storeRateBecomes(10, till);
  await offline(till);
  refundAll(till, sold.value);
  // The server will take back the `earned` points, not ten times as many.
  expect(members.accountOf(member.phone)!.points).toBe(member.points);
  expect(members.checkRedeemed(member.id, { points: member.points, discount: 0 })).toEqual({
    ok: true,
    value: null,
  });

  const acks = pointsAtEachAck(till);
  till.standIn.network.set({ isConnected: true });
  await synced(till);
  await until(
    () => server.store.state.members[member.id].points === member.points,
    'the server to take the points back',
  );
  // The ack laid on the till's copy of the member what the server took back, before its change.
  expect(acks.find((ack) => ack.outbox === 0)).toEqual({ outbox: 0, points: member.points });
  await until(() => till.client.sync.status.connection === 'online', 'the till to pull');
  expect(members.accountOf(member.phone)!.points).toBe(member.points);
});

test('another till’s sale (an older app, no rate on its order), pulled here and refunded offline after the rate changed: taken back at the rate it earned', async () => {
  const till = await pairedTill();
  const { members, orders } = till.client;
  const other = new MemberTill(await pairTestDevice(server, 'Till 2', 'tablet'));
  const client = await ProtocolClient.open(server.url, other.device.token);
  const sale = other.sale(member.id, { qty: 2 });
  try {
    expect(sale.payload).not.toHaveProperty('pointsPerYuan');
    expect((await client.push([sale])).results[0].status).toBe('applied');
  } finally {
    client.close();
  }
  const earned = pointsEarned(sale.payload.total, 1);
  expect(earned).toBeGreaterThanOrEqual(10);
  await until(
    () =>
      orders.find(sale.payload.id) !== null &&
      members.accountOf(member.phone)?.syncedPoints === member.points + earned,
    'the other till’s sale and its points to reach this till',
  );

  await storeRateBecomes(10, till);
  await offline(till);
  refundAll(till, orders.find(sale.payload.id)!.order);
  expect(members.accountOf(member.phone)!.points).toBe(member.points);

  till.standIn.network.set({ isConnected: true });
  await synced(till);
  await until(
    () => server.store.state.members[member.id].points === member.points,
    'the server to take the points back',
  );
  await until(
    () => members.accountOf(member.phone)?.syncedPoints === member.points,
    'the server’s member change',
  );
  expect(members.accountOf(member.phone)!.points).toBe(member.points);
});
