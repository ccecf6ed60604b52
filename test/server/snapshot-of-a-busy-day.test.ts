// A till paired in a busy store gets a snapshot of many megabytes (the day's orders). The server
// sends its parts as the socket drains, not all at once past its send limit (which closed the
// socket 1013 on every try, for ever), and holds live changes behind the last part. The limit is
// lowered here, and the orders are big, so that a small day shows it: 250 orders of 80 lines, a
// snapshot of about 6 MB, more than the kernel's socket buffers take at once.
import { PROTOCOL_VERSION, type ServerMessage } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
import { removeDir } from '../support/temp-dir';
import {
  demo,
  pairTestDevice,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const ORDERS = 250;
const PER_PUSH = 25;
const MAX_BUFFERED_BYTES = 64 * 1024;

/** A big order (about 24 KB): fewer orders make the same megabytes, and load faster. */
const bigBasket = demo.products
  .filter((product) => product.active && product.soldBy === 'piece')
  .flatMap((product) => product.skus)
  .slice(0, 80)
  .map((sku) => ({ skuId: sku.id, qty: 1 }));

let server: TestServer;
let loader: PairedTestDevice;
let loading: ProtocolClient;
let nextSeq = 1;
const clients: ProtocolClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ sync: { maxBufferedBytes: MAX_BUFFERED_BYTES } });
  loader = await pairTestDevice(server, 'Loader');
  loading = await ProtocolClient.open(server.url, loader.token, server.store.cursor);
  clients.push(loading);
  const at = Date.now();
  while (nextSeq <= ORDERS) {
    const batch = Array.from({ length: PER_PUSH }, () =>
      saleOperation({ device: loader, seq: nextSeq++, items: bigBasket, at }),
    );
    await loading.push(batch);
  }
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await server.close();
  removeDir(server.dataDir);
});

/** A new till says hello with no cursor, then reads nothing for a while (a phone on slow Wi-Fi). */
async function newTillReadingLate(): Promise<ProtocolClient> {
  const till = await pairTestDevice(server, `Till ${clients.length}`);
  const client = await ProtocolClient.connect(server.url);
  clients.push(client);
  client.send({ type: 'hello', protocol: PROTOCOL_VERSION, token: till.token, cursor: null });
  client.ws.pause();
  setTimeout(() => client.ws.resume(), 300);
  return client;
}

const isLastPart = (m: ServerMessage) => m.type === 'snapshot' && m.more !== true;

test('a new till in a store with a big day gets every part of its snapshot, not 1013', async () => {
  const client = await newTillReadingLate();
  const last = await client.waitFor(isLastPart, 'the last part of the snapshot', 20_000);
  expect(client.closeCode).toBeNull();
  expect(last).not.toBeNull();
  const parts = client.messages.filter((m) => m.type === 'snapshot');
  expect(parts.length).toBeGreaterThan(4);
  const orders = parts.flatMap((m) => (m.type === 'snapshot' ? m.snapshot.orders : []));
  expect(orders).toHaveLength(ORDERS);
}, 30_000);

test('a change made while the snapshot is on its way comes after its last part', async () => {
  const client = await newTillReadingLate();
  await loading.push([saleOperation({ device: loader, seq: nextSeq++ })]);
  const change = await client.waitFor((m) => m.type === 'changes', 'the live change', 20_000);
  expect(client.closeCode).toBeNull();
  expect(change).not.toBeNull();
  const types = client.messages.map((m) => (isLastPart(m) ? 'last part' : m.type));
  expect(types.indexOf('last part')).toBeGreaterThan(-1);
  expect(types.indexOf('last part')).toBeLessThan(types.indexOf('changes'));
}, 30_000);
