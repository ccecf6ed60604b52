// A price the manager changes while the item is in the cart: the cart store prices the sale at the
// new price, and its price notice names each line repriced (old -> new) until the cashier has
// seen it or the sale ends. Member prices and overrides count as pricing counts them.
import { cashTender, type Product } from '@pos/shared';
import { launch, shutDownAll, signIn, type TestDevice } from './support/device';
import { seedLedger } from './support/offline-seed';

afterEach(shutDownAll);

let cursor = 1;

function till(): TestDevice {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  cursor = 1;
  signIn(device);
  return device;
}

function productOf(device: TestDevice, name: string): Product {
  const product = device.client.catalog.products.find((p) => p.name === name);
  if (!product) throw new Error(`no product ${name} in the demo catalog`);
  return product;
}

/** The manager's edit of a SKU's prices, as sync brings it to the till. */
function reprice(
  device: TestDevice,
  skuId: string,
  prices: { price?: number; memberPrice?: number },
) {
  const product = device.client.catalog.products.find((p) => p.skus.some((s) => s.id === skuId))!;
  const skus = product.skus.map((sku) => (sku.id === skuId ? { ...sku, ...prices } : sku));
  cursor++;
  device.client.ledger.applyChanges(
    [{ kind: 'product', cursor, product: { ...product, skus } }],
    cursor,
  );
}

test('a price changed under the cart is named, old -> new, the new price applies, until seen', () => {
  const device = till();
  const { cart } = device.client;
  const latte = productOf(device, '拿铁').skus[0]; // 中杯 ¥18.00
  const croissant = productOf(device, '黄油可颂').skus[0]; // ¥9.00
  expect(cart.addItem(latte.id, 2).ok).toBe(true);
  expect(cart.addItem(croissant.id).ok).toBe(true);
  expect(cart.priceNotice.lines).toEqual([]);

  reprice(device, latte.id, { price: 2000 });
  expect(cart.priced?.total).toBe(2 * 2000 + 900);
  expect(cart.priceNotice.lines).toEqual([
    { lineId: 'L1', name: '拿铁 中杯', byWeight: false, was: 1800, now: 2000 },
  ]);

  // The cashier's own changes do not make it go away unseen.
  expect(cart.setQuantity('L1', 3).ok).toBe(true);
  expect(cart.addItem(croissant.id).ok).toBe(true);
  expect(cart.priceNotice.lines).toMatchObject([{ lineId: 'L1', was: 1800, now: 2000 }]);

  cart.priceNotice.dismiss();
  expect(cart.priceNotice.lines).toEqual([]);
  expect(cart.priced?.total).toBe(3 * 2000 + 2 * 900);

  // Changed again: named again, from the price the cashier last saw.
  reprice(device, latte.id, { price: 1900 });
  reprice(device, croissant.id, { price: 1000 });
  expect(cart.priceNotice.lines).toMatchObject([
    { lineId: 'L1', was: 2000, now: 1900 },
    { lineId: 'L2', name: '黄油可颂', was: 900, now: 1000 },
  ]);
});

test('a SKU rung up after the change, or again after being taken out, is at its price: no notice', () => {
  const device = till();
  const { cart } = device.client;
  const croissant = productOf(device, '黄油可颂').skus[0];
  const tart = productOf(device, '葡式蛋挞').skus[0];
  expect(cart.addItem(tart.id).ok).toBe(true);
  reprice(device, croissant.id, { price: 1000 });
  expect(cart.addItem(croissant.id).ok).toBe(true);
  expect(cart.priceNotice.lines).toEqual([]);

  reprice(device, tart.id, { price: 700 });
  expect(cart.priceNotice.lines).toMatchObject([{ name: '葡式蛋挞', was: 600, now: 700 }]);
  expect(cart.removeLine('L1').ok).toBe(true);
  expect(cart.addItem(tart.id).ok).toBe(true);
  expect(cart.priceNotice.lines).toEqual([]);
});

test('the sale ending ends the notice: sold, or the cart cleared', () => {
  const device = till();
  const { cart, orders } = device.client;
  const tart = productOf(device, '葡式蛋挞').skus[0];
  expect(cart.addItem(tart.id).ok).toBe(true);
  reprice(device, tart.id, { price: 700 });
  expect(cart.priceNotice.lines).toHaveLength(1);
  expect(orders.checkout([cashTender(cart.total, cart.total)]).ok).toBe(true);
  expect(cart.priceNotice.lines).toEqual([]);

  // The next sale is quoted at the new price.
  expect(cart.addItem(tart.id).ok).toBe(true);
  expect(cart.priceNotice.lines).toEqual([]);
  reprice(device, tart.id, { price: 800 });
  expect(cart.priceNotice.lines).toMatchObject([{ was: 700, now: 800 }]);
  cart.clear();
  expect(cart.priceNotice.lines).toEqual([]);
});

test('what the line costs is what counts: member price, override, a product stopped', () => {
  const device = till();
  const { cart } = device.client;
  const latte = productOf(device, '拿铁').skus[0]; // ¥18.00, members ¥15.00
  const tart = productOf(device, '葡式蛋挞').skus[0];
  const toast = productOf(device, '全麦吐司');
  expect(cart.addItem(latte.id).ok).toBe(true);
  expect(cart.addItem(tart.id).ok).toBe(true);
  expect(cart.addItem(toast.skus[0].id).ok).toBe(true);
  expect(cart.attachMember('13912345678').ok).toBe(true);

  // The list price moves, the member still pays the member price: nothing to tell.
  reprice(device, latte.id, { price: 1900 });
  expect(cart.priceNotice.lines).toEqual([]);
  reprice(device, latte.id, { memberPrice: 1600 });
  expect(cart.priceNotice.lines).toMatchObject([{ lineId: 'L1', was: 1500, now: 1600 }]);
  cart.priceNotice.dismiss();

  // A price set by hand stands whatever the catalog says.
  expect(cart.setPriceOverride('L2', 550).ok).toBe(true);
  reprice(device, tart.id, { price: 700 });
  expect(cart.priceNotice.lines).toEqual([]);

  // A product stopped is shown as 已停售, not as repriced.
  cursor++;
  device.client.ledger.applyChanges(
    [{ kind: 'product', cursor, product: { ...toast, active: false } }],
    cursor,
  );
  expect(cart.unsellable).toHaveLength(1);
  expect(cart.priceNotice.lines).toEqual([]);
});

test('goods sold by weight are named per kg', () => {
  const device = till();
  const { cart } = device.client;
  const apples = device.client.catalog.products.find((p) => p.soldBy === 'weight' && p.active)!;
  const sku = apples.skus[0];
  expect(cart.addItem(sku.id, 500).ok).toBe(true);
  reprice(device, sku.id, { price: sku.price + 100 });
  expect(cart.priceNotice.lines).toEqual([
    { lineId: 'L1', name: apples.name, byWeight: true, was: sku.price, now: sku.price + 100 },
  ]);
});
