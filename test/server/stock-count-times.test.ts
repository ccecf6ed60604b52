// Stock counts and time, over real WebSockets with the data on disk: a count holds what moved before
// its time, so one pushed late (an offline till) keeps the sales other tills made after it, and a
// till whose clock runs fast cannot date its count past the moment the server received it.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { operationId, type Operation } from '@pos/shared';
import { hashOperation } from '../../sync-server/store/receipt';
import { MAX_MOVES_PER_SKU, MOVE_WINDOW_MS } from '../../sync-server/store/stock-moves';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation, trackedSkus } from '../support/sales';
import {
  pairTestDevice,
  serverForEachTest,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const sku = trackedSkus[0].id;

let server: TestServer;
const clients: ProtocolClient[] = [];
serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});

/** A paired till that makes its own operations, in sequence, over its own socket. */
class Till {
  private seq = 0;
  private constructor(
    readonly device: PairedTestDevice,
    public client: ProtocolClient,
  ) {}

  static async pair(name: string): Promise<Till> {
    const device = await pairTestDevice(server, name, 'tablet');
    const client = await ProtocolClient.open(server.url, device.token);
    clients.push(client);
    return new Till(device, client);
  }

  /** Back in the store after a restart: a new socket to the new server. */
  async reconnect(): Promise<void> {
    const client = await ProtocolClient.open(server.url, this.device.token);
    clients.push(client);
    this.client = client;
  }

  sale(qty: number, at: number): Operation {
    this.seq++;
    return saleOperation({ device: this.device, seq: this.seq, items: [{ skuId: sku, qty }], at });
  }

  count(level: number, at: number): Operation {
    this.seq++;
    return { ...this.envelope(at), type: 'stock.counted', payload: { skuId: sku, level, at } };
  }

  delivery(qty: number, at: number): Operation {
    this.seq++;
    return { ...this.envelope(at), type: 'stock.received', payload: { skuId: sku, qty, at } };
  }

  private envelope(at: number) {
    const { deviceId } = this.device;
    return { id: operationId(deviceId, this.seq), deviceId, seq: this.seq, createdAt: at };
  }

  async push(op: Operation): Promise<void> {
    const { results } = await this.client.push([op]);
    expect(results[0].status).toBe('applied');
  }

  /** Waits for the server to send this till `level` for the SKU. */
  async hears(level: number): Promise<void> {
    await this.client.waitFor(
      (m) =>
        m.type === 'changes' &&
        m.changes.some(
          (c) => c.kind === 'stock' && c.stock.skuId === sku && c.stock.level === level,
        ),
      `stock level ${level}`,
    );
  }
}

const serverLevel = () => server.store.state.stock[sku].level;

test('a count pushed late by an offline till keeps the sales other tills made after it', async () => {
  const counter = await Till.pair('Back room tablet');
  const till = await Till.pair('Till 2');
  const now = Date.now();
  const start = serverLevel();

  // Before the count, the other till sold 2 (on the shelf no more when it was counted), then 3.
  await till.push(till.sale(2, now - 20 * MINUTE));
  await till.push(till.sale(3, now - 5 * MINUTE));
  expect(serverLevel()).toBe(start - 5);

  // The counting tablet, offline at the time, counted 50 ten minutes ago and pushes it only now.
  await counter.push(counter.count(50, now - 10 * MINUTE));

  // 50 counted, 3 sold after it: 47 on the shelf, on the server and on the counting tablet.
  expect(serverLevel()).toBe(47);
  await counter.hears(47);
});

test('a count from a till whose clock runs 3 hours fast does not swallow the sales made after it', async () => {
  const counter = await Till.pair('Fast tablet');
  const till = await Till.pair('Till 2');

  await counter.push(counter.count(10, Date.now() + 3 * HOUR));
  expect(serverLevel()).toBe(10);
  // Minutes later by every other clock, the other till sells 3 off the counted shelf.
  await till.push(till.sale(3, Date.now() + 1));

  expect(serverLevel()).toBe(7);
  await till.hears(7);
});

test('a sale and a delivery pushed at once by a till whose clock runs minutes fast are in a count taken after them', async () => {
  const counter = await Till.pair('Counting tablet');
  const fast = await Till.pair('Fast till');

  await fast.push(fast.sale(3, Date.now() + 2 * MINUTE));
  await fast.push(fast.delivery(12, Date.now() + 2 * MINUTE));
  // A minute later by the server's clock, the shelf is counted, the sale and delivery in it.
  await counter.push(counter.count(40, Date.now()));
  expect(serverLevel()).toBe(40);
  await counter.hears(40);

  // What the fast till sells after the count is still taken off it.
  await fast.push(fast.sale(2, Date.now() + 2 * MINUTE));
  expect(serverLevel()).toBe(38);
});

test('a sale made before a count and pushed after it is still not taken off again', async () => {
  const counter = await Till.pair('Counting tablet');
  const offline = await Till.pair('Offline till');
  const now = Date.now();
  const sale = offline.sale(3, now - 10 * MINUTE);

  await counter.push(counter.count(20, now - 5 * MINUTE));
  // The offline till's sale comes after the count that already saw those 3 gone.
  await offline.push(sale);

  expect(serverLevel()).toBe(20);
  await offline.hears(20);
});

