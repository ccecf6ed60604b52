// What a receipt prints besides the order, looked up in the device's replica: the member with the
// points this order earned (per whole yuan of its total, at the store's rate), nothing earned on an
// open or voided order, less on what was refunded, none where the store gives no points.
import { cashTender, layoutReceipt, type Order } from '@pos/shared';
import { receiptContextFrom } from '../../miniprogram/core/receipt-context';
import { demo } from '../support/test-server';
import { launch, shutDownAll, signIn, type TestDevice } from './support/device';
import { ManualClock } from './support/manual-clock';
import { demoSnapshot, seedLedger } from './support/offline-seed';

let device: TestDevice;
beforeEach(() => {
  device = launch({ client: { autoStart: false, clock: new ManualClock() } });
  seedLedger(device.client.ledger);
  signIn(device, 'cashier');
});
afterEach(() => shutDownAll());

/** Two lattes and a water for 刘先生 (860 points, ¥120.00 stored value), paid in cash. */
function memberSale(): Order {
  const { cart, catalog, orders } = device.client;
  const sku = (name: string) => catalog.products.find((p) => p.name === name)!.skus[0].id;
  expect(cart.attachMember('13800138001').ok).toBe(true);
  expect(cart.addItem(sku('拿铁'), 2).ok).toBe(true);
  const sold = orders.checkout([cashTender(cart.total, 10_000)]);
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

test('a member’s paid order earns a point per whole yuan of its total, printed on the receipt', () => {
  const order = memberSale();
  expect(demo.settings.pointsPerYuan).toBe(1);
  const yuan = Math.floor(order.total / 100);
  expect(yuan).toBeGreaterThan(0);
  const context = receiptContextFrom(device.client.ledger)(order);
  expect(context.member).toEqual({
    name: '刘先生',
    phone: '13800138001',
    pointsEarned: yuan,
    pointsBalance: 860,
    storedValueBalance: 12_000,
  });
  const lines = layoutReceipt(order, context, '58mm').blocks.flatMap((block) =>
    block.kind === 'text' ? [block.text] : [],
  );
  expect(lines.find((line) => line.startsWith('本单积分'))).toMatch(new RegExp(`\\+${yuan}$`));
  expect(lines.find((line) => line.startsWith('会员'))).toContain('138****8001');
});

test('nothing earned on an open or voided order, nor where the store gives no points', () => {
  const order = memberSale();
  const contextOf = receiptContextFrom(device.client.ledger);
  for (const status of ['open', 'voided'] as const)
    expect(contextOf({ ...order, status }).member).not.toHaveProperty('pointsEarned');

  // A refund takes back the points of what it refunded: one latte back leaves the other's.
  const { orders } = device.client;
  const latte = order.lines[0];
  const refunded = orders.refund(order.id, {
    lines: [{ lineId: latte.lineId, qty: 1 }],
    reason: '',
    restock: true,
    approvedBy: demo.staffPins.find((s) => s.role === 'manager')!.staffId,
  });
  if (!refunded.ok) throw new Error(refunded.error.message);
  const back = refunded.value.refunds[0].lines[0].amount;
  expect(back).toBeGreaterThan(0);
  expect(contextOf(refunded.value).member?.pointsEarned).toBe(
    Math.floor((order.total - back) / 100),
  );

  device.client.ledger.applySnapshot(
    { ...demoSnapshot(), settings: { ...demo.settings, pointsPerYuan: 0 } },
    2,
  );
  expect(contextOf(order).member).not.toHaveProperty('pointsEarned');
  expect(contextOf({ ...order, memberId: null }).member).toBeNull();
});
