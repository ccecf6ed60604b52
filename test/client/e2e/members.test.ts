// Members end to end: the real client core on the wx stand-in against a real server. Joins online
// and offline (merged by phone on sync), points earned and redeemed, top-ups, and stored value
// refused offline above the caps with a clear message; overspends from two devices flagged.
import { cashTender, type Member, type Order, type Tender } from '@pos/shared';
import { demo, type TestServer } from '../../support/test-server';
import { launch, pair, serverPerTest, signIn, type TestDevice } from '../support/device';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

// 陈女士: ¥350.00 and 2680 points; 刘先生: ¥120.00 and 860 points.
const chen = demo.members[0];
const liu = demo.members[1];
const sku = demo.products.find((p) => p.active && p.soldBy === 'piece')!.skus[0];

async function till(name: string): Promise<TestDevice> {
  const device = launch();
  await pair(device, server, server.pos.pairingCodes.issue().code, 'tablet', name);
  signIn(device);
  return device;
}

async function goOffline(device: TestDevice): Promise<void> {
  device.standIn.network.set({ isConnected: false });
  await until(() => !device.client.sync.isOnline, 'the device to go offline');
}

async function goOnlineAndSync(device: TestDevice): Promise<void> {
  device.standIn.network.set({ isConnected: true });
  // Caught up: the server's balances of now are in, and the offline caps are lifted.
  await until(
    () => device.client.sync.isCaughtUp && device.client.sync.unsyncedCount === 0,
    'the outbox to empty and the catch-up to be applied',
  );
}

/** Rings up `qty` of the SKU for a member and pays `storedValue` of it from the balance, the rest cash. */
function memberSale(
  device: TestDevice,
  memberKey: string,
  qty: number,
  storedValue = 0,
): ReturnType<TestDevice['client']['orders']['checkout']> {
  const { cart, orders } = device.client;
  cart.clear();
  const attached = cart.attachMember(memberKey);
  if (!attached.ok) throw new Error(attached.error.message);
  const added = cart.addItem(sku.id, qty);
  if (!added.ok) throw new Error(added.error.message);
  const memberId = cart.cart.memberId!;
  const tenders: Tender[] = [];
  if (storedValue > 0) tenders.push({ method: 'stored_value', amount: storedValue, memberId });
  const rest = cart.total - storedValue;
  if (rest > 0) tenders.push(cashTender(rest, rest));
  return orders.checkout(tenders);
}

const onServer = (phone: string): Member | undefined => server.store.memberByPhone(phone);

test('a member joined online gets the server id; one joined offline on two tills is merged by phone', async () => {
  const [a, b] = [await till('Till A'), await till('Till B')];

  // Online: the join syncs at once and the till learns the server's id for its provisional one.
  const online = a.client.members.join('13700001111', '新顾客');
  if (!online.ok) throw new Error(online.error.message);
  expect(online.value.id).toContain(':member:');
  await until(() => onServer('13700001111') !== undefined, 'the join to reach the server');
  const kept = onServer('13700001111')!;
  await until(() => a.client.catalog.findMember('13700001111')?.id === kept.id, 'the server id');
  expect(a.client.members.find(online.value.id)?.id).toBe(kept.id);
  expect(a.client.members.accountOf(kept.id)?.provisional).toBe(false);

  // Offline on both tills, the same customer joins twice; till A sells to them at once.
  await Promise.all([goOffline(a), goOffline(b)]);
  const joinedA = a.client.members.join('13700002222');
  const joinedB = b.client.members.join('13700002222', '周');
  if (!joinedA.ok || !joinedB.ok) throw new Error('join refused');
  expect(a.client.members.accountOf('13700002222')?.provisional).toBe(true);
  const sale = memberSale(a, '13700002222', 3);
  if (!sale.ok) throw new Error(sale.error.message);
  expect(sale.value.memberId).toBe(joinedA.value.id);
  const pendingEarned = a.client.members.accountOf('13700002222')!.pendingPointsEarned;
  expect(pendingEarned).toBe(Math.floor(sale.value.total / 100));

  await Promise.all([goOnlineAndSync(a), goOnlineAndSync(b)]);
  const merged = onServer('13700002222')!;
  expect(
    Object.values(server.store.state.members).filter((m) => m.phone === '13700002222'),
  ).toHaveLength(1);
  expect(merged.aliases?.sort()).toEqual([joinedA.value.id, joinedB.value.id].sort());
  expect(merged.points).toBe(pendingEarned);
  // Both tills learn the mapping; the order naming A's provisional id is the member's.
  for (const device of [a, b])
    await until(
      () => device.client.catalog.findMember('13700002222')?.aliases?.length === 2,
      'the merge to reach the till',
    );
  const order = a.client.orders.find(sale.value.id)!.order;
  expect(a.client.members.find(order.memberId!)?.id).toBe(merged.id);
  expect(b.client.members.find(joinedA.value.id)?.points).toBe(pendingEarned);
  expect(a.client.catalog.members.filter((m) => m.phone === '13700002222')).toHaveLength(1);
});

