// Stored value given back at the till gives room back to the offline caps: a sale paid from a
// member's card offline and then voided (or refunded to the card) before it synced took nothing
// from the member, so it no longer counts against the caps. Given back from a sale the server has
// already seen, it frees nothing: that spend was never counted, and the member may not overspend.
// The real client core on the wx stand-in against a real server.
import { cashTender, type Order, type Tender } from '@pos/shared';
import { demo, type TestServer } from '../../support/test-server';
import { launch, pair, serverPerTest, signIn, type TestDevice } from '../support/device';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

// 陈女士: ¥350.00 of stored value.
const chen = demo.members[0];
const sku = demo.products.find((p) => p.active && p.soldBy === 'piece')!.skus[0];
const manager = demo.staffPins.find((s) => s.role === 'manager')!;
const perMember = 10000;
const perDevice = 15000;

/** A till of a store whose caps are ¥100.00 a member and ¥150.00 in all, gone offline. */
async function offlineTill(): Promise<TestDevice> {
  const device = launch();
  await pair(device, server, server.pos.pairingCodes.issue().code);
  signIn(device);
  await server.store.commit({
    kind: 'settings.saved',
    settings: { ...server.store.settings, offlineStoredValueCap: { perMember, perDevice } },
  });
  await until(
    () => device.client.catalog.settings.offlineStoredValueCap.perDevice === perDevice,
    'the caps to sync',
  );
  await until(() => device.client.sync.isCaughtUp, 'the catch-up');
  device.standIn.network.set({ isConnected: false });
  await until(() => !device.client.sync.isOnline, 'the till to go offline');
  return device;
}

/** 陈女士 pays `storedValue` of a sale of `qty` from her card, the rest in cash. */
function chenSale(device: TestDevice, qty: number, storedValue: number): Order {
  const { cart, orders } = device.client;
  cart.clear();
  expect(cart.attachMember(chen.phone).ok).toBe(true);
  expect(cart.addItem(sku.id, qty).ok).toBe(true);
  const tenders: Tender[] = [
    { method: 'stored_value', amount: storedValue, memberId: cart.cart.memberId! },
  ];
  const rest = cart.total - storedValue;
  if (rest > 0) tenders.push(cashTender(rest, rest));
  const sold = orders.checkout(tenders);
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

function voidSale(device: TestDevice, order: Order): void {
  const voided = device.client.orders.voidOrder(order.id, {
    reason: 'rang up the wrong customer',
    approvedBy: manager.staffId,
  });
  if (!voided.ok) throw new Error(voided.error.message);
}

async function syncAgain(device: TestDevice): Promise<void> {
  device.standIn.network.set({ isConnected: true });
  await until(
    () => device.client.sync.isCaughtUp && device.client.sync.unsyncedCount === 0,
    'the outbox to empty and the catch-up to be applied',
  );
}

test('a stored-value sale voided offline gives its amount back to both caps, and the server agrees', async () => {
  const device = await offlineTill();
  const { members } = device.client;
  const first = chenSale(device, 20, 6000);
  expect(members.spendable(chen.phone)).toBe(perMember - 6000);

  voidSale(device, first);
  expect(members.accountOf(chen.phone)!.balance).toBe(chen.balance);
  expect(members.spendable(chen.phone)).toBe(perMember);
  expect(members.offlineCapLeft).toBe(perDevice);
  // The same ¥60.00 again: within the cap, since the voided sale took nothing.
  chenSale(device, 20, 6000);
  expect(members.spendable(chen.phone)).toBe(perMember - 6000);

  await syncAgain(device);
  expect(server.store.state.members[chen.id].balance).toBe(chen.balance - 6000);
  expect(Object.values(server.store.state.overspends)).toEqual([]);
});

test('refunded to the card offline, an unsynced sale frees what was given back, no more', async () => {
  const device = await offlineTill();
  const { members, orders } = device.client;
  const sale = chenSale(device, 20, 6000);
  const line = sale.lines[0];
  // Part of the sale first, then the rest: each gives its stored value back to the caps.
  const part = orders.refund(sale.id, {
    lines: [{ lineId: line.lineId, qty: 5 }],
    reason: 'five were cold',
    approvedBy: manager.staffId,
    restock: false,
  });
  if (!part.ok) throw new Error(part.error.message);
  const partBack = part.value.refunds[0].tenders.find((t) => t.method === 'stored_value')!.amount;
  expect(partBack).toBeGreaterThan(0);
  expect(members.spendable(chen.phone)).toBe(perMember - 6000 + partBack);

  const rest = orders.refund(sale.id, {
    lines: [{ lineId: line.lineId, qty: 15 }],
    reason: 'the rest too',
    approvedBy: manager.staffId,
    restock: false,
  });
  if (!rest.ok) throw new Error(rest.error.message);
  expect(rest.value.status).toBe('refunded');
  const back = rest.value.refunds
    .flatMap((r) => r.tenders)
    .filter((t) => t.method === 'stored_value');
  expect(back.reduce((sum, t) => sum + t.amount, 0)).toBe(6000);
  expect(members.spendable(chen.phone)).toBe(perMember);
  expect(members.offlineCapLeft).toBe(perDevice);

  await syncAgain(device);
  expect(server.store.state.members[chen.id].balance).toBe(chen.balance);
});

test('a synced sale voided offline frees nothing: the caps count only what the server has not seen', async () => {
  const device = await offlineTill();
  const { members } = device.client;
  // Sold and synced, then the till goes offline again.
  device.standIn.network.set({ isConnected: true });
  await until(() => device.client.sync.isCaughtUp, 'the catch-up');
  const synced = chenSale(device, 20, 6000);
  await until(() => device.client.sync.unsyncedCount === 0, 'the sale to sync');
  device.standIn.network.set({ isConnected: false });
  await until(() => !device.client.sync.isOnline, 'the till to go offline');
  expect(members.spendable(chen.phone)).toBe(perMember);

  voidSale(device, synced);
  expect(members.accountOf(chen.phone)!.balance).toBe(chen.balance);
  expect(members.spendable(chen.phone)).toBe(perMember);
  expect(members.offlineCapLeft).toBe(perDevice);
  chenSale(device, 20, 6000);
  expect(members.spendable(chen.phone)).toBe(perMember - 6000);
});
