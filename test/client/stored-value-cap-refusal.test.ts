// Stored value over an offline cap, refused at checkout: the refusal carries the amounts (what was
// asked of stored value, what the member may still pay with it offline), and the till says both
// in Chinese, as money, not just that a cap was reached.
import { cashTender, type Tender } from '@pos/shared';
import { describeError } from '../../miniprogram/i18n/index';
import { launch, shutDownAll, signIn, type TestDevice } from './support/device';
import { seedLedger } from './support/offline-seed';
import { demo } from '../support/test-server';

afterEach(shutDownAll);

const chen = demo.members.find((m) => m.phone === '13912345678')!; // ¥350.00 stored
const wang = demo.members.find((m) => m.phone === '13800138001')!; // ¥120.00 stored

/** An offline till (it never connects) with the store's caps: ¥100.00 a member, ¥150.00 in all. */
function offlineTill(): TestDevice {
  const device = launch({ client: { autoStart: false } });
  seedLedger(device.client.ledger);
  const settings = {
    ...demo.settings,
    offlineStoredValueCap: { perMember: 10000, perDevice: 15000 },
  };
  device.client.ledger.applyChanges([{ kind: 'settings', cursor: 2, settings }], 2);
  signIn(device);
  expect(device.client.sync.isOnline).toBe(false);
  return device;
}

/** A sale of `qty` 葡式蛋挞 (¥6.00) for the member, `storedValue` of it from their balance. */
function memberSale(device: TestDevice, phone: string, qty: number, storedValue: number) {
  const { cart, catalog, orders } = device.client;
  cart.clear();
  const tart = catalog.products.find((p) => p.name === '葡式蛋挞')!.skus[0];
  expect(cart.addItem(tart.id, qty).ok).toBe(true);
  expect(cart.attachMember(phone).ok).toBe(true);
  const memberId = cart.cart.memberId!;
  const tenders: Tender[] = [{ method: 'stored_value', amount: storedValue, memberId }];
  const rest = cart.total - storedValue;
  if (rest > 0) tenders.push(cashTender(rest, rest));
  return orders.checkout(tenders);
}

test('over the per-member cap: the amount asked and what the member has left offline', () => {
  const device = offlineTill();
  expect(memberSale(device, chen.phone, 20, 6000).ok).toBe(true);

  const refused = memberSale(device, chen.phone, 20, 5000);
  expect(refused).toMatchObject({
    ok: false,
    error: { code: 'offline_member_cap', asked: 5000, left: 4000 },
  });
  if (refused.ok) throw new Error('refused above');
  expect(describeError(refused.error)).toBe(
    '离线时每位会员的储值消费有上限：这次要用储值 ¥50.00，这位会员离线最多还能用 ¥40.00。请改用其他方式付款，或等本机联网后再用储值',
  );
});

test('over the per-device cap: what the till may still take offline, for this member', () => {
  const device = offlineTill();
  expect(memberSale(device, chen.phone, 20, 10000).ok).toBe(true);

  // 王's own cap is untouched (¥100.00), but the till has ¥50.00 of its ¥150.00 left.
  const refused = memberSale(device, wang.phone, 20, 6000);
  expect(refused).toMatchObject({
    ok: false,
    error: { code: 'offline_device_cap', asked: 6000, left: 5000 },
  });
  if (refused.ok) throw new Error('refused above');
  expect(describeError(refused.error)).toBe(
    '离线时本机的储值消费总额有上限：这次要用储值 ¥60.00，本机离线最多还能收 ¥50.00。请改用其他方式付款，或等本机联网',
  );
  expect(memberSale(device, wang.phone, 20, 5000).ok).toBe(true);
});

test('a cap refusal without its amounts (from elsewhere) still gets its sentence', () => {
  expect(describeError({ code: 'offline_device_cap', message: 'offline cap' })).toBe(
    '离线时本机的储值消费总额已到上限：请改用其他方式付款，或等本机联网',
  );
});