test('points are earned per yuan and redeemed as a discount; the server keeps the balance', async () => {
  const a = await till('Till A');
  const { cart, members } = a.client;
  cart.attachMember(chen.phone);
  cart.addItem(sku.id, 4);
  const before = cart.total;

  expect(cart.redeemPoints(150)).toMatchObject({ ok: false, error: { code: 'points_not_whole' } });
  expect(cart.redeemPoints(100_000)).toMatchObject({ ok: false, error: { code: 'points_short' } });
  expect(cart.redeemPoints(500).ok).toBe(true);
  expect(cart.pointsRedeemed).toEqual({ points: 500, discount: 500 });
  expect(cart.total).toBe(before - 500);
  // The discount is the customer's, paid in points: no manager needed.
  expect(cart.priced!.approvalsNeeded).toEqual([]);
  expect(members.redeemablePoints(chen.phone, before)).toBe(
    Math.min(2600, Math.floor(before / 100) * 100),
  );

  const sold = a.client.orders.checkout([cashTender(cart.total, cart.total)]);
  if (!sold.ok) throw new Error(sold.error.message);
  expect(sold.value.pointsRedeemed).toEqual({ points: 500, discount: 500 });
  // Until the server has it, the redeemed points are not spendable again.
  expect(members.accountOf(chen.id)!.points).toBe(chen.points - 500);

  await until(() => a.client.sync.unsyncedCount === 0, 'the sale to sync');
  const expected = chen.points - 500 + Math.floor(sold.value.total / 100);
  expect(server.store.state.members[chen.id].points).toBe(expected);
  await until(() => a.client.catalog.findMember(chen.id)?.points === expected, 'the new points');
  expect(members.accountOf(chen.id)).toMatchObject({ points: expected, pendingPointsRedeemed: 0 });
});

test('offline, stored value stops at the caps with a clear message; top-ups count; online it is the balance', async () => {
  const a = await till('Till A');
  // A small per-device cap for this store: ¥150.00 in all, ¥100.00 per member (the default).
  const settings = server.store.settings;
  await server.store.commit({
    kind: 'settings.saved',
    settings: { ...settings, offlineStoredValueCap: { perMember: 10000, perDevice: 15000 } },
  });
  await until(
    () => a.client.catalog.settings.offlineStoredValueCap.perDevice === 15000,
    'the settings',
  );
  await goOffline(a);
  const { members } = a.client;

  expect(memberSale(a, chen.phone, 10, 6000).ok).toBe(true);
  expect(members.accountOf(chen.phone)).toMatchObject({
    balance: chen.balance - 6000,
    pendingSpent: 6000,
  });
  expect(members.spendable(chen.phone)).toBe(4000);
  const overMember = memberSale(a, chen.phone, 10, 5000);
  expect(overMember).toMatchObject({
    ok: false,
    error: { code: 'offline_member_cap', message: expect.stringContaining('¥40.00 left') },
  });
  // Refused: nothing recorded, the cart still there to pay another way.
  expect(a.client.sync.unsyncedCount).toBe(1);
  expect(a.client.cart.isEmpty).toBe(false);

  // Another member: within their own cap, but the device has only ¥90.00 of its cap left.
  expect(members.offlineCapLeft).toBe(9000);
  const overDevice = memberSale(a, liu.phone, 10, 9500);
  expect(overDevice).toMatchObject({
    ok: false,
    error: { code: 'offline_device_cap', message: expect.stringContaining('¥90.00 left') },
  });
  expect(memberSale(a, liu.phone, 10, 9000).ok).toBe(true);

  // A cash top-up offline: the till may spend it (within the caps), the server credits it on sync.
  const topUp = members.topUp(liu.phone, 20000);
  if (!topUp.ok) throw new Error(topUp.error.message);
  expect(members.accountOf(liu.phone)).toMatchObject({
    balance: liu.balance - 9000 + 20000,
    pendingTopUps: 20000,
  });
  expect(members.unsyncedTopUps.map((t) => t.amount)).toEqual([20000]);
  expect(members.topUp(liu.phone, 0)).toMatchObject({
    ok: false,
    error: { code: 'amount_invalid' },
  });

  await goOnlineAndSync(a);
  expect(server.store.state.members[chen.id].balance).toBe(chen.balance - 6000);
  expect(server.store.state.members[liu.id].balance).toBe(liu.balance - 9000 + 20000);
  // Online the caps no longer apply, only the balance.
  await until(
    () => a.client.catalog.findMember(chen.id)?.balance === chen.balance - 6000,
    'balances',
  );
  expect(memberSale(a, chen.phone, 10, 12000).ok).toBe(true);
  const short = memberSale(a, liu.phone, 30, liu.balance - 9000 + 20000 + 100);
  expect(short).toMatchObject({ ok: false, error: { code: 'balance_short' } });
});

test('two tills offline each spend within the caps more than the balance: the server flags the overspend', async () => {
  const [a, b] = [await till('Till A'), await till('Till B')];
  await Promise.all([goOffline(a), goOffline(b)]);
  // 刘先生 has ¥120.00; each till, not knowing of the other, takes ¥100.00.
  const sales = [memberSale(a, liu.phone, 10, 10000), memberSale(b, liu.phone, 10, 10000)];
  expect(sales.every((sale) => sale.ok)).toBe(true);
  await Promise.all([goOnlineAndSync(a), goOnlineAndSync(b)]);

  expect(server.store.state.members[liu.id].balance).toBe(0);
  const flagged = Object.values(server.store.state.overspends);
  expect(flagged).toHaveLength(1);
  expect(flagged[0]).toMatchObject({ memberId: liu.id, shortfall: 8000, resolvedAt: null });
  const orders = sales.map((sale) => (sale as { value: Order }).value.id);
  for (const id of orders) expect(server.store.order(id)).toBeDefined();
  await until(
    () => a.client.catalog.findMember(liu.id)?.balance === 0,
    'the balance to reach the till',
  );
  expect(a.client.members.spendable(liu.phone)).toBe(0);
});
