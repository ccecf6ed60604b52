// Protocol 2, push before pull: a device that comes back with operations to push gets no changes
// until it sends `pull`, then what it missed since its hello cursor, then live ones. A device that
// has nothing to push (or speaks protocol 1) gets changes at once, as before.
import { closeCodes, MIN_PROTOCOL_VERSION, type ServerMessage } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
import {
  pairTestDevice,
  serverForEachTest,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let tablet: PairedTestDevice;
let phone: PairedTestDevice;
const clients: ProtocolClient[] = [];

async function open(
  device: PairedTestDevice,
  cursor: number | null,
  pending = false,
): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, device.token, cursor, { pending });
  clients.push(client);
  return client;
}

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  tablet = await pairTestDevice(server, 'Till 1', 'tablet');
  phone = await pairTestDevice(server, 'Phone 1', 'phone');
});

const orderIdsIn = (client: ProtocolClient): string[] =>
  client.changes().flatMap((change) => (change.kind === 'order' ? [change.order.id] : []));

const pulled = (message: ServerMessage) =>
  message.type === 'changes' || message.type === 'snapshot';

/** A round trip: what the server sent before its pong (its fan-out follows acks at once) is in. */
async function ping(client: ProtocolClient): Promise<void> {
  const pongs = client.count('pong');
  client.send({ type: 'ping', t: 1 });
  await client.waitFor(() => client.count('pong') > pongs, 'pong');
}

test('a device with operations to push gets no changes until it pulls, then all it missed and live ones', async () => {
  const cursor = server.store.cursor;
  const tabletClient = await open(tablet, cursor, true);
  const phoneClient = await open(phone, cursor);

  // While the tablet pushes, another device's sale and its own are not sent to it.
  const phoneSale = saleOperation({ device: phone, seq: 1 });
  await phoneClient.push([phoneSale]);
  const ownSales = [1, 2, 3].map((seq) => saleOperation({ device: tablet, seq }));
  const { results } = await tabletClient.push(ownSales);
  expect(results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
  await ping(tabletClient);
  expect(tabletClient.messages.filter(pulled)).toEqual([]);
  // The device that has nothing to push heard of every sale at once.
  await phoneClient.waitFor(
    () => orderIdsIn(phoneClient).length === 4,
    'the phone to hear of all four sales',
  );

  tabletClient.send({ type: 'pull' });
  await tabletClient.waitFor(
    () => orderIdsIn(tabletClient).length === 4,
    'the changes since the hello cursor',
  );
  expect(orderIdsIn(tabletClient).sort()).toEqual(
    [phoneSale, ...ownSales].map((op) => op.payload.id).sort(),
  );
  const cursors = tabletClient.changes().map((change) => change.cursor);
  expect(cursors[0]).toBe(cursor + 1);
  expect(cursors).toEqual([...cursors].sort((a, b) => a - b));

  // From then on, live changes; a second pull sends nothing twice.
  tabletClient.send({ type: 'pull' });
  const later = saleOperation({ device: phone, seq: 2 });
  await phoneClient.push([later]);
  await tabletClient.waitFor(
    () => orderIdsIn(tabletClient).includes(later.payload.id),
    'the live change',
  );
  await ping(tabletClient);
  expect(orderIdsIn(tabletClient)).toHaveLength(5);
  expect(new Set(tabletClient.changes().map((change) => change.cursor)).size).toBe(
    tabletClient.changes().length,
  );
});

test('a device with no cursor that pushes first gets its snapshot when it pulls', async () => {
  const tabletClient = await open(tablet, null, true);
  await tabletClient.push([saleOperation({ device: tablet, seq: 1 })]);
  await ping(tabletClient);
  expect(tabletClient.count('snapshot')).toBe(0);
  tabletClient.send({ type: 'pull' });
  const snapshot = await tabletClient.waitFor((m) => m.type === 'snapshot', 'the snapshot');
  expect(snapshot?.type === 'snapshot' && snapshot.snapshot.orders).toHaveLength(1);
  expect(snapshot?.type === 'snapshot' && snapshot.cursor).toBe(server.store.cursor);
});

test('a device that never pushes gets live changes, whether it says pending: false or nothing (protocol 1)', async () => {
  const cursor = server.store.cursor;
  const saysFalse = await open(tablet, cursor, false);
  const protocol1 = await ProtocolClient.connect(server.url);
  clients.push(protocol1);
  protocol1.send({ type: 'hello', protocol: MIN_PROTOCOL_VERSION, token: phone.token, cursor });
  await protocol1.waitFor((m) => m.type === 'welcome', 'welcome');

  const sale = saleOperation({ device: tablet, seq: 1 });
  await saysFalse.push([sale]);
  for (const client of [saysFalse, protocol1])
    await client.waitFor(() => orderIdsIn(client).includes(sale.payload.id), 'the live change');
});

test('pull before hello is refused as a bad frame (not as an unknown device: that stops a till)', async () => {
  const client = await ProtocolClient.connect(server.url);
  clients.push(client);
  client.send({ type: 'pull' });
  const error = await client.waitFor((m) => m.type === 'error', 'error');
  expect(error).toMatchObject({ code: 'bad_message' });
  expect(await client.closed()).toBe(closeCodes.badFrame);
});
