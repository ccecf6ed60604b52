// Points a sale redeems are the member's as the till knows them when the sale is paid, not when the
// cart took them: another till's sale may have synced meanwhile, or the cart been kept across a
// relaunch. And an open sale of this till (a QR sale waiting for its payment) holds its points, so
// the next cart for the same member cannot redeem them again; voided, it lets them go.
import {
  addItem,
  attachMember,
  cashTender,
  emptyCart,
  indexCatalog,
  orderId,
  orderNumber,
  payOrder,
  placeOrder,
  priceCart,
  type Order,
} from '@pos/shared';
import { describeError } from '../../miniprogram/i18n/index';
import { ack, lastOp, offlineTill } from './support/acked-offline';
import { shutDownAll, type TestDevice } from './support/device';
import { demo } from '../support/test-server';

afterEach(shutDownAll);

// 陈女士: ¥350.00 and 2680 points.
const chen = demo.members.find((m) => m.phone === '13912345678')!;
const sku = demo.products.find((p) => p.active && p.soldBy === 'piece')!.skus[0];

/** A cart of three for 陈女士 that redeems all the points it can (2600). */
function cartRedeemingAll(device: TestDevice): number {
  const { cart, members } = device.client;
  cart.clear();
  expect(cart.attachMember(chen.phone).ok).toBe(true);
  expect(cart.addItem(sku.id, 3).ok).toBe(true);
  const points = members.redeemablePoints(chen.id, cart.total);
  expect(points).toBe(2600);
  expect(cart.redeemPoints(points).ok).toBe(true);
  return points;
}

/** The server's member change: 陈女士 now has `points` (another till's sale synced). */
function pointsOnServer(device: TestDevice, points: number): void {
  const { ledger } = device.client;
  const member = { ...ledger.replica.members.get(chen.id)!, points };
  ledger.applyChanges([{ kind: 'member', cursor: 2, member }], 2);
}

/** A kiosk's order for 陈女士, sent to the counter, redeeming `points`: open in the history. */
function kioskOrderAtCounter(device: TestDevice, points: number): Order {
  let cart = attachMember(emptyCart(), chen.id);
  cart = { ...addItem(cart, { lineId: 'L1', skuId: sku.id, qty: 3 }), pointsToRedeem: points };
  const priced = priceCart(cart, { catalog: indexCatalog(demo.products), settings: demo.settings });
  const day = device.client.ledger.businessDay();
  const placed = placeOrder({
    priced,
    tenders: [],
    id: orderId('dev-kiosk-1', day, 1),
    orderNo: orderNumber('K1', day, 1),
    device: { id: 'dev-kiosk-1', code: 'K1' },
    businessDay: day,
    createdAt: Date.now(),
    cashierId: null,
    memberId: chen.id,
    source: 'kiosk',
    approvals: [],
  });
  if (!placed.ok) throw new Error(placed.error.message);
  const order: Order = { ...placed.value, status: 'open', paidAt: null };
  device.client.ledger.applyChanges([{ kind: 'order', cursor: 3, order }], 3);
  return order;
}

test('points gone since the cart redeemed them: checkout refuses the sale and says so', () => {
  const device = offlineTill();
  const { cart, orders, ledger } = device.client;
  cartRedeemingAll(device);
  pointsOnServer(device, 50);

  const refused = orders.checkout([cashTender(cart.total, cart.total)]);
  expect(refused).toMatchObject({ ok: false, error: { code: 'points_short' } });
  if (refused.ok) throw new Error('refused above');
  expect(refused.error.message).toContain('50 points');
  expect(describeError(refused.error)).toBe('会员积分不够：请少用一些积分');
  expect(ledger.outbox.size).toBe(0);

  // Without the redemption the sale goes through.
  expect(cart.redeemPoints(0).ok).toBe(true);
  expect(orders.checkout([cashTender(cart.total, cart.total)]).ok).toBe(true);
});

