// Between the server's ack of a sale, a goods receipt or an offline join and the changes that
// follow it (stock, member: sent after the ack, once the device pulls), the till must not show
// an older state: the acknowledged effect settles into the replica's copy, as an acknowledged
// sale settles into the order history, and the server's change then replaces it.
import { isProvisionalMemberId, type Member } from '@pos/shared';
import { ack, lastOp, offlineTill } from './support/acked-offline';
import { shutDownAll } from './support/device';
import { recordSales } from './support/offline-seed';
import { trackedSkus } from '../support/sales';

afterEach(shutDownAll);

const sku = trackedSkus[0];

test('a sale acknowledged before its stock change keeps the stock it took off', () => {
  const device = offlineTill();
  const { catalog, ledger } = device.client;
  const before = catalog.stockOf(sku.id)!;
  const ops = recordSales(ledger, { now: () => Date.now() }, 2);
  expect(catalog.stockOf(sku.id)).toBe(before - 2);

  ack(device, ops.slice(0, 1));
  expect(ledger.outbox.size).toBe(1);
  expect(catalog.stockOf(sku.id)).toBe(before - 2);
  ack(device, ops.slice(1));
  expect(ledger.outbox.size).toBe(0);
  expect(catalog.stockOf(sku.id)).toBe(before - 2);

  // Settled again (a reconnect's welcome): taken off once.
  ledger.welcome(ops[1].seq);
  expect(catalog.stockOf(sku.id)).toBe(before - 2);

  // The server's stock change replaces it.
  const level = { ...ledger.replica.stock.get(sku.id)!, level: before - 2 };
  ledger.applyChanges([{ kind: 'stock', cursor: 2, stock: level }], 2);
  expect(catalog.stockOf(sku.id)).toBe(before - 2);
});

test('goods received and a count, acknowledged before the stock change, stay shown', () => {
  const device = offlineTill();
  const { catalog } = device.client;
  const before = catalog.stockOf(sku.id)!;
  expect(catalog.receiveStock(sku.id, 5).ok).toBe(true);
  const received = lastOp(device);
  expect(catalog.stockOf(sku.id)).toBe(before + 5);
  ack(device, [received]);
  expect(catalog.stockOf(sku.id)).toBe(before + 5);

  expect(catalog.countStock(sku.id, 3).ok).toBe(true);
  ack(device, [lastOp(device)]);
  expect(catalog.stockOf(sku.id)).toBe(3);
});

test('an acknowledged receipt whose removal did not happen yet counts once', () => {
  const device = offlineTill();
  const { catalog, ledger } = device.client;
  const before = catalog.stockOf(sku.id)!;
  expect(catalog.receiveStock(sku.id, 5).ok).toBe(true);
  const received = lastOp(device);
  const remove = jest.spyOn(ledger.outbox, 'remove').mockImplementation(() => {});
  ack(device, [received]);
  expect(ledger.outbox.isAcknowledged(received.seq)).toBe(true);
  expect(catalog.stockOf(sku.id)).toBe(before + 5);
  remove.mockRestore();
  ledger.welcome(received.seq);
  expect(ledger.outbox.size).toBe(0);
  expect(catalog.stockOf(sku.id)).toBe(before + 5);
});

test('a member joined offline stays at the till between its ack and the merged member', () => {
  const device = offlineTill();
  const { catalog, members, ledger } = device.client;
  const phone = '13900001111';
  expect(catalog.findMember(phone)).toBeNull();
  const joined = members.join(phone, '小王');
  if (!joined.ok) throw new Error(joined.error.message);
  const provisionalId = joined.value.id;
  expect(isProvisionalMemberId(provisionalId)).toBe(true);
  expect(members.accountOf(phone)?.provisional).toBe(true);
  const count = catalog.members.length;

  ack(device, [lastOp(device)]);
  expect(ledger.outbox.size).toBe(0);
  expect(catalog.findMember(phone)?.id).toBe(provisionalId);
  expect(catalog.memberById(provisionalId)?.phone).toBe(phone);
  expect(catalog.members).toHaveLength(count);
  expect(members.accountOf(phone)?.balance).toBe(0);

  // A top-up on it, acknowledged before the member change: the balance stays too.
  expect(members.topUp(phone, 3000).ok).toBe(true);
  ack(device, [lastOp(device)]);
  expect(members.accountOf(phone)?.balance).toBe(3000);

  // The server's merged member replaces the device's copy: one member with that phone.
  const merged: Member = {
    ...joined.value,
    id: 'm-0999',
    balance: 3000,
    aliases: [provisionalId],
  };
  ledger.applyChanges([{ kind: 'member', cursor: 2, member: merged }], 2);
  expect(catalog.members.filter((m) => m.phone === phone)).toEqual([merged]);
  expect(ledger.replica.members.get(provisionalId)).toBeUndefined();
  expect(catalog.memberById(provisionalId)?.id).toBe('m-0999');
  expect(members.accountOf(phone)?.balance).toBe(3000);
  expect(catalog.members).toHaveLength(count);
});

test('a join naming the member with a line break is refused at the till, nothing saved or queued', () => {
  const device = offlineTill();
  const { catalog, members, ledger } = device.client;
  const outboxBefore = ledger.outbox.size;
  const refused = members.join('13900002222', '张\n三');
  expect(refused).toMatchObject({ ok: false, error: { code: 'member_name_invalid' } });
  expect(ledger.outbox.size).toBe(outboxBefore);
  expect(catalog.findMember('13900002222')).toBeNull();
  // The name as typed, spaces around it trimmed, is what is saved.
  const joined = members.join('13900002222', ' 张三 ');
  expect(joined).toMatchObject({ ok: true, value: { name: '张三' } });
});

test('a count of a SKU this catalog does not have is refused here, as the server would', () => {
  const device = offlineTill();
  const { catalog, ledger } = device.client;
  const outboxBefore = ledger.outbox.size;
  expect(catalog.countStock('no-such-sku', 3)).toMatchObject({
    ok: false,
    error: { code: 'sku_unknown', message: expect.stringMatching(/no-such-sku/) },
  });
  expect(ledger.outbox.size).toBe(outboxBefore);
});
