// Benchmarks what a long history costs the store on this machine's disk: opening it (a start:
// checkpoint, then the whole journal for the order book) and the rebuild after a change the fold
// failed on (the same read beside the open store, during which writes wait). Real files, the real
// store in this process. Run: npm run bench:recovery.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pairDevice } from '../sync-server/auth/pair-device';
import { Store } from '../sync-server/store/store';
import { rebuildContext } from '../sync-server/store/recovery';
import { demo } from '../test/support/test-server';
import { saleOperation } from '../test/support/sales';
import { removeDir } from '../test/support/temp-dir';
import { runInScratch } from './scratch';

const HISTORIES = [10_000, 100_000];
const ORDERS_A_DAY = 1_000;
const BATCH = 500;
const DAY_MS = 86_400_000;

async function storeWith(dataDir: string, orders: number): Promise<void> {
  const store = await Store.open({ dataDir, seed: () => demo });
  const device = await pairDevice(store, 'Bench till', 'tablet', Date.now());
  // A day's sales a day, from far enough back that every one is in the past.
  const firstDay = Date.now() - (orders / ORDERS_A_DAY + 2) * DAY_MS;
  for (let from = 0; from < orders; from += BATCH) {
    const ops = Array.from({ length: Math.min(BATCH, orders - from) }, (_, i) => {
      const n = from + i;
      const day = Math.floor(n / ORDERS_A_DAY);
      return saleOperation({
        device,
        seq: n + 1,
        orderSeq: (n % ORDERS_A_DAY) + 1,
        at: firstDay + day * DAY_MS + (n % ORDERS_A_DAY) * 30_000,
      });
    });
    await store.submit(device.deviceId, ops);
  }
  await store.close();
}

async function main(scratch: string): Promise<void> {
  console.log(`recovery benchmark (${new Date().toISOString()}, node ${process.version})`);
  for (const orders of HISTORIES) {
    const dataDir = path.join(scratch, `history-${orders}`);
    try {
      await storeWith(dataDir, orders);
      let start = performance.now();
      const store = await Store.open({ dataDir, seed: () => demo });
      const opened = performance.now() - start;
      if (store.orderCount !== orders) throw new Error(`opened with ${store.orderCount} orders`);
      start = performance.now();
      const rebuilt = await rebuildContext({ dataDir });
      const rebuiltMs = performance.now() - start;
      if (rebuilt.orders.size !== orders) throw new Error(`rebuilt ${rebuilt.orders.size} orders`);
      await store.close();
      console.log(
        `  ${orders.toLocaleString('en')} orders in the journal: start ${(opened / 1000).toFixed(2)} s, ` +
          `rebuild after a failed change ${(rebuiltMs / 1000).toFixed(2)} s (writes wait meanwhile)`,
      );
    } finally {
      removeDir(dataDir);
    }
  }
}

void runInScratch('pos-bench-recovery-', main);
