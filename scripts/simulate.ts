// The device simulator: several devices (the real client core on the wx stand-in) selling against
// a sync server, with progress as they go, so the whole sync can be watched without WeChat.
//
//   npm run simulate -- --devices 3 --orders 200 --offline 30s
//   npm run simulate -- --server http://192.168.1.20:8787 --manager-pin 123456
//
// Without --server it starts its own server on a fresh data directory (removed at the end).
import { randomBytes, randomInt } from 'node:crypto';
import pino from 'pino';
import { cashTender } from '@pos/shared';
import { createClient, type PosClient } from '../miniprogram/core/client';
import { createDemoStore } from '../sync-server/demo/demo-store';
import { startServer, type RunningServer } from '../sync-server/server';
import { api } from '../test/support/test-server';
import { makeTempDir, removeDir } from '../test/support/temp-dir';
import { createWxStandIn, type WxStandIn } from '../test/wx';
import { readOptions, usage, type Options } from './simulate-options';

interface Device {
  name: string;
  standIn: WxStandIn;
  client: PosClient;
  sold: number;
  soldTotal: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** What a run holds, so it is let go of however the run ends: done, failed or interrupted. */
const run = {
  embedded: null as { server: RunningServer; dataDir: string } | null,
  devices: [] as Device[],
  progress: null as NodeJS.Timeout | null,
};

async function cleanUp(): Promise<void> {
  if (run.progress) clearInterval(run.progress);
  const devices = run.devices.splice(0);
  for (const d of devices) {
    d.client.dispose();
    await d.standIn.dispose();
  }
  const embedded = run.embedded;
  run.embedded = null;
  if (embedded) {
    await embedded.server.close();
    removeDir(embedded.dataDir);
  }
}

function printSummary(): number {
  console.log('\nsummary');
  for (const d of run.devices) {
    const pending = d.client.sync.unsyncedCount;
    console.log(
      `  ${d.name}: sold ${d.sold} orders (${yuan(d.soldTotal)}), synced ${d.sold - pending}, still pending ${pending}`,
    );
  }
  return run.devices.reduce((sum, d) => sum + d.client.sync.unsyncedCount, 0);
}

/** An HTTP call to the server; a server that does not answer is named, not "fetch failed". */
async function call<T>(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
) {
  try {
    return await api<T>({ url }, method, path, options);
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `cannot reach the server at ${url} (${cause?.code ?? cause?.message ?? (error as Error).message}): ` +
        'is it running (npm start)? Or leave out --server to start one',
    );
  }
}

