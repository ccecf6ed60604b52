// A member's sale earns at the store's points rate when the server folds it, and the order the
// server keeps and sends carries that rate, so a till refunding it later (offline, after the rate
// changed) takes back what the server credited. A rate the till wrote on the order is its guess,
// never what the server credits.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cashTender, operationId, pointsEarned, type Change, type Order } from '@pos/shared';
import { MemberTill } from '../support/member-operations';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
import {
  demo,
  pairTestDevice,
  serverForEachTest,
  startTestServer,
  type TestServer,
} from '../support/test-server';

// Demo member 陈女士: 2680 points.
const chen = demo.members[0];

let server: TestServer;
const clients: ProtocolClient[] = [];
serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});

async function open(running: TestServer, token: string): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(running.url, token);
  clients.push(client);
  return client;
}

async function storeRateBecomes(running: TestServer, pointsPerYuan: number): Promise<void> {
  await running.store.commit({
    kind: 'settings.saved',
    settings: { ...running.store.settings, pointsPerYuan },
  });
}

const orderChanges = (client: ProtocolClient): Order[] =>
  client
    .changes()
    .filter((c): c is Extract<Change, { kind: 'order' }> => c.kind === 'order')
    .map((c) => c.order);

test('a sale is kept and sent at the rate the store credited it, whatever rate its till wrote', async () => {
  const till = new MemberTill(await pairTestDevice(server, 'Till 1', 'tablet'));
  const watcher = await open(server, (await pairTestDevice(server, 'Till 2', 'tablet')).token);
  const client = await open(server, till.device.token);
  const claimed = till.sale(chen.id, { qty: 2 });
  claimed.payload = { ...claimed.payload, pointsPerYuan: 7 };
  // A till on an older app writes no rate.
  const unwritten = till.sale(chen.id, { qty: 3 });
  const { results } = await client.push([claimed, unwritten]);
  expect(results.map((result) => result.status)).toEqual(['applied', 'applied']);

  const earned = pointsEarned(claimed.payload.total, 1) + pointsEarned(unwritten.payload.total, 1);
  expect(server.store.state.members[chen.id].points).toBe(chen.points + earned);
  const ids = [claimed.payload.id, unwritten.payload.id];
  for (const id of ids) expect(server.store.order(id)?.pointsPerYuan).toBe(1);
  await watcher.waitFor(() => orderChanges(watcher).length === 2, 'both orders on the other till');
  expect(orderChanges(watcher).map((order) => [order.id, order.pointsPerYuan])).toEqual(
    ids.map((id) => [id, 1]),
  );

  // Taken back at 1 per yuan after the store moved to 10, the claimed 7 playing no part.
  await storeRateBecomes(server, 10);
  expect((await client.push([till.refundAll(claimed)])).results[0].status).toBe('applied');
  expect(server.store.state.members[chen.id].points).toBe(
    chen.points + pointsEarned(unwritten.payload.total, 1),
  );
});

test('a kiosk’s open order earns at the rate of its payment, not at one the kiosk wrote', async () => {
  const kiosk = await pairTestDevice(server, 'Kiosk', 'kiosk');
  const till = await pairTestDevice(server, 'Till 1', 'tablet');
  const sent = saleOperation({ device: kiosk, seq: 1, toCounter: true });
  sent.payload = { ...sent.payload, memberId: chen.id, pointsPerYuan: 7 };
  expect((await (await open(server, kiosk.token)).push([sent])).results[0].status).toBe('applied');
  expect(server.store.order(sent.payload.id)).not.toHaveProperty('pointsPerYuan');

  await storeRateBecomes(server, 10);
  const { total } = sent.payload;
  const payment = {
    id: operationId(till.deviceId, 1),
    deviceId: till.deviceId,
    seq: 1,
    createdAt: Date.now(),
    type: 'order.paid' as const,
    payload: {
      orderId: sent.payload.id,
      cashierId: 'staff-cashier-1',
      tenders: [cashTender(total, total)],
      paidAt: Date.now(),
      deviceId: till.deviceId,
    },
  };
  expect((await (await open(server, till.token)).push([payment])).results[0].status).toBe(
    'applied',
  );
  expect(server.store.order(sent.payload.id)?.pointsPerYuan).toBe(10);
  expect(server.store.state.members[chen.id].points).toBe(chen.points + pointsEarned(total, 10));
});

test('a rate no store may set is refused with the sale, as any malformed order', async () => {
  const till = new MemberTill(await pairTestDevice(server, 'Till 1', 'tablet'));
  const client = await open(server, till.device.token);
  const sale = till.sale(chen.id);
  sale.payload = { ...sale.payload, pointsPerYuan: 1000 };
  const { results } = await client.push([sale]);
  expect(results[0]).toMatchObject({ status: 'refused', error: { code: 'bad_operation' } });
  expect(server.store.state.members[chen.id].points).toBe(chen.points);
});

test('a till that wrote the store’s own rate: its order is journaled once, as sent', async () => {
  const till = new MemberTill(await pairTestDevice(server, 'Till 1', 'tablet'));
  const client = await open(server, till.device.token);
  const sale = till.sale(chen.id);
  sale.payload = { ...sale.payload, pointsPerYuan: 1 };
  expect((await client.push([sale])).results[0].status).toBe('applied');
  const journal = path.join(server.dataDir, 'journal');
  const lines = readdirSync(journal)
    .flatMap((file) => readFileSync(path.join(journal, file), 'utf8').split('\n'))
    .filter((line) => line.includes(`"id":"${sale.id}"`));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('"orderFrom":"payload"');
});

test('restarted from its files, the store still knows each sale’s rate and takes back what it earned', async () => {
  const till = new MemberTill(await pairTestDevice(server, 'Till 1', 'tablet'));
  const sale = till.sale(chen.id, { qty: 2 });
  expect((await (await open(server, till.device.token)).push([sale])).results[0].status).toBe(
    'applied',
  );
  await storeRateBecomes(server, 10);
  await server.close();

  const again = await startTestServer({ dataDir: server.dataDir });
  expect(again.store.order(sale.payload.id)?.pointsPerYuan).toBe(1);
  const client = await open(again, till.device.token);
  expect((await client.push([till.voidOf(sale)])).results[0].status).toBe('applied');
  expect(again.store.state.members[chen.id].points).toBe(chen.points);
});
