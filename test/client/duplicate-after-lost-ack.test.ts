// A sale whose ack is lost (the Wi-Fi drops as the server stores it) is pushed again on the next
// connection and answered `duplicate`. Its stored value and stock must then be laid on the till's
// copy as a first `applied` would, or a socket dropped again before the catch-up leaves the till
// showing the balance from before the sale, spendable twice. Never twice, though: not when the
// catch-up brings the server's figures, nor for a sale whose ack did come through and whose
// removal storage refused (its effects on storage already), nor for one put back at a full storage.
import { cashTender, type AckResult, type Tender } from '@pos/shared';
import { trackedSkus } from '../support/sales';
import { demo, type TestServer } from '../support/test-server';
import { launch, pair, relaunch, serverPerTest, signIn, type TestDevice } from './support/device';
import { refuseWritesOf } from './support/refused-writes';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

// m-0005: ¥20.00 of stored value.
const member = demo.members.find((m) => m.phone === '17759203318')!;
const sku = trackedSkus[0];
const offlineRelaunch = { wx: { network: { isConnected: false, networkType: 'none' } } };

async function onlineTill(): Promise<TestDevice> {
  const till = launch();
  await pair(till, server, server.pos.pairingCodes.issue().code);
  signIn(till);
  await until(() => till.client.sync.isCaughtUp, 'the catch-up');
  return till;
}

/** One of the SKU, as much as the member has in stored value, the rest in cash. */
function sellFromStoredValue(till: TestDevice): { orderId: string; seq: number; stored: number } {
  const { cart, orders } = till.client;
  expect(cart.attachMember(member.phone).ok).toBe(true);
  expect(cart.addItem(sku.id, 1).ok).toBe(true);
  const stored = Math.min(member.balance, cart.total);
  const rest = cart.total - stored;
  const tenders: Tender[] = [
    { method: 'stored_value', amount: stored, memberId: cart.cart.memberId! },
  ];
  if (rest > 0) tenders.push(cashTender(rest, rest));
  const sold = orders.checkout(tenders);
  if (!sold.ok) throw new Error(sold.error.message);
  const entries = till.client.ledger.outbox.entries();
  return { orderId: sold.value.id, seq: entries[entries.length - 1].op.seq, stored };
}

/**
 * The next answer that `applied`s something reaches the till (or is lost with the Wi-Fi, `lose`),
 * and once a `duplicate` is settled the Wi-Fi drops again, before the catch-up can come.
 */
function dropAroundAnswers(till: TestDevice, lose: boolean): { duplicateSettled: boolean } {
  const { ledger } = till.client;
  const seen = { duplicateSettled: false };
  let losing = lose;
  const settle = ledger.settle.bind(ledger);
  jest.spyOn(ledger, 'settle').mockImplementation((results: readonly AckResult[]) => {
    if (losing && results.some((r) => r.status === 'applied')) {
      losing = false;
      till.standIn.network.set({ isConnected: false });
      return;
    }
    settle(results);
    if (!seen.duplicateSettled && results.some((r) => r.status === 'duplicate')) {
      seen.duplicateSettled = true;
      till.standIn.network.set({ isConnected: false });
    }
  });
  return seen;
}

/** Reconnects and waits for the catch-up, with nothing left to push. */
async function catchUp(till: TestDevice): Promise<void> {
  till.standIn.network.set({ isConnected: true });
  await until(() => till.client.sync.isCaughtUp, 'the catch-up');
  expect(till.client.ledger.outbox.size).toBe(0);
}

/** The member's balance and what may be spent of it show the spend once; the level, when given. */
function expectSpentOnce(till: TestDevice, stored: number, level?: number): void {
  const { members, catalog } = till.client;
  expect(members.accountOf(member.phone)!.balance).toBe(member.balance - stored);
  expect(members.spendable(member.phone)).toBe(member.balance - stored);
  if (level !== undefined) expect(catalog.stockOf(sku.id)).toBe(level);
}

test('a spend answered as a duplicate (its ack lost) counts on the till, and once after the catch-up', async () => {
  const till = await onlineTill();
  const level = till.client.catalog.stockOf(sku.id)! - 1;
  const answers = dropAroundAnswers(till, true);
  const { orderId, stored } = sellFromStoredValue(till);
  await until(() => server.store.order(orderId) !== undefined, 'the sale on the server');
  await until(() => !till.client.sync.isOnline, 'the till offline');
  expect(till.client.ledger.outbox.size).toBe(1);

  till.standIn.network.set({ isConnected: true });
  await until(() => answers.duplicateSettled, 'the duplicate answer');
  await until(() => !till.client.sync.isOnline, 'the till offline again');
  expect(till.client.ledger.outbox.size).toBe(0);
  expect(till.client.sync.isCaughtUp).toBe(false);
  // The server took the stored value: the till shows it gone and does not let it be spent again.
  expect(server.store.state.members[member.id].balance).toBe(member.balance - stored);
  expectSpentOnce(till, stored, level);

  // The catch-up brings the server's figures, the spend in them: counted once still.
  await catchUp(till);
  expect(till.client.ledger.replica.members.get(member.id)!.balance).toBe(member.balance - stored);
  expectSpentOnce(till, stored, level);
});

