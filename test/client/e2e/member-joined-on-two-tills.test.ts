// The same phone joined offline on two tills, each topping up and spending on its provisional id,
// then both sync: one member on the server with every top-up and spend once, and both tills
// converge to it.
import { cashTender, type Tender } from '@pos/shared';
import { demo, type TestServer } from '../../support/test-server';
import { launch, pair, serverPerTest, signIn, type TestDevice } from '../support/device';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const sku = demo.products.find((p) => p.active && p.soldBy === 'piece')!.skus[0];
const phone = '13900001111';

async function offlineTill(name: string): Promise<TestDevice> {
  const till = launch();
  await pair(till, server, server.pos.pairingCodes.issue().code, 'tablet', name);
  signIn(till);
  await until(() => till.client.sync.isCaughtUp, 'catch-up');
  till.standIn.network.set({ isConnected: false });
  await until(() => !till.client.sync.isOnline, 'offline');
  return till;
}

function joinTopUpSpend(till: TestDevice, topUp: number, spend: number) {
  const { members, cart, orders } = till.client;
  const joined = members.join(phone, '王');
  if (!joined.ok) throw new Error(joined.error.message);
  const t = members.topUp(phone, topUp);
  if (!t.ok) throw new Error(t.error.message);
  cart.clear();
  expect(cart.attachMember(phone).ok).toBe(true);
  expect(cart.addItem(sku.id, 1).ok).toBe(true);
  const tenders: Tender[] = [
    { method: 'stored_value', amount: spend, memberId: cart.cart.memberId! },
  ];
  const rest = cart.total - spend;
  if (rest > 0) tenders.push(cashTender(rest, rest));
  const sold = orders.checkout(tenders);
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

test('same phone joined offline on two tills: one member, every top-up and spend once', async () => {
  const a = await offlineTill('A');
  const b = await offlineTill('B');
  const saleA = joinTopUpSpend(a, 10000, 300);
  const saleB = joinTopUpSpend(b, 5000, 200);
  const earnA = a.client.members.accountOf(phone)!.pendingPointsEarned;
  const earnB = b.client.members.accountOf(phone)!.pendingPointsEarned;

  a.standIn.network.set({ isConnected: true });
  await until(() => a.client.sync.isCaughtUp && a.client.sync.unsyncedCount === 0, 'A synced');
  b.standIn.network.set({ isConnected: true });
  await until(() => b.client.sync.isCaughtUp && b.client.sync.unsyncedCount === 0, 'B synced');
  await until(() => a.client.members.accountOf(phone)!.balance === 15000 - 500, 'A converged');

  const onServer = Object.values(server.store.state.members).filter((m) => m.phone === phone);
  expect(onServer).toHaveLength(1);
  expect(onServer[0].balance).toBe(15000 - 500);
  expect(onServer[0].points).toBe(earnA + earnB);
  expect(Object.values(server.store.state.overspends)).toEqual([]);
  for (const till of [a, b]) {
    const account = till.client.members.accountOf(phone)!;
    expect(account.member.id).toBe(onServer[0].id);
    expect(account.balance).toBe(15000 - 500);
    expect(account.points).toBe(earnA + earnB);
    expect(till.client.catalog.members.filter((m) => m.phone === phone)).toHaveLength(1);
  }
  expect(server.store.order(saleA.id)!.memberId).toBeTruthy();
  expect(server.store.order(saleB.id)!.memberId).toBeTruthy();
});
