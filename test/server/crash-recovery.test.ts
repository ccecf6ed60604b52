// The server killed with SIGKILL while pushes are in flight, again and again: every operation it
// acknowledged is there after the restart, exactly once, and the rest goes through on resend.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Operation } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation, trackedSkus } from '../support/sales';
import {
  killAllServers,
  spawnServer,
  spawnServerExpectingFailure,
} from '../support/server-process';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { api, type PairedTestDevice } from '../support/test-server';

// Twelve kills, each a different time after the start's first ack (20 to 97 ms, 37 ms apart
// modulo 80): enough to land in every stage of a push, at a quarter minute of CI's ten.
const CYCLES = 12;
const sku = trackedSkus[0].id;

let dataDir: string;
beforeEach(() => (dataDir = makeTempDir('pos-crash-')));
afterEach(async () => {
  await killAllServers();
  removeDir(dataDir);
});

test(`${CYCLES} SIGKILLs mid-push lose no acknowledged operation and apply none twice`, async () => {
  let server = await spawnServer(dataDir);
  const paired = await api<PairedTestDevice>(server, 'POST', '/api/pair', {
    body: { code: server.pairingCode, name: 'Till', kind: 'tablet' },
  });
  const device = paired.body;
  const startLevel = await stockLevel(server.url, device.token);

  const made: Operation[] = [];
  const acknowledged = new Set<string>();
  let nextSeq = 1;

  for (let cycle = 0; cycle < CYCLES; cycle++) {
    if (cycle > 0) server = await spawnServer(dataDir);
    const client = await ProtocolClient.open(server.url, device.token);
    // Resend everything not yet acknowledged (as a device's outbox would), then keep selling.
    const unacked = made.filter((op) => !acknowledged.has(op.id));
    if (unacked.length > 0) client.send({ type: 'push', ops: unacked });
    const killAfterMs = 20 + ((cycle * 37) % 80);
    const selling = (async () => {
      for (;;) {
        const batch = Array.from({ length: 5 }, () =>
          saleOperation({ device, seq: nextSeq++, items: [{ skuId: sku, qty: 1 }] }),
        );
        made.push(...batch);
        client.send({ type: 'push', ops: batch });
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (client.closeCode !== null) return;
      }
    })();
    // The kill comes a while after this start's first ack, with pushes still in flight: counted
    // from the connection, a server slowed by a busy machine could die before acking anything.
    await client.waitFor((m) => m.type === 'ack', 'the first ack of this start');
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    server.child.kill('SIGKILL');
    await server.exited;
    await client.closed();
    await selling;
    for (const message of client.messages)
      if (message.type === 'ack')
        for (const result of message.results)
          if (result.status !== 'refused') acknowledged.add(result.id);
  }

  // A last start: before anything is resent, every acknowledged operation is already there.
  // (The acked sequence may stop lower: an operation lost unacknowledged in a kill is a gap.)
  server = await spawnServer(dataDir);
  const client = await ProtocolClient.open(server.url, device.token);
  const days = [
    ...new Set(made.map((op) => (op.type === 'order.placed' ? op.payload.businessDay : ''))),
  ];
  const serverOrderIds = async () =>
    (
      await Promise.all(
        days.map((day) =>
          api<{ orders: Array<{ id: string }> }>(server, 'GET', `/api/orders?day=${day}`, {
            token: device.token,
          }),
        ),
      )
    ).flatMap((response) => response.body.orders.map((order) => order.id));
  const held = new Set(await serverOrderIds());
  const lostAfterAck = made.filter(
    (op) => acknowledged.has(op.id) && op.type === 'order.placed' && !held.has(op.payload.id),
  );
  expect(lostAfterAck).toEqual([]);

  const rest = made.filter((op) => !acknowledged.has(op.id));
  for (let i = 0; i < rest.length; i += 100) {
    const { results } = await client.push(rest.slice(i, i + 100));
    expect(results.every((r) => r.status === 'applied' || r.status === 'duplicate')).toBe(true);
  }
  // Replaying everything once more changes nothing.
  for (let i = 0; i < made.length; i += 100) {
    const { results } = await client.push(made.slice(i, i + 100));
    expect(results.every((r) => r.status === 'duplicate')).toBe(true);
  }
  client.close();

  const orders = await serverOrderIds();
  expect(orders).toHaveLength(made.length);
  expect(new Set(orders).size).toBe(made.length);
  // Each sale took exactly one off the shelf: no operation was applied twice.
  expect(await stockLevel(server.url, device.token)).toBe(startLevel - made.length);
  expect(acknowledged.size).toBeGreaterThan(CYCLES);

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  // 13 real server starts (about 0.6 s each on a quiet 2-core machine, twice that when the other
  // jest worker is busy): the time allowed is for the slow machine, not a goal.
}, 240_000);

