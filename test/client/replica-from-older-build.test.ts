// A till's replica written by an older mini-program build: that build parsed the server's changes
// with its own schemas, and zod strips the fields it did not know, so what it stored lacks them.
// Shops update the in-store server before WeChat updates the tills, and the server sends a record
// again only once it changes: the updated till must fetch the store again whole, once, keeping
// everything unsynced.
//
// The older layouts, from git history:
//  - before 35bcfb1 storeSettingsSchema had no cashVarianceApprovalFen: pos.settings without it;
//  - before e3ccd83 skuSchema had no initials: pos.products.<n> SKUs without them (that build made
//    label initials on the device from its own GB2312 table, removed in e3ccd83).
// Both come from before the replica's format was stored: pos.replicaFormat missing.
import type { Product } from '@pos/shared';
import { replicaFormatRecord } from '../../miniprogram/core/replica-format';
import { REPLICA_FORMAT, storageKeys } from '../../miniprogram/core/storage-layout';
import { trackedSkus } from '../support/sales';
import { demo, serverForEachTest, type TestServer } from '../support/test-server';
import {
  launch,
  pair,
  relaunch,
  sellForCash,
  shutDown,
  shutDownAll,
  signIn,
  type TestDevice,
} from './support/device';
import { demoSnapshot, testIdentity } from './support/offline-seed';
import { until } from './support/until';

let server: TestServer;
serverForEachTest((s) => (server = s), { beforeClose: shutDownAll });

const offline = { network: { isConnected: false, networkType: 'none' } };

/**
 * The storage as an older build left it: every stored value rewritten by `strip`, and the replica
 * format as that build stored it (`format` undefined: a build from before the number was kept).
 */
function asOlderBuildStored(
  device: TestDevice,
  format: number | undefined,
  strip: (key: string, value: unknown) => unknown = (_key, value) => value,
): Record<string, unknown> {
  const dump = device.standIn.storage.dump() as Record<string, unknown>;
  const older: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dump))
    if (key !== storageKeys.replicaFormat) older[key] = strip(key, value);
  if (format !== undefined) older[storageKeys.replicaFormat] = replicaFormatRecord(format);
  return older;
}

/** The older build's settings (before 35bcfb1): no cash-variance threshold. */
function withoutVarianceThreshold(key: string, value: unknown): unknown {
  if (key !== storageKeys.settings) return value;
  const { cashVarianceApprovalFen: _unknownToIt, ...known } = value as Record<string, unknown>;
  return known;
}

/** The older build's products (before e3ccd83): SKUs without label initials. */
function withoutSkuInitials(key: string, value: unknown): unknown {
  if (!key.startsWith('pos.products.')) return value;
  const chunk = value as { v: number; records: Array<{ skus: Array<Record<string, unknown>> }> };
  return {
    ...chunk,
    records: chunk.records.map((product) => ({
      ...product,
      skus: product.skus.map(({ initials: _unknownToIt, ...sku }) => sku),
    })),
  };
}

/** The store's cash-variance threshold set at ¥50 on the server, updated before the tills. */
async function thresholdSetAt50(): Promise<void> {
  await server.store.commit({
    kind: 'settings.saved',
    settings: { ...server.store.settings, cashVarianceApprovalFen: 5000 },
  });
}

async function pairedTablet(): Promise<TestDevice> {
  const tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  await until(() => tablet.client.sync.isCaughtUp, 'the till to catch up');
  return tablet;
}

function ntdbFindsLatteLarge(device: TestDevice): boolean {
  return device.client.catalog.search('ntdb').some((hit) => hit.sku.label === '大杯');
}

test('a store rule an older build could not store reaches the till once its app is updated, fetched once', async () => {
  await thresholdSetAt50();
  let tablet = await pairedTablet();
  expect(tablet.client.shift.varianceApprovalFen).toBe(5000);

  const storage = asOlderBuildStored(tablet, undefined, withoutVarianceThreshold);
  await shutDown(tablet);
  // The mini-program updated by WeChat: the newer build opens that storage and syncs.
  tablet = launch({ storage });
  await until(() => tablet.client.shift.varianceApprovalFen === 5000, 'the ¥50 rule to arrive');

  // The store fetched again is stored with this build's format: the next launch trusts its cursor.
  await until(() => !tablet.client.ledger.replica.hasUnflushed(), 'the snapshot written');
  const next = await relaunch(tablet, { client: { autoStart: false } });
  expect(next.client.ledger.replica.cursor).toBe(server.store.cursor);
  expect(next.client.shift.varianceApprovalFen).toBe(5000);
}, 30_000);

test('SKU label initials an older build could not store reach the till once its app is updated', async () => {
  let tablet = await pairedTablet();
  expect(ntdbFindsLatteLarge(tablet)).toBe(true);

  // That build stored a format number, an older one than this build's.
  const storage = asOlderBuildStored(tablet, REPLICA_FORMAT - 1, withoutSkuInitials);
  await shutDown(tablet);
  tablet = launch({ storage });
  await until(() => ntdbFindsLatteLarge(tablet), 'ntdb to find 拿铁 大杯');
}, 30_000);

