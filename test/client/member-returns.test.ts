// A refund or void made at the till gives the member back what the server will give back: stored
// value to the balance, points earned taken back, points redeemed returned. Until the server's
// member change comes, the till lays it over the member as it lays unsynced sales and top-ups, so
// the customer told "¥10 back on your card" can spend it, and is not offered points going away.
import { ack, lastOp, offlineTill } from './support/acked-offline';
import { shutDownAll } from './support/device';
import { saleOperation } from '../support/sales';
import { demo } from '../support/test-server';

afterEach(shutDownAll);

// m-0005: ¥20.00 and 40 points.
const phone = '17759203318';
const sku = demo.products.find((p) => p.active && p.soldBy === 'piece' && p.skus[0].price >= 1000)!
  .skus[0];

function sellFromStoredValue(device: ReturnType<typeof offlineTill>) {
  const { cart, orders } = device.client;
  expect(cart.attachMember(phone).ok).toBe(true);
  expect(cart.addItem(sku.id, 1).ok).toBe(true);
  const memberId = cart.cart.memberId!;
  const total = cart.total;
  expect(total).toBeGreaterThanOrEqual(1000);
  expect(total).toBeLessThanOrEqual(2000);
  const sold = orders.checkout([{ method: 'stored_value', amount: total, memberId }]);
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

test('a sale from stored value, synced, then refunded offline: the balance and points come back', () => {
  const device = offlineTill();
  const { members, orders } = device.client;
  const order = sellFromStoredValue(device);
  ack(device, [lastOp(device)]);
  expect(members.accountOf(phone)!.balance).toBe(2000 - order.total);

  const refunded = orders.refund(order.id, {
    lines: order.lines.map((line) => ({ lineId: line.lineId, qty: line.qty })),
    reason: 'wrong size',
    approvedBy: 'staff-manager',
    restock: true,
  });
  if (!refunded.ok) throw new Error(refunded.error.message);
  expect(refunded.value.refunds[0].tenders).toEqual([
    { method: 'stored_value', amount: order.total },
  ]);
  const account = members.accountOf(phone)!;
  expect(account.balance).toBe(2000);
  expect(account.points).toBe(40);
  expect(members.spendable(phone)).toBe(2000);

  // Acknowledged, it settles into the member once.
  ack(device, [lastOp(device)]);
  expect(members.accountOf(phone)!.balance).toBe(2000);
  expect(members.accountOf(phone)!.points).toBe(40);
});

test('a sale from stored value voided before it synced: nothing is taken and nothing earned', () => {
  const device = offlineTill();
  const { members, orders } = device.client;
  const order = sellFromStoredValue(device);
  expect(members.accountOf(phone)!.pendingPointsEarned).toBeGreaterThan(0);
  const voided = orders.voidOrder(order.id, { reason: 'rang twice', approvedBy: 'staff-manager' });
  if (!voided.ok) throw new Error(voided.error.message);
  const account = members.accountOf(phone)!;
  expect(account.balance).toBe(2000);
  expect(account.pendingPointsEarned).toBe(0);
  expect(account.points).toBe(40);
});

test('a kiosk order paid here from stored value and voided before it synced: the card gets it back', () => {
  const device = offlineTill();
  const { members, orders, ledger } = device.client;
  const chen = demo.members.find((m) => m.phone === '13912345678')!; // ¥350.00
  const { payload } = saleOperation({
    device: { deviceId: 'dev-kiosk-1', deviceCode: 'K1' },
    seq: 1,
    items: [{ skuId: sku.id, qty: 1 }],
    toCounter: true,
  });
  const kioskOrder = { ...payload, memberId: chen.id };
  ledger.applyChanges([{ kind: 'order', cursor: 2, order: kioskOrder }], 2);
  expect(orders.counterQueue.map((view) => view.order.id)).toEqual([kioskOrder.id]);

  const total = kioskOrder.total;
  const paid = orders.payOpenOrder(kioskOrder.id, [
    { method: 'stored_value', amount: total, memberId: chen.id },
  ]);
  if (!paid.ok) throw new Error(paid.error.message);
  expect(members.accountOf(chen.id)!.balance).toBe(chen.balance - total);
  expect(members.unsyncedStoredValue).toBe(total);

  const voided = orders.voidOrder(kioskOrder.id, {
    reason: 'paid twice',
    approvedBy: 'staff-manager',
  });
  if (!voided.ok) throw new Error(voided.error.message);
  const account = members.accountOf(chen.id)!;
  expect(account.pendingReturned).toBe(total);
  expect(account.balance).toBe(chen.balance);
  expect(account.pendingPointsEarned).toBe(0);
});