async function main(options: Options): Promise<void> {
  let url = options.server;
  let managerPin = options.managerPin;
  const managerId = options.managerId;
  if (!url) {
    const demo = createDemoStore({ bytes: (n) => randomBytes(n), int: (max) => randomInt(max) });
    const dataDir = makeTempDir('pos-simulate-');
    try {
      const server = await startServer({
        dataDir,
        port: 0,
        logger: pino({ level: 'warn' }),
        seed: () => demo,
      });
      run.embedded = { server, dataDir };
    } catch (error) {
      removeDir(dataDir);
      throw error;
    }
    url = run.embedded.server.url;
    managerPin = demo.staffPins.find((staff) => staff.role === 'manager')!.pin;
    console.log(`started a server with the demo store at ${url} (data in ${dataDir})`);
  }

  const session = await call<{ token: string; error?: { message: string } }>(
    url,
    'POST',
    '/api/sessions',
    { body: { staffId: managerId, pin: managerPin } },
  );
  if (session.status !== 201)
    throw new Error(
      `--manager-pin: the server refused manager ${managerId}'s sign-in (${session.body.error?.message ?? session.status})`,
    );

  const pairingCode = async (): Promise<string> => {
    const issued = await call<{ code: string; error?: { message: string } }>(
      url,
      'POST',
      '/api/pairing-codes',
      { token: session.body.token },
    );
    // A cashier's id and PIN sign in, but only a manager may pair devices (403).
    if (issued.status !== 201)
      throw new Error(
        `--manager-id: ${managerId} signed in, but the server would not give them a pairing code ` +
          `(${issued.body.error?.message ?? `HTTP ${issued.status}`}): pairing the simulated ` +
          "devices needs a manager's --manager-id and --manager-pin",
      );
    return issued.body.code;
  };

  const devices = run.devices;
  for (let i = 0; i < options.devices; i++) {
    const kind = i === 1 ? 'phone' : 'tablet';
    const code = await pairingCode();
    const standIn = createWxStandIn();
    const client = createClient({ wx: standIn.wx });
    const device: Device = { name: `device ${i + 1}`, standIn, client, sold: 0, soldTotal: 0 };
    devices.push(device);
    const paired = await client.session.pair({
      serverAddress: url.replace(/^https?:\/\//, ''),
      code,
      name: `Simulated ${kind} ${i + 1}`,
      kind,
    });
    if (!paired.ok) throw new Error(paired.error.message);
    while (client.catalog.products.length === 0) await sleep(20);
    const signedIn = client.session.signIn(managerId, managerPin!);
    if (!signedIn.ok) throw new Error(signedIn.error.message);
    device.name = client.session.device?.deviceCode ?? device.name;
  }
  console.log(
    `paired ${devices.map((d) => d.name).join(', ')}; selling ${options.orders} orders each at ${options.ratePerSecond}/s`,
  );

  const products = devices[0].client.catalog.products.filter(
    (p) => p.active && p.soldBy === 'piece',
  );
  const report = () =>
    devices
      .map(
        (d) =>
          `${d.name}: sold ${d.sold}, pending ${d.client.sync.unsyncedCount} (${d.client.sync.status.connection})`,
      )
      .join(' | ');
  run.progress = setInterval(() => console.log(report()), 1000);

  const started = Date.now();
  if (options.offlineMs > 0) {
    console.log(`network down for ${options.offlineMs / 1000} s: the devices keep selling`);
    for (const d of devices) d.standIn.network.set({ isConnected: false });
    setTimeout(() => {
      console.log('network back: syncing what was sold offline');
      for (const d of devices) d.standIn.network.set({ isConnected: true });
    }, options.offlineMs).unref();
  }

  await Promise.all(
    devices.map(async (device) => {
      for (let n = 0; n < options.orders; n++) {
        const { cart, orders } = device.client;
        const product = products[randomInt(products.length)];
        const added = cart.addItem(product.skus[0].id, 1 + randomInt(3));
        if (!added.ok) throw new Error(`${device.name}: ${added.error.message}`);
        const sold = orders.checkout([
          cashTender(cart.total, Math.ceil(cart.total / 10000) * 10000),
        ]);
        if (!sold.ok) throw new Error(`${device.name}: ${sold.error.message}`);
        device.sold += 1;
        device.soldTotal += sold.value.total;
        await sleep(1000 / options.ratePerSecond);
      }
    }),
  );
  // Whatever is still pending gets a minute after the network is back.
  const deadline = Math.max(Date.now(), started + options.offlineMs) + 60_000;
  while (devices.some((d) => d.client.sync.unsyncedCount > 0) && Date.now() < deadline)
    await sleep(100);
  clearInterval(run.progress);

  const pendingAll = printSummary();
  const health = await call<{ orders: number }>(url, 'GET', '/api/health');
  console.log(`  server holds ${health.body.orders} orders in all`);
  await cleanUp();
  if (pendingAll > 0) {
    console.log(`${pendingAll} operations did not reach the server in time`);
    process.exitCode = 1;
  }
}

// Ctrl-C: say where the run stood, then close the devices and the server it started and remove
// its data directory (a temporary folder left per interrupted run otherwise).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\ninterrupted (${signal}): stopping`);
    printSummary();
    void cleanUp().finally(() => process.exit(130));
  });
}

let options: Options | 'help';
try {
  options = readOptions(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  console.error(usage);
  process.exit(1);
}
if (options === 'help') {
  console.log(usage);
} else {
  main(options).catch(async (error: unknown) => {
    console.error((error as Error).message ?? error);
    await cleanUp().catch(() => undefined);
    process.exit(1);
  });
}