test('points gone since the cart redeemed them: a QR sale is refused too, before it is saved', () => {
  const device = offlineTill();
  const { payments, ledger } = device.client;
  cartRedeemingAll(device);
  pointsOnServer(device, 50);

  expect(payments.payCartByQr([])).toMatchObject({ ok: false, error: { code: 'points_short' } });
  expect(ledger.outbox.size).toBe(0);
});

test('a kiosk order paid here is refused when the member no longer has the points it redeems', () => {
  const device = offlineTill();
  const { orders } = device.client;
  const order = kioskOrderAtCounter(device, 2600);
  expect(order.pointsRedeemed).toEqual({ points: 2600, discount: 2600 });
  pointsOnServer(device, 50);

  const refused = orders.payOpenOrder(order.id, [cashTender(order.total, order.total)]);
  expect(refused).toMatchObject({ ok: false, error: { code: 'points_short' } });
  pointsOnServer(device, 2680);
  expect(orders.payOpenOrder(order.id, [cashTender(order.total, order.total)]).ok).toBe(true);
});

test('an open QR sale holds its points: the next cart cannot redeem them again; voided, they are free', () => {
  const device = offlineTill();
  const { cart, members, orders, payments } = device.client;
  cartRedeemingAll(device);
  const open = payments.payCartByQr([]);
  if (!open.ok) throw new Error(open.error.message);
  payments.reset();
  expect(open.value).toMatchObject({ status: 'open', pointsRedeemed: { points: 2600 } });
  expect(members.accountOf(chen.id)!.points).toBe(80);

  expect(cart.attachMember(chen.phone).ok).toBe(true);
  expect(cart.addItem(sku.id, 3).ok).toBe(true);
  expect(members.redeemablePoints(chen.id, cart.total)).toBe(0);
  expect(cart.redeemPoints(2600)).toMatchObject({ ok: false, error: { code: 'points_short' } });

  const voided = orders.voidOrder(open.value.id, {
    reason: 'paid another way',
    approvedBy: 'staff-manager',
  });
  if (!voided.ok) throw new Error(voided.error.message);
  expect(members.accountOf(chen.id)!.points).toBe(2680);
  expect(cart.redeemPoints(2600).ok).toBe(true);
});

test('held once synced, until paid: paid here another way it counts once; paid by QR, the server says', () => {
  const device = offlineTill();
  const { members, orders, payments, ledger } = device.client;
  cartRedeemingAll(device);
  const open = payments.payCartByQr([]);
  if (!open.ok) throw new Error(open.error.message);
  payments.reset();
  ack(device, [lastOp(device)]);
  expect(ledger.outbox.size).toBe(0);
  expect(members.accountOf(chen.id)!.points).toBe(80);

  // The customer pays cash after all: its own points are not held against it.
  const total = open.value.total;
  const paid = orders.payOpenOrder(open.value.id, [cashTender(total, total)]);
  if (!paid.ok) throw new Error(paid.error.message);
  expect(members.accountOf(chen.id)).toMatchObject({ points: 80, pendingPointsRedeemed: 2600 });

  // Or the server recorded the QR's payment: the order and the member as the server has them.
  const other = offlineTill();
  cartRedeemingAll(other);
  const qr = other.client.payments.payCartByQr([]);
  if (!qr.ok) throw new Error(qr.error.message);
  other.client.payments.reset();
  ack(other, [lastOp(other)]);
  const byServer = payOrder(qr.value, {
    tenders: [{ method: 'wechat', amount: qr.value.total, reference: '4200000001' }],
    cashierId: qr.value.cashierId!,
    paidAt: Date.now(),
  });
  if (!byServer.ok) throw new Error(byServer.error.message);
  const earned = Math.floor(qr.value.total / 100) * demo.settings.pointsPerYuan;
  const member = { ...other.client.ledger.replica.members.get(chen.id)!, points: 80 + earned };
  other.client.ledger.applyChanges(
    [
      { kind: 'order', cursor: 2, order: byServer.value },
      { kind: 'member', cursor: 3, member },
    ],
    3,
  );
  expect(other.client.members.accountOf(chen.id)).toMatchObject({
    points: 80 + earned,
    pendingPointsRedeemed: 0,
  });
});
