// Benchmarks a store's worst reconnect: 5 devices (the real client core on the wx stand-in) each
// sell 2,000 orders offline, then reconnect at once; time until the server (its own process) holds
// all 10,000 durably, exactly once. Beside it, the same orders replicated by PouchDB clients to
// express-pouchdb on loopback (bench/yardstick), the standard offline-first yardstick.
// Run: npm run bench:sync.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cashTender, type Order } from '@pos/shared';
import { createClient, type PosClient } from '../miniprogram/core/client';
import { trackedSkus } from '../test/support/sales';
import { killAllServers } from '../test/support/server-process';
import { makeTempDir, removeDir } from '../test/support/temp-dir';
import { createWxStandIn, type WxStandIn } from '../test/wx';
import { BenchServer } from './bench-server';

const DEVICES = 5;
const ORDERS_PER_DEVICE = 2_000;
const POUCH_BATCH = 500;
const root = path.resolve(__dirname, '..');

interface Device {
  standIn: WxStandIn;
  client: PosClient;
}

async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function pairedDevice(server: BenchServer, index: number): Promise<Device> {
  const standIn = createWxStandIn();
  const client = createClient({ wx: standIn.wx });
  const paired = await client.session.pair({
    serverAddress: server.url.replace(/^http:\/\//, ''),
    code: await server.pairingCode(),
    name: `Till ${index + 1}`,
    kind: 'tablet',
  });
  if (!paired.ok) throw new Error(paired.error.message);
  await until(() => client.catalog.products.length > 0, 'the catalog');
  const signedIn = client.session.signIn('staff-manager', server.process.managerPin!);
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  return { standIn, client };
}

function sell(device: Device, i: number): Order {
  const { cart, orders } = device.client;
  const added = cart.addItem(trackedSkus[i % 20].id, 1 + (i % 3));
  if (!added.ok) throw new Error(added.error.message);
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

async function ourRun(scratch: string): Promise<{ seconds: number; sample: Order }> {
  const server = await BenchServer.start(path.join(scratch, 'server'));
  try {
    const devices: Device[] = [];
    for (let i = 0; i < DEVICES; i++) devices.push(await pairedDevice(server, i));
    for (const device of devices) device.standIn.network.set({ isConnected: false });
    await until(
      () => devices.every((d) => d.client.sync.status.connection === 'offline'),
      'offline',
    );
    let sample: Order | null = null;
    const sellStart = performance.now();
    for (const device of devices)
      for (let i = 0; i < ORDERS_PER_DEVICE; i++) {
        sample = sell(device, i);
        // Let timers run between sales, as a till is idle between customers.
        if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
      }
    console.log(
      `    sold ${DEVICES * ORDERS_PER_DEVICE} orders offline in ${((performance.now() - sellStart) / 1000).toFixed(1)} s (not timed below)`,
    );
    if (devices.some((d) => d.client.sync.unsyncedCount !== ORDERS_PER_DEVICE))
      throw new Error('outbox count is off');
    const before = await server.orderCount();

    const start = performance.now();
    for (const device of devices) device.standIn.network.set({ isConnected: true });
    // Acknowledged means durable on the server: every outbox empty is every order on its disk.
    await until(
      () => devices.every((d) => d.client.sync.unsyncedCount === 0),
      'every outbox to empty',
    );
    const seconds = (performance.now() - start) / 1000;

    const held = (await server.orderCount()) - before;
    if (held !== DEVICES * ORDERS_PER_DEVICE)
      throw new Error(`server holds ${held} new orders, not ${DEVICES * ORDERS_PER_DEVICE}`);
    for (const device of devices) {
      device.client.dispose();
      await device.standIn.dispose();
    }
    return { seconds, sample: sample! };
  } finally {
    await server.stop();
  }
}

function pouchRun(scratch: string, sample: Order): { seconds: number; ordersPerSecond: number } {
  execFileSync('sh', [path.join(root, 'bench/yardstick/ensure-installed.sh')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const orderFile = path.join(scratch, 'sample-order.json');
  writeFileSync(orderFile, JSON.stringify(sample));
  const output = execFileSync(
    process.execPath,
    [
      path.join(root, 'bench/yardstick/pouchdb-yardstick.js'),
      ...['--devices', String(DEVICES), '--orders', String(ORDERS_PER_DEVICE)],
      ...['--batch', String(POUCH_BATCH), '--order-json', orderFile],
      // Its server waits for the disk before answering, as ours does: durable on both sides.
      '--fsync',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(output.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const scratch = makeTempDir('pos-bench-sync-');
  const total = DEVICES * ORDERS_PER_DEVICE;
  console.log(
    `sync benchmark (${new Date().toISOString()}, node ${process.version}): ${DEVICES} devices x ${ORDERS_PER_DEVICE} offline orders\n`,
  );
  console.log('this project: client core on the wx stand-in -> sync server in its own process');
  const ours = await ourRun(scratch);
  console.log(
    `    all ${total} durable, exactly once, ${ours.seconds.toFixed(2)} s after reconnecting = ${Math.round(total / ours.seconds)} orders/s\n`,
  );
  console.log(
    `yardstick: PouchDB clients -> express-pouchdb (leveldb, fsync), batches of ${POUCH_BATCH}`,
  );
  const pouch = pouchRun(scratch, ours.sample);
  console.log(
    `    all ${total} replicated in ${pouch.seconds.toFixed(2)} s = ${Math.round(pouch.ordersPerSecond)} orders/s\n`,
  );
  const ratio = pouch.seconds / ours.seconds;
  console.log(
    `ratio: ${ratio.toFixed(2)}x faster than PouchDB (target >= 5)  ${ratio >= 5 ? 'PASS' : 'FAIL'}`,
  );
  removeDir(scratch);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await killAllServers();
  process.exit(1);
});
