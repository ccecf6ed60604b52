// An ack writes what the till's own sales leave behind (their orders in the history, their stock
// levels, their members' points) at once, whatever the room: never the server's data held back at
// 95% with them, though it waits in the same chunk. That data is written, and the cursor advanced,
// once acks free room. Pruning the history likewise writes its removals alone.
import {
  cashTender,
  type Change,
  type Member,
  type Order,
  type Product,
  type StockLevel,
} from '@pos/shared';
import { OrderHistory } from '../../miniprogram/core/order-history';
import { Replica } from '../../miniprogram/core/replica';
import { storageKeys } from '../../miniprogram/core/storage-layout';
import { saleOperation, trackedSkus } from '../support/sales';
import { demo } from '../support/test-server';
import { launch, sellForCash, shutDownAll, signIn, type TestDevice } from './support/device';
import { demoSnapshot, testIdentity } from './support/offline-seed';
import { until } from './support/until';

afterEach(shutDownAll);

const QUOTA = 2 * 1024 * 1024;
const item = { skuId: trackedSkus[0].id, qty: 1 };
const launchOptions = { wx: { storageQuotaBytes: QUOTA }, client: { autoStart: false } };
const otherTill = { deviceId: 'dev-other-till', deviceCode: 'T9' };

/** Products (the demo's, copied under new ids) whose SKUs the store then counts. */
function moreProducts(count: number): Product[] {
  return Array.from({ length: count }, (_, i) => {
    const base = demo.products[i % demo.products.length];
    const skus = base.skus.map((sku, j) => ({ ...sku, id: `more-${i}-${j}`, barcodes: [] }));
    return { ...base, id: `more-${i}`, name: `${i} 精选`, stockTracked: true, skus };
  });
}

/** Another till's sales, together about `share` of the quota. */
function otherTillSales(share: number, at = Date.now(), firstSeq = 1): Order[] {
  const orders: Order[] = [];
  for (let seq = firstSeq; orders.length * 1024 < QUOTA * share; seq++)
    orders.push(saleOperation({ device: otherTill, seq, at }).payload);
  return orders;
}

function orderChanges(orders: Order[], firstCursor: number): Change[] {
  return orders.map((order, i) => ({ kind: 'order', order, cursor: firstCursor + i }));
}

/**
 * A till offline, its unsynced sales taking it to `share` of the quota, under the 95% line; the
 * snapshot at cursor 1 with `products` added, and `history` in it.
 */
function busyTill(
  share: number,
  { products = [], history = [] }: { products?: Product[]; history?: Order[] } = {},
): { device: TestDevice; sold: Order[] } {
  const device = launch(launchOptions);
  const { ledger } = device.client;
  ledger.setIdentity(testIdentity);
  ledger.applySnapshot(
    { ...demoSnapshot(), products: [...demo.products, ...products], orders: history },
    1,
  );
  ledger.persist();
  signIn(device);
  const sold: Order[] = [];
  while (device.standIn.storage.usedBytes() < QUOTA * share) sold.push(sellForCash(device, [item]));
  expect(device.client.sync.storageLevel).toBe('warning');
  return { device, sold };
}

/** The server's changes after cursor 1, written as the till would; the cursor they end at. */
function receive(device: TestDevice, changes: Change[]): number {
  const cursor = 1 + changes.length;
  device.client.ledger.applyChanges(changes, cursor);
  expect(device.client.ledger.persist()).toBe(false);
  return cursor;
}

/** The server acknowledges the first `count` sales waiting (all when not given). */
function acknowledge(device: TestDevice, count?: number): void {
  const { ledger } = device.client;
  const entries = ledger.outbox.entries().slice(0, count);
  ledger.settle(entries.map(({ op }) => ({ id: op.id, seq: op.seq, status: 'applied' })));
}

function usedShare(device: TestDevice): number {
  return device.standIn.storage.usedBytes() / QUOTA;
}

function storedCursor(device: TestDevice): unknown {
  return device.client.ledger.storage.get(storageKeys.cursor);
}

/** What a relaunch would read of the history. */
function storedHistory(device: TestDevice): OrderHistory {
  const { storage } = device.client.ledger;
  const history = new OrderHistory(storage);
  history.load(storage.keys());
  return history;
}

function storedReplica(device: TestDevice): Replica {
  const { storage } = device.client.ledger;
  const replica = new Replica(storage);
  replica.load(storage.keys());
  return replica;
}

test("an ack writes the till's own orders but not other tills' orders held at 95%", async () => {
  const { device, sold } = busyTill(0.92);
  const { ledger } = device.client;
  // Another till's sales, about 6% of the quota: more than the room left below 95%.
  const others = otherTillSales(0.06);
  const cursor = receive(device, orderChanges(others, 2));
  const beforeAck = storedHistory(device);
  const held = others.filter((order) => !beforeAck.get(order.id));
  expect(held.length).toBeGreaterThan(0);

  // The first sales are acknowledged: their orders join the history's chunk the held orders wait in.
  const acked = sold.slice(0, 3);
  acknowledge(device, acked.length);

  // Written and gone from the outbox, without taking the held orders past 95% with them.
  const afterAck = storedHistory(device);
  for (const order of acked) expect(afterAck.get(order.id)).toEqual(order);
  expect(ledger.outbox.entries()).toHaveLength(sold.length - acked.length);
  expect(usedShare(device)).toBeLessThanOrEqual(0.95);
  expect(storedCursor(device)).toEqual({ cursor: 1 });
  for (const order of held) expect(ledger.history.get(order.id)).toEqual(order);

  // Every sale acknowledged frees room: the held orders are written, then the cursor.
  acknowledge(device);
  await until(() => ledger.writeProblem === null, 'the held orders written');
  expect(storedCursor(device)).toEqual({ cursor });
  const stored = storedHistory(device);
  for (const order of ledger.history.values()) expect(stored.get(order.id)).toEqual(order);
  expect(usedShare(device)).toBeLessThan(0.95);
});

