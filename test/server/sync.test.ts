// The sync channel over real WebSockets against a real server with its data on disk.
import WebSocket from 'ws';
import { closeCodes, MAX_FRAME_BYTES, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation, trackedSkus } from '../support/sales';
import {
  pairTestDevice,
  serverForEachTest,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let tablet: PairedTestDevice;
const clients: ProtocolClient[] = [];

async function open(
  device: PairedTestDevice,
  cursor: number | null = null,
): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, device.token, cursor);
  clients.push(client);
  return client;
}

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  tablet = await pairTestDevice(server, 'Till 1', 'tablet');
});

async function restart(): Promise<void> {
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
}

describe('push', () => {
  test('applies operations once; a repeat is acknowledged again without applying twice', async () => {
    const client = await open(tablet);
    const ops = [1, 2, 3].map((seq) => saleOperation({ device: tablet, seq }));
    const first = await client.push(ops);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(first.ackedSeq).toBe(3);

    const again = await client.push(ops);
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const day = ops[0].payload.businessDay;
    expect(server.store.ordersOfDay(day)).toHaveLength(3);
  });

  test('a replay after a restart is still recognised as a duplicate', async () => {
    const ops = [1, 2].map((seq) => saleOperation({ device: tablet, seq }));
    await (await open(tablet)).push(ops);
    await restart();
    const client = await open(tablet);
    const welcome = client.messages.find((m) => m.type === 'welcome');
    expect(welcome).toMatchObject({ ackedSeq: 2 });
    const replay = await client.push(ops);
    expect(replay.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(server.store.ordersOfDay(ops[0].payload.businessDay)).toHaveLength(2);
  });

  test('the same id with a different body is refused, and the first body stays', async () => {
    const client = await open(tablet);
    const original = saleOperation({ device: tablet, seq: 1 });
    await client.push([original]);
    const changed = saleOperation({
      device: tablet,
      seq: 1,
      items: [{ skuId: trackedSkus[1].id, qty: 5 }],
    });
    const { results } = await client.push([changed]);
    expect(results[0]).toMatchObject({ status: 'refused', error: { code: 'id_conflict' } });
    expect(server.store.order(original.payload.id)?.lines[0].skuId).toBe(
      original.payload.lines[0].skuId,
    );
  });

  test('a gap in the sequence is recorded as missing, and filled when the operation arrives', async () => {
    const client = await open(tablet);
    await client.push([saleOperation({ device: tablet, seq: 1 })]);
    const { ackedSeq } = await client.push([saleOperation({ device: tablet, seq: 4 })]);
    expect(ackedSeq).toBe(1);
    expect(server.store.device(tablet.deviceId)).toMatchObject({ missingSeqs: [2, 3], maxSeq: 4 });

    await client.push([
      saleOperation({ device: tablet, seq: 2 }),
      saleOperation({ device: tablet, seq: 3 }),
    ]);
    expect(server.store.device(tablet.deviceId)).toMatchObject({ missingSeqs: [], ackedSeq: 4 });
  });

  test('an order that breaks the rules is refused with the reason, and answered the same on resend', async () => {
    const client = await open(tablet);
    const bad = saleOperation({ device: tablet, seq: 1 });
    bad.payload = { ...bad.payload, total: bad.payload.total + 100 };
    const { results } = await client.push([bad]);
    expect(results[0]).toMatchObject({ status: 'refused', error: { code: 'totals_inconsistent' } });
    const again = await client.push([bad]);
    expect(again.results[0]).toMatchObject({
      status: 'refused',
      error: { code: 'totals_inconsistent' },
    });
    // The sequence is accounted for: refused is not missing.
    expect(server.store.device(tablet.deviceId)).toMatchObject({ ackedSeq: 1, missingSeqs: [] });
  });

  test("a device cannot push another device's operations", async () => {
    const phone = await pairTestDevice(server, 'Phone', 'phone');
    const client = await open(tablet);
    const { results } = await client.push([saleOperation({ device: phone, seq: 1 })]);
    expect(results[0]).toMatchObject({ status: 'refused', error: { code: 'wrong_device' } });
  });
});

describe('pull', () => {
  test("two devices receive each other's orders and stock changes", async () => {
    const phone = await pairTestDevice(server, 'Phone', 'phone');
    const a = await open(tablet);
    const b = await open(phone);
    const sale = saleOperation({
      device: tablet,
      seq: 1,
      items: [{ skuId: trackedSkus[0].id, qty: 2 }],
    });
    await a.push([sale]);
    const seen = await b.waitFor(
      (m) =>
        m.type === 'changes' &&
        m.changes.some((c) => c.kind === 'order' && c.order.id === sale.payload.id),
      'the tablet order on the phone',
    );
    expect(seen).not.toBeNull();
    const stock = b
      .changes()
      .find((c) => c.kind === 'stock' && c.stock.skuId === trackedSkus[0].id);
    const before = server.store.state.stock[trackedSkus[0].id].level + 2;
    expect(stock).toMatchObject({ stock: { level: before - 2 } });
  });

  test('a device resumes from its cursor across a server restart, receiving only what it missed', async () => {
    const first = await open(tablet);
    const cursor = first.lastCursor()!;
    first.close();
    const phone = await pairTestDevice(server, 'Phone', 'phone');
    const phoneClient = await open(phone);
    await phoneClient.push([saleOperation({ device: phone, seq: 1 })]);
    await restart();

    const resumed = await open(tablet, cursor);
    await resumed.waitFor((m) => m.type === 'changes', 'missed changes');
    expect(resumed.count('snapshot')).toBe(0);
    const kinds = resumed.changes().map((c) => c.kind);
    expect(kinds).toContain('device');
    expect(kinds).toContain('order');
    expect(resumed.changes().every((c) => c.cursor > cursor)).toBe(true);
  });

  test('a device further behind than the kept changes gets a snapshot', async () => {
    await server.close();
    server = await startTestServer({ dataDir: server.dataDir, feedCapacity: 10 });
    const client = await open(tablet, 1);
    expect(client.count('snapshot')).toBe(1);
    const snapshot = client.messages.find((m) => m.type === 'snapshot');
    expect(snapshot?.type === 'snapshot' && snapshot.snapshot.products.length).toBeGreaterThan(100);
  });
});

describe('stock', () => {
  test('concurrent sales on three devices all count: stock moves by deltas', async () => {
    const sku = trackedSkus[2].id;
    const start = server.store.state.stock[sku].level;
    const devices = [
      tablet,
      await pairTestDevice(server, 'Phone', 'phone'),
      await pairTestDevice(server, 'T2', 'tablet'),
    ];
    const sockets = await Promise.all(devices.map((d) => open(d)));
    // Each device pushes its ten sales one by one while the others do the same.
    await Promise.all(
      sockets.map(async (socket, i) => {
        for (let seq = 1; seq <= 10; seq++)
          await socket.push([
            saleOperation({ device: devices[i], seq, items: [{ skuId: sku, qty: 1 }] }),
          ]);
      }),
    );
    expect(server.store.state.stock[sku].level).toBe(start - 30);
  });

  test('stock may go negative (oversold)', async () => {
    const sku = trackedSkus[3].id;
    const level = server.store.state.stock[sku].level;
    const client = await open(tablet);
    await client.push([
      saleOperation({ device: tablet, seq: 1, items: [{ skuId: sku, qty: level + 3 }] }),
    ]);
    expect(server.store.state.stock[sku].level).toBe(-3);
  });
});

describe('a device that pushes without waiting for acks', () => {
  test('is read no faster than it is answered, and every push is acknowledged once, in order', async () => {
    const pause = jest.spyOn(WebSocket.prototype, 'pause');
    const resume = jest.spyOn(WebSocket.prototype, 'resume');
    try {
      const client = await open(tablet);
      const pushes = Array.from({ length: 40 }, (_, push) =>
        [1, 2, 3, 4, 5].map((i) => saleOperation({ device: tablet, seq: push * 5 + i })),
      );
      for (const ops of pushes) client.send({ type: 'push', ops });
      await client.waitFor(() => client.count('ack') === pushes.length, 'every ack', 20_000);

      const acked = client.messages.flatMap((m) => (m.type === 'ack' ? m.results : []));
      expect(acked.map((result) => result.seq)).toEqual(pushes.flat().map((op) => op.seq));
      expect(acked.every((result) => result.status === 'applied')).toBe(true);
      expect(server.store.device(tablet.deviceId)?.ackedSeq).toBe(200);
      // Its socket was paused while pushes waited, and read again each time.
      expect(pause.mock.calls.length).toBeGreaterThan(0);
      expect(resume.mock.calls.length).toBe(pause.mock.calls.length);
    } finally {
      pause.mockRestore();
      resume.mockRestore();
    }
  });
});

describe('bad frames', () => {
  test('malformed JSON before hello gets an error naming the problem and a close', async () => {
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    client.send('{not json');
    const error = await client.waitFor((m) => m.type === 'error', 'error');
    expect(error).toMatchObject({ code: 'bad_message' });
    expect(error?.type === 'error' && error.message).toMatch(/not valid JSON/);
    expect(await client.closed()).toBe(closeCodes.badFrame);
  });

  test('malformed JSON quoting Chinese text closes with a reason cut to 123 bytes; the server lives on', async () => {
    // V8's JSON error quotes the text; 3 bytes a character took the close reason past ws's limit.
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    client.send(`{"${'收银台'.repeat(6)}":${'收银台'.repeat(4)}}`);
    const error = await client.waitFor((m) => m.type === 'error', 'error');
    expect(error?.type === 'error' && error.message).toMatch(/收银台/);
    expect(await client.closed()).toBe(closeCodes.badFrame);
    const again = await open(tablet);
    expect(again.count('welcome')).toBe(1);
  });

  test('a push that is not a list of operations names the field, and the socket stays usable', async () => {
    const client = await open(tablet);
    client.send({ type: 'push', ops: 'all of them' });
    const error = await client.waitFor((m) => m.type === 'error', 'error');
    expect(error?.type === 'error' && error.message).toMatch(/ops/);
    const { results } = await client.push([saleOperation({ device: tablet, seq: 1 })]);
    expect(results[0].status).toBe('applied');
  });

  test('a frame over the size limit closes the socket with 1009, and the server lives on', async () => {
    const client = await open(tablet);
    client.send('x'.repeat(MAX_FRAME_BYTES + 10));
    expect(await client.closed()).toBe(1009);
    const again = await open(tablet, client.lastCursor());
    expect(again.count('welcome')).toBe(1);
  });

  /** The server's refusal of a hello speaking `protocol`, and the close that follows it. */
  async function refusalOf(protocol: number) {
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    client.send({ type: 'hello', protocol, token: tablet.token, cursor: null });
    const error = await client.waitFor((m) => m.type === 'error', 'error');
    const closed = await client.closed();
    return error?.type === 'error' ? { code: error.code, message: error.message, closed } : null;
  }

  test('a device too old for the server is told to update the app', async () => {
    expect(await refusalOf(MIN_PROTOCOL_VERSION - 1)).toEqual({
      code: 'protocol_version',
      message: `the server speaks sync protocol ${MIN_PROTOCOL_VERSION} to ${PROTOCOL_VERSION}, this device ${MIN_PROTOCOL_VERSION - 1}: update the app`,
      closed: closeCodes.protocolVersion,
    });
  });

  test('a device newer than the server (WeChat updates tills first) is told to update the server, not the app', async () => {
    // Closed with 4400 as before: a till that does not know `server_outdated` still stops on it.
    expect(await refusalOf(PROTOCOL_VERSION + 1)).toEqual({
      code: 'server_outdated',
      message: `the store's server speaks sync protocol ${MIN_PROTOCOL_VERSION} to ${PROTOCOL_VERSION}, this device ${PROTOCOL_VERSION + 1}: update the store's server`,
      closed: closeCodes.protocolVersion,
    });
  });

  test('an unknown token is refused', async () => {
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    client.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      token: 't_' + 'x'.repeat(40),
      cursor: null,
    });
    expect(await client.closed()).toBe(closeCodes.unauthorized);
  });

  test('a push before hello is refused as a bad frame, not as an unknown device', async () => {
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    client.send({ type: 'push', ops: [saleOperation({ device: tablet, seq: 1 })] });
    expect(await client.waitFor((m) => m.type === 'error', 'the refusal')).toMatchObject({
      code: 'bad_message',
    });
    expect(await client.closed()).toBe(closeCodes.badFrame);
    expect(server.store.orderCount).toBe(0);
  });

  test('no hello in time closes the socket as slow (hello_timeout, 1008), not as an unknown device', async () => {
    await server.close();
    server = await startTestServer({ dataDir: server.dataDir, sync: { helloTimeoutMs: 100 } });
    const client = await ProtocolClient.connect(server.url);
    clients.push(client);
    expect(await client.waitFor((m) => m.type === 'error', 'the error')).toEqual({
      type: 'error',
      code: 'hello_timeout',
      message: 'no hello within the time allowed',
    });
    expect(await client.closed()).toBe(closeCodes.badFrame);
    // A hello in time is still welcomed.
    expect((await open(tablet)).count('welcome')).toBe(1);
  });

  test('a flood of messages is rate limited', async () => {
    await server.close();
    server = await startTestServer({
      dataDir: server.dataDir,
      sync: { messagesPerSecond: 5, messageBurst: 5 },
    });
    const client = await open(tablet);
    for (let i = 0; i < 20; i++) client.send({ type: 'ping', t: i });
    expect(await client.closed()).toBe(closeCodes.rateLimited);
  });
});