test('laid on at the duplicate, the spend stays after a relaunch before the catch-up', async () => {
  let till = await onlineTill();
  const level = till.client.catalog.stockOf(sku.id)! - 1;
  const answers = dropAroundAnswers(till, true);
  const { orderId, stored } = sellFromStoredValue(till);
  await until(() => server.store.order(orderId) !== undefined, 'the sale on the server');
  await until(() => !till.client.sync.isOnline, 'the till offline');
  till.standIn.network.set({ isConnected: true });
  await until(() => answers.duplicateSettled, 'the duplicate answer');

  till = await relaunch(till, offlineRelaunch);
  expect(till.client.ledger.outbox.size).toBe(0);
  expectSpentOnce(till, stored, level);
  await catchUp(till);
  expectSpentOnce(till, stored, level);
});

/** Storage refuses the next write to the outbox's keys once `armed` (a write or a removal). */
function refuseNextOutboxWrite(till: TestDevice): { armed: boolean; refused: number } {
  const state = { armed: false, refused: 0 };
  const { wx } = till.standIn;
  const refuse = (key: string) => {
    if (!state.armed || !key.startsWith('pos.outbox.')) return;
    state.armed = false;
    state.refused++;
    throw new Error('setStorageSync:fail write failed');
  };
  const set = wx.setStorageSync.bind(wx);
  const remove = wx.removeStorageSync.bind(wx);
  jest.spyOn(wx, 'setStorageSync').mockImplementation((key, data) => {
    refuse(key);
    set(key, data);
  });
  jest.spyOn(wx, 'removeStorageSync').mockImplementation((key) => {
    refuse(key);
    remove(key);
  });
  return state;
}

test('an acknowledged spend whose removal storage refused is counted once after a relaunch', async () => {
  let till = await onlineTill();
  const level = till.client.catalog.stockOf(sku.id)! - 1;
  const refusal = refuseNextOutboxWrite(till);
  const { ledger } = till.client;
  const settle = ledger.settle.bind(ledger);
  jest.spyOn(ledger, 'settle').mockImplementation((results: readonly AckResult[]) => {
    // The ack comes through, and storage refuses the sale's removal from the outbox.
    if (results.some((r) => r.status === 'applied')) refusal.armed = true;
    settle(results);
  });
  const { seq, stored } = sellFromStoredValue(till);
  await until(() => refusal.refused === 1, 'the removal refused');
  expectSpentOnce(till, stored, level);
  // The server's changes come after the ack, and are written.
  await until(() => ledger.replica.cursor === server.store.cursor, 'the server changes');
  expect(ledger.persist()).toBe(true);

  // Relaunched: the sale is still in the outbox, known as on the server (not pushed again), and
  // its spend is in the member's balance already.
  till = await relaunch(till, offlineRelaunch);
  expect(till.client.ledger.outbox.size).toBe(1);
  expect(till.client.ledger.outbox.isAcknowledged(seq)).toBe(true);
  expect(till.client.ledger.nextBatch(10, 1 << 20)).toEqual([]);
  expectSpentOnce(till, stored, level);
  await catchUp(till);
  expectSpentOnce(till, stored, level);
});

test('a spend put back at the ack (storage refused its figures) is laid on at its duplicate after a relaunch', async () => {
  let till = await onlineTill();
  const level = till.client.catalog.stockOf(sku.id)! - 1;
  refuseWritesOf(till, 'pos.members.');
  const { orderId, seq, stored } = sellFromStoredValue(till);
  await until(() => server.store.order(orderId) !== undefined, 'the sale on the server');
  await until(() => till.client.ledger.outbox.isAcknowledged(seq), 'the ack');
  expect(till.client.ledger.outbox.size).toBe(1);

  // Relaunched (storage taking writes again): the sale is pushed again and answered duplicate,
  // and the Wi-Fi drops before the catch-up. (The stock level is left out until the catch-up: the
  // history's copy of the sale, written at the ack, stands for the server's level, not written.)
  till = await relaunch(till, offlineRelaunch);
  expectSpentOnce(till, stored);
  const answers = dropAroundAnswers(till, false);
  till.standIn.network.set({ isConnected: true });
  await until(() => answers.duplicateSettled, 'the duplicate answer');
  await until(() => !till.client.sync.isOnline, 'the till offline again');
  expect(till.client.ledger.outbox.size).toBe(0);
  expectSpentOnce(till, stored);
  await catchUp(till);
  expectSpentOnce(till, stored, level);
});
