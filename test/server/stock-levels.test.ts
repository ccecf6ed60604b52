// A manager's stock level is held to MAX_STOCK_QTY like a device's count, and no level the fold
// makes is past a safe integer: a level near 2^53 plus one delivery once made a checkpoint the
// server could not read back, and it no longer started.
import { MAX_STOCK_QTY, operationId, type Operation } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { trackedSkus } from '../support/sales';
import {
  api,
  pairTestDevice,
  serverForEachTest,
  signIn,
  startTestServer,
  type TestServer,
} from '../support/test-server';

const sku = trackedSkus[0].id;

let server: TestServer;
serverForEachTest((started) => (server = started));

const setLevel = async (level: number) =>
  api(server, 'PUT', `/api/stock/${sku}`, { token: await signIn(server), body: { level } });

test.each([
  [2 ** 53 - 10, `request body: level: must be at most ${MAX_STOCK_QTY}`],
  [MAX_STOCK_QTY + 1, `request body: level: must be at most ${MAX_STOCK_QTY}`],
  [-MAX_STOCK_QTY - 1, `request body: level: must be at least ${-MAX_STOCK_QTY}`],
])('a level of %d is refused, naming the limit, and the level stays', async (level, message) => {
  const before = server.store.state.stock[sku]?.level;
  expect(await setLevel(level)).toEqual({
    status: 400,
    body: { error: { code: 'invalid_request', message } },
  });
  expect(server.store.state.stock[sku]?.level).toBe(before);
});

test('the limits themselves are levels a manager may set', async () => {
  for (const level of [MAX_STOCK_QTY, -MAX_STOCK_QTY]) {
    expect((await setLevel(level)).status).toBe(200);
    expect(server.store.state.stock[sku].level).toBe(level);
  }
});

test('a level near 2^53 already in the journal plus a delivery stays a safe integer; the server restarts', async () => {
  // As a version without the route's limit recorded it.
  await server.store.commit({ kind: 'stock.set', skuId: sku, level: Number.MAX_SAFE_INTEGER - 5 });
  const till = await pairTestDevice(server);
  const client = await ProtocolClient.open(server.url, till.token);
  const delivery: Operation = {
    id: operationId(till.deviceId, 1),
    deviceId: till.deviceId,
    seq: 1,
    createdAt: Date.now(),
    type: 'stock.received',
    payload: { skuId: sku, qty: 100, at: Date.now() },
  };
  const { results } = await client.push([delivery]);
  client.close();
  expect(results[0].status).toBe('applied');
  expect(server.store.state.stock[sku].level).toBe(Number.MAX_SAFE_INTEGER);

  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  expect(server.store.state.stock[sku].level).toBe(Number.MAX_SAFE_INTEGER);
});