test('a corrupt state file stops the start with an error naming it, and is left untouched', async () => {
  const server = await spawnServer(dataDir);
  server.child.kill('SIGTERM');
  await server.exited;
  const stateFile = path.join(dataDir, 'state.json');
  const corrupt = readFileSync(stateFile, 'utf8').slice(0, 500);
  writeFileSync(stateFile, corrupt);

  const { code, output } = await spawnServerExpectingFailure(dataDir);
  expect(code).toBe(1);
  expect(output).toContain(`corrupt data file ${stateFile}: not valid JSON`);
  expect(readFileSync(stateFile, 'utf8')).toBe(corrupt);
}, 30_000);

test('a corrupt journal line stops the start with an error naming the file and line', async () => {
  const server = await spawnServer(dataDir);
  server.child.kill('SIGTERM');
  await server.exited;
  const journalFile = path.join(dataDir, 'journal', '00000001.log');
  const lines = readFileSync(journalFile, 'utf8').split('\n');
  lines[0] = lines[0].replace('"seed"', '"sead"');
  writeFileSync(journalFile, lines.join('\n'));

  const { code, output } = await spawnServerExpectingFailure(dataDir);
  expect(code).toBe(1);
  expect(output).toContain(`corrupt data file ${journalFile}: line 1: checksum mismatch`);
}, 30_000);

test('a bad configuration value stops the start with an error naming it', async () => {
  const { code, output } = await spawnServerExpectingFailure(dataDir, { POS_PORT: 'abc' });
  expect(code).toBe(1);
  expect(output).toMatch(/POS_PORT="abc"/);
}, 30_000);

test('a port already in use stops the start with a message naming POS_PORT, not a stack trace', async () => {
  const first = await spawnServer(dataDir);
  const port = new URL(first.url).port;
  const otherDir = makeTempDir('pos-port-');
  try {
    const { code, output } = await spawnServerExpectingFailure(otherDir, { POS_PORT: port });
    expect(code).toBe(1);
    expect(output).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(output).toContain('set POS_PORT to another port');
    expect(output).not.toMatch(/^\s+at /m);
  } finally {
    removeDir(otherDir);
  }
}, 30_000);

test("an address that is not this machine's stops the start with a message naming POS_HOST", async () => {
  // 192.0.2.1 is TEST-NET-1: reserved for documentation, never a machine's own address.
  const { code, output } = await spawnServerExpectingFailure(dataDir, { POS_HOST: '192.0.2.1' });
  expect(code).toBe(1);
  expect(output).toContain('192.0.2.1 is not an address of this machine: set POS_HOST');
}, 30_000);

async function stockLevel(url: string, token: string): Promise<number> {
  const response = await api<{ stock: Array<{ skuId: string; level: number }> }>(
    { url },
    'GET',
    '/api/stock',
    { token },
  );
  return response.body.stock.find((entry) => entry.skuId === sku)!.level;
}

test('a second server on the same data directory is refused while the first runs', async () => {
  const first = await spawnServer(dataDir);
  const second = await spawnServerExpectingFailure(dataDir);
  expect(second.code).toBe(1);
  expect(second.output).toContain(
    `data directory ${dataDir} is in use by the server with process id ${first.child.pid}`,
  );
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
}, 30_000);
