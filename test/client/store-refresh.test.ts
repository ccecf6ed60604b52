// The stores work their lists out when read, not at every change: what the UI observes must still
// follow each sale, shift event and catalog change as it happens.
import { autorun } from 'mobx-miniprogram';
import { trackedSkus } from '../support/sales';
import { launch, sellForCash, shutDownAll, signIn } from './support/device';
import { ManualClock } from './support/manual-clock';
import { seedLedger } from './support/offline-seed';

afterEach(shutDownAll);

function offlineTablet() {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  signIn(device);
  return device;
}

test('observed orders, stock and the shift summary follow each sale', () => {
  const device = offlineTablet();
  const { orders, catalog, shift } = device.client;
  const sku = trackedSkus[0].id;
  expect(shift.open(10_000).ok).toBe(true);
  const seen: Array<{ orders: number; stock: number | null; expected: number | undefined }> = [];
  const stop = autorun(() =>
    seen.push({
      orders: orders.views.length,
      stock: catalog.stockOf(sku),
      expected: shift.currentSummary?.expected,
    }),
  );
  const start = seen[seen.length - 1];
  const order = sellForCash(device, [{ skuId: sku, qty: 2 }]);
  const second = sellForCash(device, [{ skuId: sku, qty: 1 }]);
  stop();
  const last = seen[seen.length - 1];
  expect(last.orders).toBe(start.orders + 2);
  expect(last.stock).toBe(start.stock! - 3);
  expect(last.expected).toBe(start.expected! + order.total + second.total);
});

test('the catalog index kept between reads follows a catalog change', () => {
  const device = offlineTablet();
  const { catalog, cart, ledger } = device.client;
  const sku = trackedSkus[0];
  const product = catalog.products.find((p) => p.skus.some((s) => s.id === sku.id))!;
  expect(cart.addItem(sku.id, 1).ok).toBe(true);
  const before = cart.total;
  const repriced = {
    ...product,
    skus: product.skus.map((s) => (s.id === sku.id ? { ...s, price: s.price + 100 } : s)),
  };
  ledger.applyChanges([{ kind: 'product', cursor: 2, product: repriced }], 2);
  expect(catalog.catalogIndex.get(sku.id)?.sku.price).toBe(sku.price + 100);
  expect(cart.total).toBe(before + 100);
});

test("today's orders move on at the store's day start, on a till left on with nothing sold", () => {
  // 23:00 in the demo store (UTC+8); its business day starts at 04:00.
  const clock = new ManualClock(Date.UTC(2026, 10, 22, 15, 0));
  const device = launch({ client: { autoStart: false, clock } });
  seedLedger(device.client.ledger);
  signIn(device);
  const { orders } = device.client;
  sellForCash(device, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  const days: string[] = [];
  const stop = autorun(() => days.push(`${orders.businessDay}: ${orders.today.length}`));
  const sold = orders.businessDay;

  clock.advance(4 * 3_600_000); // 03:00: still the same business day
  expect(days).toEqual([`${sold}: 1`]);
  clock.advance(3_600_000 + 1_000); // just past 04:00
  expect(days).toEqual([`${sold}: 1`, `${orders.businessDay}: 0`]);
  expect(orders.businessDay).not.toBe(sold);
  stop();
});
