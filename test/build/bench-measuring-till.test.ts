// bench:server's step (3) times one write with 100,000 orders stored. Its measuring till says hello
// as a till that is up to date does, with the server's cursor: it gets no snapshot of the day's
// orders (about 90 MB), which it would otherwise wait on, and which the bench does not measure.
import { saleOperation } from '../support/sales';
import { killAllServers } from '../support/server-process';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { BenchServer } from '../../bench/bench-server';
import { ProtocolClient } from '../support/protocol-client';

let dir: string;
beforeEach(() => (dir = makeTempDir('pos-bench-till-')));
afterEach(async () => {
  await killAllServers();
  removeDir(dir);
});

test('the measuring till gets no snapshot of the orders stored, and its writes are acked', async () => {
  const server = await BenchServer.start(dir);
  const loader = await server.pair('Loader');
  const loading = await ProtocolClient.open(server.url, loader.token);
  await loading.push(
    Array.from({ length: 200 }, (_, i) => saleOperation({ device: loader, seq: i + 1 })),
  );
  loading.close();

  const device = await server.pair('Till');
  const till = await server.openUpToDate(device);
  const caughtUp = await till.waitFor(
    (m) => m.type === 'changes' && m.caughtUp === true,
    'caught up',
  );
  expect(caughtUp).toMatchObject({ changes: [] });
  const { results } = await till.push([saleOperation({ device, seq: 1 })]);
  expect(results[0].status).toBe('applied');
  expect(till.count('snapshot')).toBe(0);
  till.close();
  await server.stop();
}, 60_000);