test('a count pushed days late is placed when the server still holds every move since it', async () => {
  const counter = await Till.pair('Back room tablet');
  const till = await Till.pair('Till 2');
  const now = Date.now();

  await till.push(till.sale(4, now - HOUR));
  await counter.push(counter.count(30, now - 3 * 24 * HOUR));

  expect(serverLevel()).toBe(26);
});

test.each([
  ['made longer ago than the window', 1, () => Date.now() - MOVE_WINDOW_MS - HOUR],
  ['more than the server keeps', MAX_MOVES_PER_SKU + 1, () => Date.now() - 20 * MINUTE],
])(
  'a count older than the moves the server still holds (%s) changes nothing: its till gets the level that stands',
  async (_why, sales, firstSaleAt) => {
    const counter = await Till.pair('Back room tablet');
    const till = await Till.pair('Till 2');
    const from = firstSaleAt();
    const ops = Array.from({ length: sales }, (_, i) => till.sale(1, from + i));
    const { results } = await till.client.push(ops);
    expect(results.every((result) => result.status === 'applied')).toBe(true);
    const standing = serverLevel();

    // Counted before the first of those sales: the server no longer knows every one made since.
    await counter.push(counter.count(200, from - MINUTE));

    expect(serverLevel()).toBe(standing);
    await counter.hears(standing);
  },
);

describe.each([
  ['from its checkpoint', false],
  ['from an older checkpoint and the journal after it, as after a crash', true],
])('the store started again %s', (_how, fromOlderCheckpoint) => {
  test('keeps the moves a late count is placed among, and the time a fast count was taken as', async () => {
    const older = await keepCheckpoint();
    const counter = await Till.pair('Back room tablet');
    const fast = await Till.pair('Fast tablet');
    const till = await Till.pair('Till 2');
    const now = Date.now();

    await till.push(till.sale(3, now - 5 * MINUTE));
    await restart(older, fromOlderCheckpoint);
    await Promise.all([counter.reconnect(), till.reconnect(), fast.reconnect()]);
    await counter.push(counter.count(50, now - 10 * MINUTE));
    expect(serverLevel()).toBe(47);

    await fast.push(fast.count(10, Date.now() + 3 * HOUR));
    await restart(older, fromOlderCheckpoint);
    await till.reconnect();
    await till.push(till.sale(2, Date.now() + 1));
    expect(serverLevel()).toBe(8);

    await restart(older, fromOlderCheckpoint);
    expect(serverLevel()).toBe(8);
  });

  test('keeps a sale from a fast till taken as made when it was received', async () => {
    const older = await keepCheckpoint();
    const counter = await Till.pair('Back room tablet');
    const fast = await Till.pair('Fast till');

    await fast.push(fast.sale(3, Date.now() + 2 * MINUTE));
    await restart(older, fromOlderCheckpoint);
    await counter.reconnect();
    await counter.push(counter.count(10, Date.now()));
    expect(serverLevel()).toBe(10);
  });
});

test('counts journaled before counts were placed among later moves replay to the levels they had', async () => {
  const older = await keepCheckpoint(withoutMovementWindow);
  const counter = await Till.pair('Back room tablet');
  const till = await Till.pair('Till 2');
  const now = Date.now();
  await till.push(till.sale(3, now - 5 * MINUTE));

  // The count as a version that set the level outright recorded it (nothing more than the op).
  const count = counter.count(50, now - 10 * MINUTE);
  await server.store.commit({ kind: 'op', op: count, hash: hashOperation(count) });
  expect(serverLevel()).toBe(50);
  await till.push(till.sale(1, Date.now() + 1));
  expect(serverLevel()).toBe(49);

  await restart(older, true);
  expect(serverLevel()).toBe(49);
});

test('sales journaled before moves were capped at their receipt replay to the levels they had', async () => {
  const older = await keepCheckpoint();
  const counter = await Till.pair('Back room tablet');
  const fast = await Till.pair('Fast till');

  // The sale as a version that took the till's time recorded it (nothing more than the op).
  const sale = fast.sale(3, Date.now() + 2 * MINUTE);
  await server.store.commit({ kind: 'op', op: sale, hash: hashOperation(sale) });
  await counter.push(counter.count(10, Date.now()));
  // That version took it as made after the count, and off the counted level again.
  expect(serverLevel()).toBe(7);

  await restart(older, true);
  expect(serverLevel()).toBe(7);
});

/** A copy of the checkpoint as it stands now (the server is closed to write it, then started again). */
async function keepCheckpoint(
  rewrite: (state: Record<string, unknown>) => void = () => undefined,
): Promise<string> {
  await server.close();
  const statePath = path.join(server.dataDir, 'state.json');
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>;
  rewrite(state);
  const copy = `${statePath}.older`;
  writeFileSync(copy, JSON.stringify(state));
  server = await startTestServer({ dataDir: server.dataDir });
  return copy;
}

function withoutMovementWindow(state: Record<string, unknown>): void {
  delete state.stockMoves;
}

/** Closes the server and starts it again, from the older checkpoint if told (the journal replayed). */
async function restart(olderCheckpoint: string, fromOlderCheckpoint: boolean): Promise<void> {
  const before = serverLevel();
  await server.close();
  if (fromOlderCheckpoint) copyFileSync(olderCheckpoint, path.join(server.dataDir, 'state.json'));
  server = await startTestServer({ dataDir: server.dataDir });
  expect(serverLevel()).toBe(before);
}
