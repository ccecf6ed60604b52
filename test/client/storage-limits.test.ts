// A device offline until its storage fills: a warning from 80% of the quota, new sales refused
// from 95% with a clear message, and every unsynced sale still there, across a relaunch too.
import type { Order, Product } from '@pos/shared';
import { Replica } from '../../miniprogram/core/replica';
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
import { seedLedger } from './support/offline-seed';
import { until } from './support/until';

afterEach(shutDownAll);

const QUOTA = 200 * 1024;
const item = { skuId: trackedSkus[0].id, qty: 1 };

/** A manager refunds the whole of an order; true when it was recorded. */
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

/** The products as stored on the device: what a relaunch would read. */
function storedProducts(device: TestDevice): Map<string, Product> {
  const storage = device.client.ledger.storage;
  const replica = new Replica(storage);
  replica.load(storage.keys());
  return new Map(replica.products.values().map((product) => [product.id, product]));
}

test('warns at 80%, refuses to start a sale at 95%, and keeps every unsynced sale', async () => {
  let device = launch({ wx: { storageQuotaBytes: QUOTA }, client: { autoStart: false } });
  seedLedger(device.client.ledger);
  signIn(device);
  const { sync, cart } = device.client;
  expect(sync.storageLevel).toBe('ok');

  const sold: string[] = [];
  while (sync.storageLevel === 'ok') sold.push(sellForCash(device, [item]).id);
  // WeChat reports whole KB, rounded up.
  expect(device.standIn.storage.usedBytes()).toBeGreaterThan(QUOTA * 0.8 - 1024);
  expect(sync.storageMessage).toMatch(/^Storage is 8\d% .* full: connect to the store's server/);

  while (sync.storageLevel === 'warning') sold.push(sellForCash(device, [item]).id);
  expect(sync.storageLevel).toBe('full');
  const refused = cart.addItem(item.skuId);
  expect(refused).toMatchObject({ ok: false, error: { code: 'storage_full' } });
  expect(!refused.ok && refused.error.message).toMatch(
    /Storage is 9\d% .* full: no new sale can start until this device syncs/,
  );
  expect(cart.isEmpty).toBe(true);

  // Nothing was dropped to make room: every sale waits in the outbox.
  expect(sync.unsyncedCount).toBe(sold.length);
  const pending = device.client.orders.views.filter((view) => view.sync === 'pending');
  expect(pending.map((view) => view.order.id).sort()).toEqual([...sold].sort());

  device = await relaunch(device, {
    wx: { storageQuotaBytes: QUOTA },
    client: { autoStart: false },
  });
  expect(device.client.sync.unsyncedCount).toBe(sold.length);
  expect(device.client.sync.storageLevel).toBe('full');
  expect(device.client.cart.addItem(item.skuId).ok).toBe(false);
});

test('a sale already started still checks out past 95% while the storage can take it', () => {
  const device = launch({ wx: { storageQuotaBytes: QUOTA }, client: { autoStart: false } });
  seedLedger(device.client.ledger);
  signIn(device);
  const { sync, cart } = device.client;
  while (device.standIn.storage.usedBytes() < QUOTA * 0.94) sellForCash(device, [item]);
  expect(cart.addItem(item.skuId).ok).toBe(true);
  while (sync.storageLevel !== 'full') sellForCash(device, [item]);
  // The cart was started before the limit; the check is at the start of a sale only.
  expect(cart.addItem(item.skuId).ok).toBe(false);
});

test('a sale WeChat refuses to store is not recorded, says so, and keeps the cart', () => {
  const device = launch({ wx: { storageQuotaBytes: QUOTA }, client: { autoStart: false } });
  seedLedger(device.client.ledger);
  signIn(device);
  const { cart, orders, sync } = device.client;
  // Fill the quota almost to the byte, leaving too little for one more outbox chunk write.
  while (device.standIn.storage.usedBytes() < QUOTA * 0.94) sellForCash(device, [item]);
  const before = sync.unsyncedCount;
  cart.addItem(item.skuId, 1);
  device.standIn.wx.setStorageSync(
    'pos.filler',
    'x'.repeat(QUOTA - device.standIn.storage.usedBytes() - 40),
  );
  const result = orders.checkout([
    { method: 'cash', amount: cart.total, tendered: cart.total, change: 0 },
  ]);
  expect(result).toMatchObject({ ok: false, error: { code: 'storage_full' } });
  expect(!result.ok && result.error.message).toMatch(/^not recorded: the device's storage is full/);
  expect(cart.isEmpty).toBe(false);
  expect(sync.unsyncedCount).toBe(before);
});

test("past 95% the store's new data waits in memory, leaving the rest to the device's own operations, and is written once room is freed", async () => {
  const device = launch({ wx: { storageQuotaBytes: QUOTA }, client: { autoStart: false } });
  const { ledger } = device.client;
  seedLedger(ledger);
  signIn(device);
  const sold: Order[] = [];
  while (device.client.sync.storageLevel !== 'full') sold.push(sellForCash(device, [item]));
  const used = device.standIn.storage.usedBytes();
  const products = demo.products.slice(0, 40);
  const renamed = products.map((product) => ({ ...product, name: `${product.name}（新）` }));

  ledger.applyChanges(
    renamed.map((product, i) => ({ kind: 'product' as const, product, cursor: 2 + i })),
    1 + renamed.length,
  );
  expect(ledger.persist()).toBe(false);
  expect(device.standIn.storage.usedBytes()).toBe(used);
  expect(ledger.writeProblem).toMatch(/storage is full: the store's latest data is kept in memory/);
  // Shown from memory meanwhile.
  expect(ledger.replica.products.get(products[0].id)?.name).toBe(renamed[0].name);
  // The room left is the device's own: a refund of its last sale still fits.
  expect(refundWhole(device, sold[sold.length - 1])).toBe(true);

  // The server acknowledges the sales: they leave the outbox, and the held data is written.
  ledger.settle(
    ledger.outbox.entries().map(({ op }) => ({ id: op.id, seq: op.seq, status: 'applied' })),
  );
  await until(() => ledger.writeProblem === null, 'the held data written');
  const stored = storedProducts(device);
  expect(stored.get(products[0].id)?.name).toBe(renamed[0].name);
});
