// What an ack lays on the replica (stored value spent, points, stock taken off, a member joined
// offline) is written before the operation leaves the outbox: the till relaunched offline must not
// show the member's old balance, which would let the same stored value be spent twice. At a nearly
// full storage too, where the server's own data waits in memory.
import { cashTender } from '@pos/shared';
import { STORAGE_FULL_RATIO, WECHAT_QUOTA_BYTES } from '../../miniprogram/core/storage-layout';
import { trackedSkus } from '../support/sales';
import { demo } from '../support/test-server';
import { ack, lastOp, offlineTill } from './support/acked-offline';
import { relaunch, shutDownAll, type TestDevice } from './support/device';
import { refuseWritesOf } from './support/refused-writes';
import { recordSales } from './support/offline-seed';

afterEach(shutDownAll);

// m-0005: ¥20.00 and 40 points.
const phone = '17759203318';
const sku = demo.products.find((p) => p.active && p.soldBy === 'piece')!.skus[0];

/** Unrelated data (another page's cache) takes storage past the share where new sales stop. */
function fillStorageTo(device: TestDevice, share: number): void {
  const { standIn, client } = device;
  const target = WECHAT_QUOTA_BYTES * share;
  for (let n = 0; standIn.storage.usedBytes() < target; n++) {
    const room = Math.min(target - standIn.storage.usedBytes(), 500 * 1024);
    standIn.wx.setStorageSync(`filler.${n}`, 'x'.repeat(Math.ceil(room)));
  }
  client.ledger.refreshUsage();
}

/** ¥10 of the member's stored value, the rest in cash. */
function spendTenYuan(device: TestDevice): void {
  const { cart, orders } = device.client;
  expect(cart.attachMember(phone).ok).toBe(true);
  expect(cart.addItem(sku.id, 2).ok).toBe(true);
  const memberId = cart.cart.memberId!;
  const rest = cart.total - 1000;
  const tenders = [{ method: 'stored_value' as const, amount: 1000, memberId }];
  const sold = orders.checkout(rest > 0 ? [...tenders, cashTender(rest, rest)] : tenders);
  if (!sold.ok) throw new Error(sold.error.message);
}

const offline = { client: { autoStart: false } };

test.each([
  ['with room to spare', 0],
  ['at a nearly full storage', STORAGE_FULL_RATIO + 0.01],
])('a settled stored-value spend stays spent after a relaunch, %s', async (_, share) => {
  let device = offlineTill();
  spendTenYuan(device);
  const before = device.client.members.accountOf(phone)!;
  const points = before.points + before.pendingPointsEarned;
  if (share > 0) fillStorageTo(device, share);
  ack(device, [lastOp(device)]);
  expect(device.client.ledger.outbox.size).toBe(0);

  device = await relaunch(device, offline);
  const account = device.client.members.accountOf(phone)!;
  expect(account.balance).toBe(1000);
  expect(account.points).toBe(points);
  // The ¥10 left is all that can be spent.
  const memberId = account.member.id;
  const tender = (amount: number) => [{ method: 'stored_value' as const, amount, memberId }];
  expect(device.client.members.checkTenders(tender(2000), memberId).ok).toBe(false);
  expect(device.client.members.checkTenders(tender(1000), memberId).ok).toBe(true);
});

test('stock taken off and a member joined offline stay settled after a relaunch at a nearly full storage', async () => {
  let device = offlineTill();
  const tracked = trackedSkus[0].id;
  const before = device.client.catalog.stockOf(tracked)!;
  const sales = recordSales(device.client.ledger, { now: () => Date.now() }, 2);
  const joined = device.client.members.join('13900001111', '小王');
  if (!joined.ok) throw new Error(joined.error.message);
  fillStorageTo(device, STORAGE_FULL_RATIO + 0.01);
  ack(device, [...sales, lastOp(device)]);
  expect(device.client.ledger.outbox.size).toBe(0);

  device = await relaunch(device, offline);
  expect(device.client.catalog.stockOf(tracked)).toBe(before - 2);
  expect(device.client.catalog.findMember('13900001111')?.id).toBe(joined.value.id);
});

test('when storage refuses the settled figures, the spend stays in the outbox, never pushed again', async () => {
  let device = offlineTill();
  spendTenYuan(device);
  const op = lastOp(device);
  refuseWritesOf(device, 'pos.members.');
  ack(device, [op]);
  const { ledger } = device.client;
  expect(ledger.outbox.isAcknowledged(op.seq)).toBe(true);
  expect(ledger.nextBatch(10, 1 << 20)).toEqual([]);
  expect(device.client.members.accountOf(phone)!.balance).toBe(1000);

  // Relaunched before storage took them: the spend is still there, laid on the old balance.
  device = await relaunch(device, offline);
  expect(device.client.ledger.outbox.size).toBe(1);
  expect(device.client.members.accountOf(phone)!.balance).toBe(1000);
});

test('settled figures storage refused are written at the next settle, and then the spend leaves', async () => {
  let device = offlineTill();
  spendTenYuan(device);
  const op = lastOp(device);
  const refusing = refuseWritesOf(device, 'pos.members.');
  ack(device, [op]);
  refusing.on = false;
  // A reconnect's welcome settles what is still here.
  device.client.ledger.welcome(op.seq);
  expect(device.client.ledger.outbox.size).toBe(0);

  device = await relaunch(device, offline);
  expect(device.client.members.accountOf(phone)!.balance).toBe(1000);
});
