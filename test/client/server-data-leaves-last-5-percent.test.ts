// The server's data (a catalog update) arriving while the till is just under 95% is written only up
// to 95%: the last 5% is the device's own (a refund, closing a shift). The rest waits in memory with
// the cursor unmoved, and is written once acks free room, or pulled again after a relaunch.
import type { Order, Product } from '@pos/shared';
import { Replica } from '../../miniprogram/core/replica';
import { storageKeys } from '../../miniprogram/core/storage-layout';
import { trackedSkus } from '../support/sales';
import { demo } from '../support/test-server';
import {
  launch,
  relaunch,
  sellForCash,
  shutDownAll,
  signIn,
  type TestDevice,
} from './support/device';
import { demoSnapshot, testIdentity } from './support/offline-seed';
import { until } from './support/until';

afterEach(shutDownAll);

const QUOTA = 2 * 1024 * 1024;
const item = { skuId: trackedSkus[0].id, qty: 1 };

/** A big catalog: `count` products (the demo's, copied under new ids), with long names or short. */
function bigCatalog(count: number, long: boolean): Product[] {
  const products: Product[] = [];
  for (let i = 0; i < count; i++) {
    const base = demo.products[i % demo.products.length];
    products.push({
      ...base,
      id: `big-${i}`,
      name: long ? `${i} 进口精选${'长'.repeat(60)}`.slice(0, 60) : `${i} 精选`,
      skus: base.skus.map((sku, j) => ({ ...sku, id: `big-${i}-${j}`, barcodes: [] })),
    });
  }
  return products;
}

const launchOptions = { wx: { storageQuotaBytes: QUOTA }, client: { autoStart: false } };
/** The store renames its 2,000 products: one change each, after the snapshot's cursor 1. */
const renamed = bigCatalog(2000, true);
const renameCursor = 1 + renamed.length;

/** A busy till offline with a big catalog, its unsynced sales taking it to 92%, under the 95% line. */
function busyTillJustUnder95(): { device: TestDevice; sold: Order[] } {
  const device = launch(launchOptions);
  const { ledger } = device.client;
  ledger.setIdentity(testIdentity);
  ledger.applySnapshot(
    { ...demoSnapshot(), products: [...demo.products, ...bigCatalog(2000, false)] },
    1,
  );
  ledger.persist();
  signIn(device);
  const sold: Order[] = [];
  while (device.standIn.storage.usedBytes() < QUOTA * 0.92) sold.push(sellForCash(device, [item]));
  // Still allowed to sell.
  expect(device.client.sync.storageLevel).toBe('warning');
  return { device, sold };
}

/** The renames as the server's change feed delivers them, written as the till would. */
function receiveRenames(device: TestDevice): boolean {
  const { ledger } = device.client;
  ledger.applyChanges(
    renamed.map((product, i) => ({ kind: 'product' as const, product, cursor: 2 + i })),
    renameCursor,
  );
  return ledger.persist();
}

/** The server acknowledges every sale waiting in the outbox. */
function acknowledgeAll(device: TestDevice): void {
  const { ledger } = device.client;
  ledger.settle(
    ledger.outbox.entries().map(({ op }) => ({ id: op.id, seq: op.seq, status: 'applied' })),
  );
}

/** What a relaunch would read: the stored cursor and the renamed products' stored names. */
function stored(device: TestDevice): { cursor: unknown; names: Map<string, string> } {
  const storage = device.client.ledger.storage;
  const replica = new Replica(storage);
  replica.load(storage.keys());
  const names = new Map(replica.products.values().map((product) => [product.id, product.name]));
  return { cursor: storage.get(storageKeys.cursor), names };
}

function renamedCount(names: Map<string, string>): number {
  return renamed.filter((product) => names.get(product.id) === product.name).length;
}

function refundWhole(device: TestDevice, order: Order): boolean {
  const manager = demo.staffPins.find((staff) => staff.role === 'manager')!;
  const refunded = device.client.orders.refund(order.id, {
    lines: order.lines.map((line) => ({ lineId: line.lineId, qty: line.qty })),
    reason: 'returned',
    approvedBy: manager.staffId,
    restock: true,
  });
  return refunded.ok;
}

test("a catalog update written just under 95% stops at 95%, leaving the rest to the till's own refund", () => {
  const { device, sold } = busyTillJustUnder95();
  const { ledger } = device.client;

  expect(receiveRenames(device)).toBe(false);

  // The server's data went no further than 95%...
  expect(device.standIn.storage.usedBytes() / QUOTA).toBeLessThanOrEqual(0.95);
  expect(ledger.writeProblem).toMatch(/storage is full: the store's latest data is kept in memory/);
  // ...the cursor is not ahead of what was written...
  expect(stored(device).cursor).toEqual({ cursor: 1 });
  // ...the till shows the new names from memory meanwhile...
  expect(ledger.replica.products.get(renamed[1999].id)?.name).toBe(renamed[1999].name);
  // ...and a refund of the last sale still records in the room left.
  expect(refundWhole(device, sold[sold.length - 1])).toBe(true);
});

test('the catalog update held back is written, the cursor advanced, once acks free room', async () => {
  const { device } = busyTillJustUnder95();
  const { ledger } = device.client;
  receiveRenames(device);
  const before = stored(device);
  // What fitted below 95% was written, not all.
  expect(renamedCount(before.names)).toBeGreaterThan(0);
  expect(renamedCount(before.names)).toBeLessThan(renamed.length);

  acknowledgeAll(device);
  await until(() => ledger.writeProblem === null, 'the held catalog change written');

  const after = stored(device);
  expect(after.cursor).toEqual({ cursor: renameCursor });
  for (const product of renamed) expect(after.names.get(product.id)).toBe(product.name);
  expect(device.standIn.storage.usedBytes() / QUOTA).toBeLessThan(0.95);
});

test('a relaunch while the catalog update is held pulls it again from the cursor, nothing lost', async () => {
  const { device: busy } = busyTillJustUnder95();
  receiveRenames(busy);

  const device = await relaunch(busy, launchOptions);
  const { ledger } = device.client;
  // Every product is still there, each old or renamed, and the cursor is before the renames.
  expect(ledger.replica.cursor).toBe(1);
  for (const [i, product] of renamed.entries())
    expect([product.name, `${i} 精选`]).toContain(ledger.replica.products.get(product.id)?.name);

  // Once synced, the server sends the changes after the cursor again: all of them are written.
  acknowledgeAll(device);
  expect(receiveRenames(device)).toBe(true);
  const after = stored(device);
  expect(after.cursor).toEqual({ cursor: renameCursor });
  for (const product of renamed) expect(after.names.get(product.id)).toBe(product.name);
});
