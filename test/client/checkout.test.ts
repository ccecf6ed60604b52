// Checkout through the stores: the order and its outbox entry land in one storage write before
// the UI hears "paid"; the cart survives a restart, and a cart already sold does not come back.
import { cashTender } from '@pos/shared';
import { trackedSkus } from '../support/sales';
import { launch, relaunch, sellForCash, shutDownAll, signIn } from './support/device';
import { seedLedger, testIdentity } from './support/offline-seed';

afterEach(shutDownAll);

function offlineTablet() {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  signIn(device);
  return device;
}

test('a paid order is written with its outbox entry in one setStorageSync, then reported paid', () => {
  const device = offlineTablet();
  const { cart, orders } = device.client;
  cart.addItem(trackedSkus[0].id, 2);
  cart.addItem(trackedSkus[1].id, 1);
  const writes: Array<{ key: string; data: unknown }> = [];
  const set = device.standIn.wx.setStorageSync.bind(device.standIn.wx);
  device.standIn.wx.setStorageSync = (key: string, data: unknown) => {
    writes.push({ key, data: JSON.parse(JSON.stringify(data)) });
    set(key, data);
  };
  const sold = orders.checkout([cashTender(cart.total, 10000)]);
  expect(sold.ok).toBe(true);
  const order = sold.ok ? sold.value : null;
  expect(order).toMatchObject({
    status: 'paid',
    orderNo: expect.stringMatching(/^T1-\d{4}-0001$/),
  });
  expect(writes).toHaveLength(1);
  expect(writes[0].key).toMatch(/^pos\.outbox\.\d+$/);
  expect(writes[0].data).toMatchObject({
    records: [{ op: { type: 'order.placed', seq: 1, payload: order } }],
  });
  expect(orders.views[0]).toMatchObject({ order, sync: 'pending' });
  expect(cart.isEmpty).toBe(true);
});

test('stock shown drops with each sale made offline', () => {
  const device = offlineTablet();
  const { catalog } = device.client;
  const sku = trackedSkus[0].id;
  const before = catalog.stockOf(sku)!;
  sellForCash(device, [{ skuId: sku, qty: 3 }]);
  sellForCash(device, [{ skuId: sku, qty: 2 }]);
  expect(catalog.stockOf(sku)).toBe(before - 5);
});

test('the cart survives a restart; one the app stopped after selling does not come back', async () => {
  let device = offlineTablet();
  device.client.cart.addItem(trackedSkus[0].id, 4);
  device = await relaunch(device, { client: { autoStart: false } });
  expect(device.client.cart.cart.lines).toMatchObject([{ skuId: trackedSkus[0].id, qty: 4 }]);

  // The app dies right after the sale's write, before the cart is cleared.
  signIn(device);
  const { cart, orders } = device.client;
  let atCrash: Record<string, unknown> | null = null;
  const set = device.standIn.wx.setStorageSync.bind(device.standIn.wx);
  device.standIn.wx.setStorageSync = (key: string, data: unknown) => {
    set(key, data);
    if (key.startsWith('pos.outbox.')) atCrash ??= device.standIn.storage.dump();
  };
  expect(orders.checkout([cashTender(cart.total, cart.total)]).ok).toBe(true);
  expect(atCrash!['pos.cart']).toBeDefined();

  const after = launch({ storage: atCrash!, client: { autoStart: false } });
  expect(after.client.cart.isEmpty).toBe(true);
  expect(after.client.sync.unsyncedCount).toBe(1);
});

test('a register sale needs a signed-in cashier; sign-out is always allowed', () => {
  const device = offlineTablet();
  sellForCash(device, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  device.client.session.signOut();
  expect(device.client.session.isSignedIn).toBe(false);
  const { cart, orders } = device.client;
  cart.addItem(trackedSkus[0].id, 1);
  expect(orders.checkout([cashTender(cart.total, cart.total)])).toMatchObject({
    ok: false,
    error: { code: 'not_signed_in' },
  });
});

test("a kiosk's customer sends orders to the counter; a manager in its staff mode sells as staff", () => {
  const kiosk = launch({ client: { autoStart: false } });
  seedLedger(kiosk.client.ledger, { ...testIdentity, kind: 'kiosk' });
  const { cart, orders, payments } = kiosk.client;

  // Nobody signed in: the customer's order waits at the counter.
  cart.addItem(trackedSkus[0].id, 1);
  const sent = orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  expect(sent.value).toMatchObject({ source: 'kiosk', cashierId: null, status: 'open' });

  // The manager signed in on the kiosk: a cash sale and a sale rung up for a pay QR are theirs,
  // and neither waits at the counter as if a customer were coming.
  signIn(kiosk, 'manager');
  const manager = kiosk.client.session.staff!.id;
  cart.addItem(trackedSkus[1].id, 1);
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  if (!sold.ok) throw new Error(sold.error.message);
  expect(sold.value).toMatchObject({ source: 'register', cashierId: manager, status: 'paid' });
  cart.addItem(trackedSkus[2].id, 1);
  const forQr = payments.payCartByQr([]);
  if (!forQr.ok) throw new Error(forQr.error.message);
  expect(forQr.value).toMatchObject({ source: 'register', cashierId: manager });
  expect(orders.counterQueue.map((view) => view.order.id)).toEqual([sent.value.id]);
});
