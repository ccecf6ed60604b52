// A manager's approval of a large discount through the real cart and orders stores: it covers the
// discount it was given for. Once the cart shrinks under a fixed discount (which then takes a
// larger share, up to all of it) the approval is withdrawn and checkout asks again; an unchanged
// or smaller discount stays approved and goes with the sale.
import { cashTender } from '@pos/shared';
import { launch, shutDownAll, signIn, type TestDevice } from './support/device';
import { seedLedger } from './support/offline-seed';
import { demo } from '../support/test-server';

afterEach(shutDownAll);

const manager = demo.staffPins.find((s) => s.role === 'manager')!;

function skuOf(device: TestDevice, name: string): string {
  const product = device.client.catalog.products.find((p) => p.name === name);
  if (!product) throw new Error(`no product ${name} in the demo catalog`);
  return product.skus[0].id;
}

/** 5 lattes (¥18.00) and QQ candy (¥2.50): ¥92.50, with ¥20.00 off (21.6%) approved by a manager. */
function approvedDiscount(): TestDevice {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  signIn(device);
  const { cart } = device.client;
  expect(cart.addItem(skuOf(device, '拿铁'), 5).ok).toBe(true);
  expect(cart.addItem(skuOf(device, '旺仔QQ糖 20g'), 1).ok).toBe(true);
  expect(cart.setOrderDiscount({ kind: 'amount', fen: 2000 }).ok).toBe(true);
  expect(cart.priced).toMatchObject({ subtotal: 9250, orderDiscount: 2000 });
  expect(cart.approvalsMissing).toEqual(['discount']);
  cart.approve({ reason: 'discount', managerId: manager.staffId });
  expect(cart.approvalsMissing).toEqual([]);
  return device;
}

test('lattes cut to one: ¥20 off ¥20.50 is more than the approval covers; checkout asks again', () => {
  const device = approvedDiscount();
  const { cart, orders } = device.client;
  expect(cart.setQuantity('L1', 1).ok).toBe(true);
  expect(cart.priced).toMatchObject({ subtotal: 2050, orderDiscount: 2000, total: 50 });
  expect(cart.approvals).toEqual([]);
  expect(cart.approvalsMissing).toEqual(['discount']);
  const refused = orders.checkout([cashTender(cart.total, cart.total)]);
  expect(refused).toMatchObject({ ok: false, error: { code: 'approval_missing' } });
  expect(cart.isEmpty).toBe(false);

  // Put back, the lattes do not bring the withdrawn approval back: a manager approves again.
  expect(cart.setQuantity('L1', 5).ok).toBe(true);
  expect(cart.approvalsMissing).toEqual(['discount']);
  cart.approve({ reason: 'discount', managerId: manager.staffId });
  expect(orders.checkout([cashTender(cart.total, cart.total)]).ok).toBe(true);
});

test('removing the lattes withdraws the approval too', () => {
  const device = approvedDiscount();
  const { cart } = device.client;
  expect(cart.removeLine('L1').ok).toBe(true);
  expect(cart.priced).toMatchObject({ subtotal: 250, orderDiscount: 250, total: 0 });
  expect(cart.approvalsMissing).toEqual(['discount']);
});

test('an unchanged or smaller discount stays approved and goes with the sale', () => {
  const device = approvedDiscount();
  const { cart, orders } = device.client;
  const approval = {
    reason: 'discount',
    managerId: manager.staffId,
    covers: { fen: 2000, subtotal: 9250 },
  };
  // One more latte: the same ¥20 is a smaller share (19.4%: no approval needed, still kept).
  expect(cart.setQuantity('L1', 6).ok).toBe(true);
  expect(cart.approvals).toEqual([approval]);
  expect(cart.setQuantity('L1', 5).ok).toBe(true);
  // A smaller discount on the approved cart.
  expect(cart.setOrderDiscount({ kind: 'amount', fen: 1900 }).ok).toBe(true);
  expect(cart.approvalsMissing).toEqual([]);
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  expect(sold).toMatchObject({ ok: true, value: { orderDiscount: 1900, approvals: [approval] } });
});