test('a second socket from the same device replaces the first', async () => {
  const first = await open(tablet);
  await open(tablet, first.lastCursor());
  expect(await first.closed()).toBe(closeCodes.replaced);
});

test("a late hello on a socket older than the device's current one is refused (superseded); the current one stays", async () => {
  // The device's first socket: its hello is stuck on the way, and the device gives up on it.
  const stale = await ProtocolClient.connect(server.url);
  clients.push(stale);
  const current = await open(tablet);
  stale.send({ type: 'hello', protocol: PROTOCOL_VERSION, token: tablet.token, cursor: null });
  expect(await stale.waitFor((m) => m.type === 'error', 'the refusal')).toMatchObject({
    code: 'superseded',
  });
  expect(await stale.closed()).toBe(closeCodes.superseded);
  expect(stale.count('welcome')).toBe(0);

  expect(current.closeCode).toBeNull();
  expect(server.pos.sync.connectedDevices()).toEqual([tablet.deviceId]);
  const { results } = await current.push([saleOperation({ device: tablet, seq: 1 })]);
  expect(results[0].status).toBe('applied');
});

test('an older socket that said hello first is replaced by the newer one when its hello comes', async () => {
  const older = await ProtocolClient.connect(server.url);
  const newer = await ProtocolClient.connect(server.url);
  clients.push(older, newer);
  const hello = { type: 'hello', protocol: PROTOCOL_VERSION, token: tablet.token, cursor: null };
  older.send(hello);
  await older.waitFor((m) => m.type === 'welcome', 'the welcome');
  newer.send(hello);
  await newer.waitFor((m) => m.type === 'welcome', 'the welcome');
  expect(await older.closed()).toBe(closeCodes.replaced);
  expect(newer.closeCode).toBeNull();
  expect(server.pos.sync.connectedDevices()).toEqual([tablet.deviceId]);
});