test('a till updated while offline sells from what it has, then fetches the store again with its sale kept', async () => {
  await thresholdSetAt50();
  let tablet = await pairedTablet();
  const storage = asOlderBuildStored(tablet, undefined, withoutVarianceThreshold);
  await shutDown(tablet);

  tablet = launch({ storage, wx: offline });
  // Its catalog and settings are there: it sells, as the older build would have.
  expect(tablet.client.catalog.products.length).toBeGreaterThan(0);
  signIn(tablet);
  const sold = sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  // Closed and opened again, still offline: the sale is kept, the store still to fetch.
  tablet = await relaunch(tablet, { wx: offline });
  expect(tablet.client.sync.unsyncedCount).toBe(1);
  expect(tablet.client.ledger.replica.cursor).toBeNull();

  tablet.standIn.network.set({ isConnected: true });
  await until(() => server.store.order(sold.id) !== undefined, 'the sale to reach the server');
  await until(() => tablet.client.shift.varianceApprovalFen === 5000, 'the ¥50 rule to arrive');
  expect(tablet.client.sync.unsyncedCount).toBe(0);
  expect(tablet.client.ledger.history.get(sold.id)?.id).toBe(sold.id);
}, 30_000);

// ---- Near a full storage: the snapshot fetched again waits in memory as the server's data does ----

const QUOTA = 2 * 1024 * 1024;
const atQuota = { wx: { storageQuotaBytes: QUOTA }, client: { autoStart: false } };

/** The demo's products copied under new ids, with long names or short. */
function bigCatalog(count: number, long: boolean): Product[] {
  return Array.from({ length: count }, (_, i) => {
    const base = demo.products[i % demo.products.length];
    const name = long ? `${i} 进口精选${'长'.repeat(60)}`.slice(0, 60) : `${i} 精选`;
    const skus = base.skus.map((sku, j) => ({ ...sku, id: `big-${i}-${j}`, barcodes: [] }));
    return { ...base, id: `big-${i}`, name, skus };
  });
}

/**
 * An older build's till, offline with a big catalog and unsynced sales taking it to 92%, opened
 * by the updated build; and the snapshot it then fetches, larger than the room left below 95%.
 */
async function updatedBusyTill(): Promise<{ device: TestDevice; snapshotProducts: Product[] }> {
  const device = launch(atQuota);
  const { ledger } = device.client;
  ledger.setIdentity(testIdentity);
  ledger.applySnapshot(
    { ...demoSnapshot(), products: [...demo.products, ...bigCatalog(2000, false)] },
    1,
  );
  signIn(device);
  const item = { skuId: trackedSkus[0].id, qty: 1 };
  while (device.standIn.storage.usedBytes() < QUOTA * 0.92) sellForCash(device, [item]);
  const storage = asOlderBuildStored(device, undefined);
  await shutDown(device);
  return { device: launch({ ...atQuota, storage }), snapshotProducts: bigCatalog(2000, true) };
}

function stored(device: TestDevice, key: string): unknown {
  return device.client.ledger.storage.get(key);
}

test('near a full storage the store fetched again waits in memory, its format unwritten, until acks free room', async () => {
  const { device, snapshotProducts } = await updatedBusyTill();
  const { ledger } = device.client;
  const unsynced = device.client.sync.unsyncedCount;
  expect(unsynced).toBeGreaterThan(0);
  expect(ledger.replica.cursor).toBeNull();

  ledger.applySnapshot({ ...demoSnapshot(), products: [...demo.products, ...snapshotProducts] }, 2);
  // Written only up to 95%: the cursor and the format wait with the rest, in memory.
  expect(ledger.writeProblem).toMatch(/storage is full: the store's latest data is kept in memory/);
  expect(device.standIn.storage.usedBytes() / QUOTA).toBeLessThanOrEqual(0.95);
  expect(stored(device, storageKeys.cursor)).toEqual({ cursor: 1 });
  expect(stored(device, storageKeys.replicaFormat)).toBeNull();
  expect(ledger.replica.products.get('big-1999')?.name).toBe(snapshotProducts[1999].name);

  // A relaunch meanwhile fetches the store again; nothing unsynced is lost.
  const relaunched = await relaunch(device, atQuota);
  expect(relaunched.client.ledger.replica.cursor).toBeNull();
  expect(relaunched.client.sync.unsyncedCount).toBe(unsynced);
}, 30_000);

test('the store fetched again near a full storage is written with its format once acks free room', async () => {
  const { device, snapshotProducts } = await updatedBusyTill();
  const { ledger } = device.client;
  ledger.applySnapshot({ ...demoSnapshot(), products: [...demo.products, ...snapshotProducts] }, 2);
  expect(stored(device, storageKeys.replicaFormat)).toBeNull();

  ledger.settle(
    ledger.outbox.entries().map(({ op }) => ({ id: op.id, seq: op.seq, status: 'applied' })),
  );
  await until(() => ledger.writeProblem === null, 'the held snapshot written');
  expect(stored(device, storageKeys.cursor)).toEqual({ cursor: 2 });
  expect(stored(device, storageKeys.replicaFormat)).toEqual(replicaFormatRecord());

  const relaunched = await relaunch(device, atQuota);
  expect(relaunched.client.ledger.replica.cursor).toBe(2);
  expect(relaunched.client.ledger.replica.products.get('big-1999')?.name).toBe(
    snapshotProducts[1999].name,
  );
}, 30_000);
