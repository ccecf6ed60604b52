// Stock counts a till pushes, over a real WebSocket with the data on disk: a count of a SKU the
// catalog does not have is refused by name, so made-up ids never become stock entries the server
// keeps forever and sends to every till (in every snapshot, in every till's 10 MB of storage).
import { operationId, type Operation } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { trackedSkus } from '../support/sales';
import {
  api,
  pairTestDevice,
  serverForEachTest,
  signIn,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let tablet: PairedTestDevice;
const clients: ProtocolClient[] = [];

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  tablet = await pairTestDevice(server, 'Till 1', 'tablet');
});

function counted(seq: number, skuId: string, level: number): Operation {
  const at = Date.now();
  return {
    id: operationId(tablet.deviceId, seq),
    deviceId: tablet.deviceId,
    seq,
    createdAt: at,
    type: 'stock.counted',
    payload: { skuId, level, at },
  };
}

async function stockIds(): Promise<string[]> {
  const response = await api<{ stock: Array<{ skuId: string }> }>(server, 'GET', '/api/stock', {
    token: await signIn(server),
  });
  return response.body.stock.map((entry) => entry.skuId).sort();
}

test('counts of SKUs the catalog does not have are refused by name, kept out of the stock and of snapshots', async () => {
  const before = await stockIds();
  const known = trackedSkus[0].id;
  // One push of as many as a push may hold: the reviewer's 1000 new entries.
  const made = Array.from({ length: 999 }, (_, i) => counted(i + 1, `sku-made-up-${i}`, 7));
  const till = await ProtocolClient.open(server.url, tablet.token, null, { pending: true });
  clients.push(till);

  const { results, ackedSeq } = await till.push([...made, counted(1000, known, 42)]);
  expect(results.slice(0, 999).every((result) => result.status === 'refused')).toBe(true);
  expect(results[0].error).toEqual({
    code: 'sku_unknown',
    message: expect.stringContaining('sku-made-up-0'),
  });
  expect(results[999].status).toBe('applied');
  // Refused, not lost: their sequences count as received and a resend gets the same answer.
  expect(ackedSeq).toBe(1000);
  expect((await till.push([made[5]])).results[0].error?.code).toBe('sku_unknown');

  expect(await stockIds()).toEqual(before);
  expect(server.store.state.stock[known].level).toBe(42);
  const other = await pairTestDevice(server, 'Till 2', 'tablet');
  const fresh = await ProtocolClient.open(server.url, other.token);
  clients.push(fresh);
  const snapshot = fresh.messages.find((message) => message.type === 'snapshot');
  expect(snapshot?.type === 'snapshot' && snapshot.snapshot.stock.length).toBe(before.length);

  // The journal replays to the same stock.
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  expect(await stockIds()).toEqual(before);
}, 10_000);