test("an ack's stock level does not carry the store's stock count held in its chunk", async () => {
  const products = moreProducts(1000);
  const { device } = busyTill(0.94, { products });
  const { ledger } = device.client;
  // The store counts the new products' stock: levels laid in the chunk of the level sold from.
  const levels: StockLevel[] = products.flatMap((product) =>
    product.skus.map((sku) => ({ skuId: sku.id, level: 1000 })),
  );
  const cursor = receive(
    device,
    levels.map((stock, i) => ({ kind: 'stock', stock, cursor: 2 + i })),
  );
  expect(storedReplica(device).stock.get(levels[0].skuId)).toBeUndefined();

  acknowledge(device, 3);

  // The level the sales left is written; the store's count still waits in memory.
  const shown = ledger.replica.stock.get(item.skuId);
  expect(storedReplica(device).stock.get(item.skuId)).toEqual(shown);
  expect(usedShare(device)).toBeLessThanOrEqual(0.95);
  expect(storedCursor(device)).toEqual({ cursor: 1 });
  expect(ledger.replica.stock.get(levels[0].skuId)).toEqual(levels[0]);

  acknowledge(device);
  await until(() => ledger.writeProblem === null, 'the held stock count written');
  expect(storedCursor(device)).toEqual({ cursor });
  const stored = storedReplica(device);
  for (const level of levels) expect(stored.stock.get(level.skuId)).toEqual(level);
  expect(usedShare(device)).toBeLessThan(0.95);
});

test("an ack's member points do not carry the store's new members held in their chunk", async () => {
  const { device } = busyTill(0.92);
  const { cart, ledger, orders } = device.client;
  // 陈女士 in the demo: her sales earn points, settled on her record when acknowledged.
  const regular = demo.members[0];
  const sold: Order[] = [];
  for (let i = 0; i < 3; i++) {
    expect(cart.addItem(item.skuId, 1).ok).toBe(true);
    expect(cart.attachMember(regular.phone).ok).toBe(true);
    const paid = orders.checkout([cashTender(cart.total, cart.total)]);
    if (!paid.ok) throw new Error(paid.error.message);
    sold.push(paid.value);
  }
  // The store's members joined elsewhere, about 6% of the quota: more than the room left.
  const joined: Member[] = Array.from({ length: 600 }, (_, i) => ({
    ...regular,
    id: `m-elsewhere-${i}`,
    phone: `137${String(i).padStart(8, '0')}`,
    name: `${i} ${'会员'.repeat(18)}`,
    points: 0,
    aliases: Array.from({ length: 4 }, (_, j) => `p-elsewhere-${i}-${j}-${'x'.repeat(30)}`),
  }));
  const cursor = receive(
    device,
    joined.map((member, i) => ({ kind: 'member', member, cursor: 2 + i })),
  );
  const beforeAck = storedReplica(device).members;
  const held = joined.filter((member) => !beforeAck.get(member.id));
  expect(held.length).toBeGreaterThan(0);

  // The whole outbox acknowledged but for the last sales: her points are written at once.
  const waiting = ledger.outbox.entries();
  const hers = waiting.filter(({ op }) =>
    sold.some((order) => order.id === (op.payload as Order).id),
  );
  expect(hers).toHaveLength(3);
  ledger.settle(hers.map(({ op }) => ({ id: op.id, seq: op.seq, status: 'applied' })));
  const shown = ledger.replica.members.get(regular.id)!;
  expect(shown.points).toBeGreaterThan(regular.points);
  expect(storedReplica(device).members.get(regular.id)).toEqual(shown);
  expect(usedShare(device)).toBeLessThanOrEqual(0.95);
  expect(storedCursor(device)).toEqual({ cursor: 1 });
  const afterAck = storedReplica(device).members;
  for (const member of held) expect(afterAck.get(member.id)).toBeUndefined();

  acknowledge(device);
  await until(() => ledger.writeProblem === null, 'the held members written');
  expect(storedCursor(device)).toEqual({ cursor });
  const stored = storedReplica(device);
  for (const member of joined) expect(stored.members.get(member.id)).toEqual(member);
  expect(usedShare(device)).toBeLessThan(0.95);
});

test("yesterday's orders pruned near 95% go without writing today's held orders with them", () => {
  const yesterday = otherTillSales(0.03, Date.now() - 86_400_000);
  const { device } = busyTill(0.92, { history: yesterday });
  expect(storedHistory(device).size).toBe(yesterday.length);

  // At the warning level the history keeps only today: yesterday's go as today's arrive.
  const today = otherTillSales(0.08, Date.now(), yesterday.length + 1);
  receive(device, orderChanges(today, 2));

  const stored = storedHistory(device);
  for (const order of yesterday) expect(stored.get(order.id)).toBeUndefined();
  expect(usedShare(device)).toBeLessThanOrEqual(0.95);
  expect(storedCursor(device)).toEqual({ cursor: 1 });
});
