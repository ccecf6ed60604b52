// Benchmarks a store's worst reconnect: 5 devices (the real client core on the wx stand-in) each
// sell 2,000 orders offline, then reconnect at once; time until the server (its own process) holds
// all 10,000 durably, exactly once. Beside it, the same orders replicated by PouchDB clients to
// express-pouchdb on loopback (bench/yardstick), the standard offline-first yardstick.
// Run: npm run bench:sync. BENCH_SKIP_YARDSTICK=1 skips PouchDB; BENCH_PROFILE_DIR=<dir> writes CPU
// profiles of the timed window there, devices.cpuprofile (this process) and server.cpuprofile
// (bench/cpu-profile.ts reads them).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cashTender, type Order } from '@pos/shared';
import { createClient, type PosClient } from '../miniprogram/core/client';
import { trackedSkus } from '../test/support/sales';
import { createWxStandIn, type WxStandIn } from '../test/wx';
import { BenchServer } from './bench-server';
import { runInScratch } from './scratch';

const DEVICES = 5;
const ORDERS_PER_DEVICE = 2_000;
const POUCH_BATCH = 500;
const root = path.resolve(__dirname, '..');
const profileDir = process.env.BENCH_PROFILE_DIR
  ? path.resolve(process.env.BENCH_PROFILE_DIR)
  : null;
const skipYardstick = process.env.BENCH_SKIP_YARDSTICK === '1';

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

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function sell(device: Device, i: number): Order {
  const { cart, orders } = device.client;
  const added = cart.addItem(trackedSkus[i % 20].id, 1 + (i % 3));
  if (!added.ok) throw new Error(added.error.message);
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

async function ourRun(scratch: string): Promise<{
  seconds: number;
  caughtUpSeconds: number;
  sample: Order;
}> {
  const server = await BenchServer.start(
    path.join(scratch, 'server'),
    profileDir
      ? {
          BENCH_PROFILE_DIR: profileDir,
          NODE_OPTIONS: `--import=${path.join(__dirname, 'profile-process.mjs')}`,
        }
      : {},
  );
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

    const profiler = profileDir ? await startProfiler(server) : null;
    const serverCpuBefore = cpuSecondsOf(server.process.child.pid!);
    const devicesCpuBefore = process.cpuUsage();
    const start = performance.now();
    for (const device of devices) device.standIn.network.set({ isConnected: true });
    // Acknowledged means durable on the server: every outbox empty is every order on its disk.
    await until(
      () => devices.every((d) => d.client.sync.unsyncedCount === 0),
      'every outbox to empty',
    );
    const seconds = (performance.now() - start) / 1000;
    const devicesCpu = process.cpuUsage(devicesCpuBefore);
    const cpu = {
      devices: (devicesCpu.user + devicesCpu.system) / 1e6,
      server: cpuSecondsOf(server.process.child.pid!) - serverCpuBefore,
    };
    await profiler?.stop();

    const health = await server.health();
    const held = health.orders - before;
    if (held !== DEVICES * ORDERS_PER_DEVICE)
      throw new Error(`server holds ${held} new orders, not ${DEVICES * ORDERS_PER_DEVICE}`);
    console.log(
      `    all ${held} durable, exactly once, ${seconds.toFixed(2)} s after reconnecting = ${Math.round(held / seconds)} orders/s`,
    );
    console.log(
      `    CPU meanwhile: devices' process ${cpu.devices.toFixed(2)} s, server ${cpu.server.toFixed(2)} s (2 cores, shared)`,
    );
    // Not the figure, but said beside it: the devices then take in each other's sales.
    await until(
      () => devices.every((d) => (d.client.ledger.replica.cursor ?? 0) >= health.cursor),
      `every device to catch up with the others' sales (${devices.map((d) => d.client.sync.status.lastError).join('; ')})`,
      30_000,
    );
    const caughtUpSeconds = (performance.now() - start) / 1000;
    for (const device of devices) {
      device.client.dispose();
      await device.standIn.dispose();
    }
    return { seconds, caughtUpSeconds, sample: sample! };
  } finally {
    await server.stop();
  }
}

/**
 * Profiles this process and the server (bench/profile-process.mjs) until stop(), which writes
 * devices.cpuprofile and server.cpuprofile into the profile folder.
 */
async function startProfiler(server: BenchServer): Promise<{ stop: () => Promise<void> }> {
  server.process.child.kill('SIGUSR2');
  // The signal is handled between two of the server's tasks: give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const session = new Session();
  session.connect();
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(profileDir!, { recursive: true });
      writeFileSync(path.join(profileDir!, 'devices.cpuprofile'), JSON.stringify(profile));
      session.disconnect();
      server.process.child.kill('SIGUSR2');
    },
  };
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

async function main(scratch: string): Promise<void> {
  const total = DEVICES * ORDERS_PER_DEVICE;
  console.log(
    `sync benchmark (${new Date().toISOString()}, node ${process.version}): ${DEVICES} devices x ${ORDERS_PER_DEVICE} offline orders\n`,
  );
  console.log('this project: client core on the wx stand-in -> sync server in its own process');
  const ours = await ourRun(scratch);
  console.log(
    `    (every device had every other device's sales ${ours.caughtUpSeconds.toFixed(2)} s after reconnecting)\n`,
  );
  if (skipYardstick) return;
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
}

void runInScratch('pos-bench-sync-', main);
