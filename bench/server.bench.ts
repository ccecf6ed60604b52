// Benchmarks the sync server's durable path on this machine's disk: the real server (`main.ts`)
// in its own process, devices on real WebSockets. (1) single-operation ack latency beside the
// disk's own fsync latency, (2) five devices pushing 2,000 operations each in batches, (3) the
// cost of one write with 1,000 orders stored against 100,000. Run: npm run bench:server.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ProtocolClient } from '../test/support/protocol-client';
import { saleOperation, trackedSkus } from '../test/support/sales';
import type { PairedTestDevice } from '../test/support/test-server';
import { BenchServer } from './bench-server';
import { runInScratch } from './scratch';
import { formatMs, percentile } from './stats';

const SINGLE_OPS = 500;
const DEVICES = 5;
const OPS_PER_DEVICE = 2_000;
const BATCH = 100;
/** A till rings up far fewer than the server's per-device limit of 200 messages a second. */
const PACE_MS = 6;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The disk's own cost of durability: a small append and fdatasync, as the journal does. */
async function openFsyncProbe(dir: string) {
  const handle = await fs.open(path.join(dir, 'fsync-probe'), 'a');
  const line = Buffer.from(`${'x'.repeat(330)}\n`);
  return {
    async time(): Promise<number> {
      const start = performance.now();
      await handle.write(line);
      await handle.datasync();
      return performance.now() - start;
    },
    close: () => handle.close(),
  };
}

/** Pushes one operation at a time, as a till does after each sale, timing each until its ack. */
async function measureSingleAcks(
  client: ProtocolClient,
  device: PairedTestDevice,
  firstSeq: number,
  count: number,
) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const op = saleOperation({
      device,
      seq: firstSeq + i,
      items: [{ skuId: trackedSkus[i % 20].id, qty: 1 }],
    });
    const start = performance.now();
    const { results } = await client.push([op]);
    times.push(performance.now() - start);
    if (results[0].status !== 'applied')
      throw new Error(`not applied: ${JSON.stringify(results[0])}`);
    await sleep(PACE_MS);
  }
  return times;
}

/** Pushes `count` operations from one device in batches of 200, one batch in flight. */
async function pushAll(
  client: ProtocolClient,
  device: PairedTestDevice,
  count: number,
): Promise<void> {
  const at = Date.now();
  for (let seq = 1; seq <= count; seq += 200) {
    const batch = [];
    for (let k = seq; k < Math.min(seq + 200, count + 1); k++)
      batch.push(
        saleOperation({ device, seq: k, items: [{ skuId: trackedSkus[k % 20].id, qty: 1 }], at }),
      );
    await client.push(batch);
  }
}

async function writeCostWith(scratch: string, orders: number): Promise<number[]> {
  const server = await BenchServer.start(path.join(scratch, `history-${orders}`));
  const loader = await server.pair('Loader');
  const loading = await ProtocolClient.open(server.url, loader.token);
  await pushAll(loading, loader, orders);
  loading.close();
  const device = await server.pair('Till');
  // As a till that is up to date: the write is measured, not the snapshot of the day's orders.
  const client = await server.openUpToDate(device);
  await measureSingleAcks(client, device, 1, 50); // warm up
  const times = await measureSingleAcks(client, device, 51, 300);
  client.close();
  await server.stop();
  return times;
}

async function main(scratch: string): Promise<void> {
  console.log(
    `sync server benchmark (${new Date().toISOString()}, node ${process.version}), server in its own process\n`,
  );

  // (1) Ack latency of single operations, beside the fsync latency of the same disk.
  const server = await BenchServer.start(path.join(scratch, 'latency'));
  const device = await server.pair('Till');
  const client = await ProtocolClient.open(server.url, device.token);
  await measureSingleAcks(client, device, 1, 50);
  // Interleaved, one fsync then one ack, so that both see the same moments of the machine's load.
  const probe = await openFsyncProbe(scratch);
  const fsyncTimes: number[] = [];
  const ackTimes: number[] = [];
  for (let i = 0; i < SINGLE_OPS; i++) {
    fsyncTimes.push(await probe.time());
    ackTimes.push(...(await measureSingleAcks(client, device, 51 + i, 1)));
  }
  await probe.close();
  client.close();
  await server.stop();
  const fsyncP99 = percentile(fsyncTimes, 0.99);
  const ackP99 = percentile(ackTimes, 0.99);
  console.log(`(1) durable ack of one operation (push -> fsync -> ack), ${SINGLE_OPS} samples`);
  console.log(
    `    fsync of a small append: p50 ${formatMs(percentile(fsyncTimes, 0.5))}, p99 ${formatMs(fsyncP99)}`,
  );
  console.log(
    `    ack of one operation:    p50 ${formatMs(percentile(ackTimes, 0.5))}, p99 ${formatMs(ackP99)}`,
  );
  console.log(
    `    p99 ack / p99 fsync = ${(ackP99 / fsyncP99).toFixed(2)} (target <= 3)  ${ackP99 <= 3 * fsyncP99 ? 'PASS' : 'FAIL'}\n`,
  );

  // (2) Five devices pushing 2,000 operations each, in batches, one batch in flight per device.
  const busy = await BenchServer.start(path.join(scratch, 'throughput'));
  const devices = [];
  for (let i = 0; i < DEVICES; i++) devices.push(await busy.pair(`Till ${i + 1}`));
  const sockets = await Promise.all(devices.map((d) => ProtocolClient.open(busy.url, d.token)));
  const outboxes = devices.map((d) =>
    Array.from({ length: OPS_PER_DEVICE }, (_, i) =>
      saleOperation({ device: d, seq: i + 1, items: [{ skuId: trackedSkus[i % 20].id, qty: 1 }] }),
    ),
  );
  const start = performance.now();
  await Promise.all(
    sockets.map(async (socket, d) => {
      for (let i = 0; i < OPS_PER_DEVICE; i += BATCH)
        await socket.push(outboxes[d].slice(i, i + BATCH));
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const socket of sockets) socket.close();
  const held = await busy.orderCount();
  await busy.stop();
  console.log(`(2) ${DEVICES} devices x ${OPS_PER_DEVICE} operations in batches of ${BATCH}`);
  console.log(
    `    ${held} orders durable in ${seconds.toFixed(2)} s = ${Math.round(held / seconds)} operations/s\n`,
  );

  // (3) The cost of one write does not grow with history.
  const small = await writeCostWith(scratch, 1_000);
  const large = await writeCostWith(scratch, 100_000);
  const ratio = percentile(large, 0.5) / percentile(small, 0.5);
  console.log('(3) one durable write (single-operation ack) by orders already stored');
  console.log(
    `    with   1,000 orders: p50 ${formatMs(percentile(small, 0.5))}, p99 ${formatMs(percentile(small, 0.99))}`,
  );
  console.log(
    `    with 100,000 orders: p50 ${formatMs(percentile(large, 0.5))}, p99 ${formatMs(percentile(large, 0.99))}`,
  );
  console.log(
    `    ratio (p50) = ${ratio.toFixed(2)} (target <= 1.5)  ${ratio <= 1.5 ? 'PASS' : 'FAIL'}`,
  );
}

void runInScratch('pos-bench-', main);
