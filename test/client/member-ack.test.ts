// Between the server's ack of a member operation and its member change (which comes after the ack,
// once the device pulls), the till must not show the member's old figures: the acknowledged effect
// settles into the replica's member, as an acknowledged sale settles into the order history, and
// the server's member change then replaces it.
import { cashTender, type Member } from '@pos/shared';
import { ack, lastOp, offlineTill } from './support/acked-offline';
import { relaunch, shutDownAll } from './support/device';
import { demo } from '../support/test-server';

afterEach(shutDownAll);

// m-0005: ¥20.00 and 40 points.
const phone = '17759203318';
const sku = demo.products.find((p) => p.active && p.soldBy === 'piece')!.skus[0];

test('a top-up acknowledged before its member change keeps the new balance shown', () => {
  const device = offlineTill();
  const { members, ledger } = device.client;
  expect(members.accountOf(phone)?.balance).toBe(2000);
  expect(members.topUp(phone, 5000).ok).toBe(true);
  const op = lastOp(device);
  expect(members.accountOf(phone)?.balance).toBe(7000);

  ack(device, [op]);
  expect(ledger.outbox.size).toBe(0);
  expect(members.unsyncedTopUps).toHaveLength(0);
  const account = members.accountOf(phone)!;
  expect(account.balance).toBe(7000);
  expect(account.syncedBalance).toBe(7000);
  expect(account.pendingTopUps).toBe(0);

  // Settled again (a reconnect's welcome): counted once.
  ledger.welcome(op.seq);
  expect(members.accountOf(phone)?.balance).toBe(7000);

  // The server's member change replaces it.
  const onServer: Member = { ...ledger.replica.members.get('m-0005')!, balance: 7000 };
  ledger.applyChanges([{ kind: 'member', cursor: 2, member: onServer }], 2);
  expect(members.accountOf(phone)?.balance).toBe(7000);
});

test('a top-up acknowledged whose removal from the outbox did not happen yet counts once', () => {
  const device = offlineTill();
  const { members, ledger } = device.client;
  expect(members.topUp(phone, 5000).ok).toBe(true);
  const op = lastOp(device);
  // Storage did not let go of it (the outbox keeps it, marked acknowledged, until it can).
  const remove = jest.spyOn(ledger.outbox, 'remove').mockImplementation(() => {});
  ack(device, [op]);
  expect(ledger.outbox.isAcknowledged(op.seq)).toBe(true);
  expect(members.accountOf(phone)?.balance).toBe(7000);
  expect(members.unsyncedTopUps).toHaveLength(0);
  remove.mockRestore();
  ledger.welcome(op.seq);
  expect(ledger.outbox.size).toBe(0);
  expect(members.accountOf(phone)?.balance).toBe(7000);
});

test('a top-up answered as a duplicate after a relaunch is not laid on the member a second time', async () => {
  let device = offlineTill();
  const { members, ledger } = device.client;
  expect(members.topUp(phone, 5000).ok).toBe(true);
  const op = lastOp(device);
  // Acknowledged, but storage did not let go of it; the server's member change then arrives.
  const remove = jest.spyOn(ledger.outbox, 'remove').mockImplementation(() => {});
  ack(device, [op]);
  remove.mockRestore();
  const onServer: Member = { ...ledger.replica.members.get('m-0005')!, balance: 7000 };
  ledger.applyChanges([{ kind: 'member', cursor: 2, member: onServer }], 2);
  expect(ledger.persist()).toBe(true);

  // Relaunched, the till pushes it again and the server answers that it has it.
  device = await relaunch(device);
  device.client.ledger.settle([{ id: op.id, seq: op.seq, status: 'duplicate' }]);
  expect(device.client.ledger.outbox.size).toBe(0);
  expect(device.client.members.accountOf(phone)?.balance).toBe(7000);
});

test('a sale paid from stored value, acknowledged before the member change: balance and points stay', () => {
  const device = offlineTill();
  const { members, cart, orders } = device.client;
  expect(cart.attachMember(phone).ok).toBe(true);
  expect(cart.addItem(sku.id, 1).ok).toBe(true);
  const total = cart.total;
  const memberId = cart.cart.memberId!;
  const stored = Math.min(1000, total);
  const rest = total - stored;
  const tenders = [{ method: 'stored_value' as const, amount: stored, memberId }];
  const sold = orders.checkout(rest > 0 ? [...tenders, cashTender(rest, rest)] : tenders);
  if (!sold.ok) throw new Error(sold.error.message);
  const before = members.accountOf(phone)!;
  expect(before.balance).toBe(2000 - stored);
  const earned = before.pendingPointsEarned;

  ack(device, [lastOp(device)]);
  const after = members.accountOf(phone)!;
  expect(after.balance).toBe(2000 - stored);
  expect(after.pendingSpent).toBe(0);
  expect(after.points).toBe(40 + earned);
});
