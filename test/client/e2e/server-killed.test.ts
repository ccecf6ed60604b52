// The server process is killed (SIGKILL) while the tablet pushes its outbox, and started again:
// the tablet reconnects by itself; nothing is lost and nothing is applied twice.
import type { Order } from '@pos/shared';
import { trackedSkus } from '../../support/sales';
import { freePort, spawnServer, type ServerProcess } from '../../support/server-process';
import { makeTempDir, removeDir } from '../../support/temp-dir';
import { api } from '../../support/test-server';
import { launch, pair, sellForCash, shutDownAll, type TestDevice } from '../support/device';
import { until } from '../support/until';

let dataDir: string;
let server: ServerProcess | null = null;

beforeEach(() => (dataDir = makeTempDir('pos-client-kill-')));
afterEach(async () => {
  await shutDownAll();
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  removeDir(dataDir);
});

/** Signs in with a PIN the server printed at its first start (the demo PINs are random there). */
function signInWithPrintedPin(device: TestDevice, output: string): void {
  const printed = /^\s+(\d{4,6})\s+(.+) \((?:收银员 cashier|店长 manager)\)$/m.exec(output);
  if (!printed) throw new Error(`no staff PIN in the server output:\n${output}`);
  const [, pin, name] = printed;
  const staff = device.client.session.staffList.find((s) => s.name === name)!;
  const signedIn = device.client.session.signIn(staff.id, pin);
  if (!signedIn.ok) throw new Error(signedIn.error.message);
}

async function serverView(token: string, days: string[], skuId: string) {
  const url = server!.url;
  const ids = (
    await Promise.all(
      days.map((day) =>
        api<{ orders: Array<{ id: string }> }>({ url }, 'GET', `/api/orders?day=${day}`, { token }),
      ),
    )
  ).flatMap((response) => response.body.orders.map((order) => order.id));
  const stock = await api<{ stock: Array<{ skuId: string; level: number }> }>(
    { url },
    'GET',
    '/api/stock',
    { token },
  );
  return { ids, level: stock.body.stock.find((entry) => entry.skuId === skuId)!.level };
}

test('a server killed mid-sync and restarted loses nothing and duplicates nothing', async () => {
  const port = await freePort();
  const env = { POS_PORT: String(port) };
  server = await spawnServer(dataDir, env);
  // A quick backoff keeps the test short; the policy itself is tested in backoff.test.ts.
  // Batches of 200, so that the 600 sales take several.
  const tablet = launch({
    client: { sync: { backoff: { baseMs: 100, maxMs: 1000 }, pushBatch: 200 } },
  });
  await pair(tablet, server, server.pairingCode);
  signInWithPrintedPin(tablet, server.output());
  const token = tablet.client.ledger.identity!.token;
  const sku = trackedSkus[0].id;
  const startLevel = tablet.client.catalog.stockOf(sku)!;

  tablet.standIn.network.set({ isConnected: false });
  const sold: Order[] = [];
  for (let i = 0; i < 600; i++) sold.push(sellForCash(tablet, [{ skuId: sku, qty: 1 }]));
  tablet.standIn.network.set({ isConnected: true });
  // Killed as soon as the first batch is acknowledged: the next one is in flight.
  await until(() => tablet.client.sync.unsyncedCount < 600, 'the first ack', 10_000);
  server.child.kill('SIGKILL');
  await server.exited;
  await until(() => tablet.client.sync.status.connection !== 'online', 'the tablet to notice');
  expect(tablet.client.sync.unsyncedCount).toBeGreaterThan(0);
  // Selling goes on while the server is down.
  for (let i = 0; i < 10; i++) sold.push(sellForCash(tablet, [{ skuId: sku, qty: 1 }]));

  server = await spawnServer(dataDir, env);
  await until(
    () => tablet.client.sync.unsyncedCount === 0 && tablet.client.sync.isOnline,
    'the tablet to finish syncing after the restart',
    20_000,
  );
  const days = [...new Set(sold.map((order) => order.businessDay))];
  const { ids, level } = await serverView(token, days, sku);
  expect(ids.sort()).toEqual(sold.map((order) => order.id).sort());
  expect(level).toBe(startLevel - sold.length);
  await until(() => tablet.client.catalog.stockOf(sku) === level, 'the tablet to agree on stock');
}, 60_000);