test('one socket says hello as one device: a second hello, back to back, is refused and leaves nothing behind', async () => {
  const phone = await pairTestDevice(server, 'Phone 1', 'phone');
  const client = await ProtocolClient.connect(server.url);
  clients.push(client);
  const hello = (token: string) =>
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION, token, cursor: null, pending: true });
  // The second is read before the first is answered.
  hello(tablet.token);
  hello(phone.token);
  await client.waitFor((m) => m.type === 'welcome', 'the welcome');
  expect(await client.waitFor((m) => m.type === 'error', 'the refusal')).toEqual({
    type: 'error',
    code: 'bad_message',
    message: 'this socket already said hello: one socket speaks for one device',
  });
  expect(client.messages.filter((m) => m.type === 'welcome')).toEqual([
    expect.objectContaining({ deviceId: tablet.deviceId }),
  ]);
  expect(server.pos.sync.connectedDevices()).toEqual([tablet.deviceId]);

  // Closed, no device looks connected or still pushing (day-end completeness reads both).
  client.close();
  await client.closed();
  for (let i = 0; i < 50 && server.pos.sync.connectedDevices().length > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(server.pos.sync.connectedDevices()).toEqual([]);
  expect(server.pos.sync.outboxStates().get(tablet.deviceId)).toMatchObject({ pushing: false });
  expect(server.pos.sync.outboxStates().get(phone.deviceId)?.pushing ?? false).toBe(false);
});

