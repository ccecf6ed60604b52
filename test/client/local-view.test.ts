// What the device shows: the server's orders and stock with pending operations laid over them,
// each counted once, also when the server's echo of an operation arrives before its ack.
import { applyRefund, type Operation, type Order } from '@pos/shared';
import { buildLocalView, localStockLevels } from '../../miniprogram/core/local-view';
import { pendingMemberEffects } from '../../miniprogram/core/member-effects';
import type { OutboxEntry } from '../../miniprogram/core/outbox';
import { saleOperation, trackedSkus } from '../support/sales';
import { demo } from '../support/test-server';

const device = { deviceId: 'dev-test-1', deviceCode: 'T1' };
const sku = trackedSkus[0].id;
const entry = (op: Operation, refused = false): OutboxEntry => ({
  op,
  cartId: null,
  refused: refused ? { code: 'x', message: 'refused', at: 0 } : null,
});
const sale = (seq: number, qty: number) =>
  saleOperation({ device, seq, items: [{ skuId: sku, qty }] });
const historyOf = (...orders: Order[]) => new Map(orders.map((order) => [order.id, order]));
const stockAfter = (history: Map<string, Order>, entries: OutboxEntry[]) =>
  localStockLevels(
    [{ skuId: sku, level: 100 }],
    demo.products,
    buildLocalView(history, entries).stock,
  ).get(sku);

test('a pending sale shows as pending and takes its stock off', () => {
  const placed = sale(1, 3);
  const view = buildLocalView(historyOf(), [entry(placed)]);
  expect(view.orders.get(placed.payload.id)).toMatchObject({ sync: 'pending' });
  expect(stockAfter(historyOf(), [entry(placed)])).toBe(97);
});

test('a sale the server already echoed is not counted twice while its ack is on the way', () => {
  const placed = sale(1, 3);
  // The server's level already includes the sale (its stock change came with the order).
  const history = historyOf(placed.payload);
  expect(buildLocalView(history, [entry(placed)]).orders.get(placed.payload.id)?.sync).toBe(
    'synced',
  );
  expect(stockAfter(history, [entry(placed)])).toBe(100);
});

test('a refund with restock puts goods back; a refused operation moves nothing', () => {
  const placed = sale(1, 3);
  const refund = {
    id: 'r1',
    orderId: placed.payload.id,
    deviceId: device.deviceId,
    staffId: 'staff-cashier-1',
    approvedBy: 'staff-manager',
    reason: '',
    createdAt: placed.createdAt,
    businessDay: placed.payload.businessDay,
    lines: [{ lineId: 'L1', qty: 2, amount: 0 }],
    tenders: [{ method: 'cash' as const, amount: 0 }],
    restock: true,
  };
  expect(applyRefund(placed.payload, refund).ok).toBe(true);
  const refundOp: Operation = {
    ...placed,
    id: `${device.deviceId}:2`,
    seq: 2,
    type: 'order.refunded',
    payload: refund,
  };
  const history = historyOf(placed.payload);
  expect(stockAfter(history, [entry(refundOp)])).toBe(102);
  expect(buildLocalView(history, [entry(refundOp)]).orders.get(placed.payload.id)).toMatchObject({
    sync: 'pending',
    order: { status: 'partially_refunded' },
  });
  expect(stockAfter(history, [entry(refundOp, true)])).toBe(100);
  expect(buildLocalView(history, [entry(refundOp, true)]).orders.get(placed.payload.id)?.sync).toBe(
    'refused',
  );
});

test('voiding a pending sale gives its stock back', () => {
  const placed = sale(1, 4);
  const voided: Operation = {
    ...placed,
    id: `${device.deviceId}:2`,
    seq: 2,
    type: 'order.voided',
    payload: {
      orderId: placed.payload.id,
      staffId: 's',
      approvedBy: 'm',
      reason: '',
      at: placed.createdAt,
    },
  };
  const view = buildLocalView(historyOf(), [entry(placed), entry(voided)]);
  expect(view.orders.get(placed.payload.id)?.order.status).toBe('voided');
  expect(stockAfter(historyOf(), [entry(placed), entry(voided)])).toBe(100);
});

test('a pending void of an order this till saw open is not laid on it once the server has it paid', () => {
  const kiosk = { deviceId: 'dev-kiosk-1', deviceCode: 'K1' };
  const sent = saleOperation({
    device: kiosk,
    seq: 1,
    items: [{ skuId: sku, qty: 2 }],
    toCounter: true,
  });
  // Another till took cash for it; the server's paid order reached this till's history.
  const paidElsewhere: Order = {
    ...sent.payload,
    status: 'paid',
    paidAt: sent.createdAt + 1000,
    cashierId: 'staff-cashier-1',
    tenders: [
      { method: 'cash', amount: sent.payload.total, tendered: sent.payload.total, change: 0 },
    ],
  };
  const voided: Operation = {
    id: `${device.deviceId}:1`,
    deviceId: device.deviceId,
    seq: 1,
    createdAt: sent.createdAt,
    type: 'order.voided',
    payload: {
      orderId: sent.payload.id,
      staffId: 'staff-cashier-1',
      approvedBy: 'staff-manager',
      reason: 'customer left',
      at: sent.createdAt,
      deviceId: device.deviceId,
      voidedFrom: 'open',
    },
  };
  const history = historyOf(paidElsewhere);
  expect(buildLocalView(history, [entry(voided)]).orders.get(sent.payload.id)?.order).toMatchObject(
    {
      status: 'paid',
      void: null,
    },
  );
  // The server's level already has the sale: no goods go back on the shelf.
  expect(stockAfter(history, [entry(voided)])).toBe(100);
  // Seen open still, the void is laid (the counter order leaves the queue), moving no stock.
  const stillOpen = historyOf(sent.payload);
  expect(buildLocalView(stillOpen, [entry(voided)]).orders.get(sent.payload.id)?.order.status).toBe(
    'voided',
  );
  expect(stockAfter(stillOpen, [entry(voided)])).toBe(100);

  // Paid elsewhere from a member's stored value: the void gives none of it back on this till.
  const member = demo.members[0].id;
  const paidFromStoredValue: Order = {
    ...paidElsewhere,
    memberId: member,
    tenders: [{ method: 'stored_value', amount: sent.payload.total, memberId: member }],
  };
  const effects = pendingMemberEffects([entry(voided)], 1, (id) =>
    id === paidFromStoredValue.id ? paidFromStoredValue : undefined,
  );
  expect(effects.returnedByMember.get(member) ?? 0).toBe(0);
  expect(effects.capUsedByMember.get(member) ?? 0).toBe(0);
});