test('heartbeat: ping gets pong', async () => {
  const client = await open(tablet);
  client.send({ type: 'ping', t: 123 });
  expect(await client.waitFor((m) => m.type === 'pong', 'pong')).toEqual({ type: 'pong', t: 123 });
});

test('shutdown finishes in-flight pushes, then closes sockets with 1001', async () => {
  const client = await open(tablet);
  const pushed = client.push([saleOperation({ device: tablet, seq: 1 })]);
  // Close as soon as the server has the push in hand (applied in memory, its fsync under way).
  while (server.store.orderCount === 0) await new Promise((resolve) => setImmediate(resolve));
  await server.close();
  expect(await client.closed()).toBe(closeCodes.goingAway);
  // The push that was in flight was finished and acknowledged before the sockets closed...
  const { results } = await pushed;
  expect(results[0].status).toBe('applied');
  // ...and it is on disk.
  server = await startTestServer({ dataDir: server.dataDir });
  expect(server.store.orderCount).toBe(1);
});

test('the heartbeat ends a socket that stops answering pings', async () => {
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir, sync: { heartbeatMs: 50 } });
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync`, { autoPong: false });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve) => ws.on('open', resolve));
  ws.send(
    JSON.stringify({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      token: tablet.token,
      cursor: null,
    }),
  );
  expect(await closed).toBe(1006);
  for (let i = 0; i < 50 && server.pos.sync.connectedDevices().length > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(server.pos.sync.connectedDevices()).toEqual([]);
});
