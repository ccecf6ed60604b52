// Membership on a real server over HTTP and WebSocket: offline joins merged by phone, top-ups,
// points earned and redeemed, and stored value that never goes below zero (overspends flagged).
import {
  addItem,
  attachMember,
  businessDayOf,
  emptyCart,
  indexCatalog,
  operationId,
  orderId,
  orderNumber,
  placeOrder,
  pointsEarned,
  priceCart,
  type Change,
  type Member,
  type Operation,
  type Order,
  type Overspend,
  type Tender,
  type TopUp,
} from '@pos/shared';
import { emptyState, stateSchema } from '../../sync-server/store/state';
import { ProtocolClient } from '../support/protocol-client';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

const catalog = indexCatalog(demo.products);
const sku = demo.products.find((p) => p.soldBy === 'piece' && p.active)!.skus[0];
const now = Date.now();
const today = businessDayOf(now, demo.settings);
// Demo members: 陈女士 ¥350.00 and 2680 points; 刘先生 ¥120.00 and 860 points.
const chen = demo.members[0];
const liu = demo.members[1];

let server: TestServer;
let till: PairedTestDevice;
let phone: PairedTestDevice;
const clients: ProtocolClient[] = [];
const seqs = new Map<string, number>();

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  till = await pairTestDevice(server, 'Till 1', 'tablet');
  phone = await pairTestDevice(server, 'Phone 1', 'phone');
  seqs.clear();
});

async function open(device: PairedTestDevice): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, device.token);
  clients.push(client);
  return client;
}

function nextSeq(device: PairedTestDevice): number {
  const seq = (seqs.get(device.deviceId) ?? 0) + 1;
  seqs.set(device.deviceId, seq);
  return seq;
}

function envelope<T extends Operation['type']>(
  device: PairedTestDevice,
  type: T,
  payload: Extract<Operation, { type: T }>['payload'],
): Operation {
  const seq = nextSeq(device);
  return {
    id: operationId(device.deviceId, seq),
    deviceId: device.deviceId,
    seq,
    createdAt: now,
    type,
    payload,
  } as Operation;
}

function joined(device: PairedTestDevice, phoneNo: string, extra: Partial<Member> = {}): Operation {
  const seq = (seqs.get(device.deviceId) ?? 0) + 1;
  return envelope(device, 'member.joined', {
    id: `${device.deviceId}:member:${seq}`,
    phone: phoneNo,
    name: '',
    level: '',
    points: 0,
    balance: 0,
    joinedAt: now,
    ...extra,
  });
}

function toppedUp(device: PairedTestDevice, memberId: string, amount: number): Operation {
  const seq = (seqs.get(device.deviceId) ?? 0) + 1;
  return envelope(device, 'member.topped_up', {
    id: `${device.deviceId}:topup:${seq}`,
    memberId,
    amount,
    payment: { method: 'cash' },
    staffId: 'staff-cashier-1',
    at: now,
    businessDay: today,
  });
}

/** A member's sale of `qty` of one SKU, paid by stored value up to `storedValue`, the rest cash. */
/** The sale voided by the cashier with the manager's approval, a second after it was made. */
function voidOf(sale: { payload: { id: string } }): Operation {
  return envelope(till, 'order.voided', {
    orderId: sale.payload.id,
    staffId: 'staff-cashier-1',
    approvedBy: 'staff-manager',
    reason: 'rang up by mistake',
    at: now + 1000,
  });
}

function memberSale(
  device: PairedTestDevice,
  memberId: string,
  options: { qty?: number; storedValue?: number; points?: number } = {},
): Operation & { type: 'order.placed' } {
  let cart = attachMember(emptyCart(), memberId);
  cart = addItem(cart, { skuId: sku.id, qty: options.qty ?? 1 });
  if (options.points) cart = { ...cart, pointsToRedeem: options.points };
  const priced = priceCart(cart, { catalog, settings: demo.settings });
  const fromBalance = Math.min(options.storedValue ?? 0, priced.total);
  const tenders: Tender[] = [];
  if (fromBalance > 0) tenders.push({ method: 'stored_value', amount: fromBalance, memberId });
  if (priced.total > fromBalance) {
    const cash = priced.total - fromBalance;
    tenders.push({ method: 'cash', amount: cash, tendered: cash, change: 0 });
  }
  const seq = (seqs.get(device.deviceId) ?? 0) + 1;
  const placed = placeOrder({
    priced,
    tenders,
    id: orderId(device.deviceId, today, seq),
    orderNo: orderNumber(device.deviceCode, today, seq),
    device: { id: device.deviceId, code: device.deviceCode },
    businessDay: today,
    createdAt: now,
    cashierId: 'staff-cashier-1',
    memberId,
    source: 'register',
    approvals: [],
  });
  if (!placed.ok) throw new Error(placed.error.message);
  return envelope(device, 'order.placed', placed.value) as Operation & { type: 'order.placed' };
}

const member = (id: string): Member => server.store.state.members[id];
const memberChanges = (client: ProtocolClient): Member[] =>
  client
    .changes()
    .filter((c): c is Extract<Change, { kind: 'member' }> => c.kind === 'member')
    .map((c) => c.member);

describe('joining', () => {
  test('a provisional member id sent again under another sequence is refused: it keeps leading to its member', async () => {
    const client = await open(till);
    const first = joined(till, '13700003333', { name: '新顾客' });
    // The same provisional id again, with another member's phone.
    const again = envelope(till, 'member.joined', {
      ...(first.payload as Member),
      phone: liu.phone,
    });
    const { results } = await client.push([first, again]);
    expect(results[0].status).toBe('applied');
    expect(results[1]).toMatchObject({
      status: 'refused',
      error: { code: 'id_sequence_mismatch' },
    });
    const joinedId = server.store.memberByPhone('13700003333')!.id;
    expect(server.store.state.memberAliases[`${till.deviceId}:member:1`]).toBe(joinedId);
    expect(member(liu.id).aliases ?? []).toEqual([]);
  });

  test('offline joins of one phone on two devices become one member; both ids lead to it', async () => {
    const [a, b] = [await open(till), await open(phone)];
    const fromTill = joined(till, '13700001111', { name: '新顾客' });
    const fromPhone = joined(phone, '13700001111');
    expect((await a.push([fromTill])).results[0].status).toBe('applied');
    expect((await b.push([fromPhone])).results[0].status).toBe('applied');

    const kept = server.store.memberByPhone('13700001111')!;
    expect(
      Object.values(server.store.state.members).filter((m) => m.phone === kept.phone),
    ).toHaveLength(1);
    // A server id, never a device's provisional one; both provisional ids are its aliases.
    expect(kept.id).toMatch(/^m-\d{4}$/);
    expect(demo.members.map((m) => m.id)).not.toContain(kept.id);
    const provisional = [`${till.deviceId}:member:1`, `${phone.deviceId}:member:1`];
    expect(kept.aliases).toEqual(provisional);
    expect(kept.name).toBe('新顾客');

    // Every device learns the mapping through sync.
    await a.waitFor(() => memberChanges(a).some((m) => m.aliases?.length === 2), 'the merge');
    for (const id of provisional) {
      const found = await api<{ member: Member }>(
        server,
        'GET',
        `/api/members/${encodeURIComponent(id)}`,
        {
          token: till.token,
        },
      );
      expect(found.body.member.id).toBe(kept.id);
    }

    // An order naming the phone's provisional id is the member's: points land on it.
    const sale = memberSale(phone, provisional[1], { qty: 2 });
    expect((await b.push([sale])).results[0].status).toBe('applied');
    expect(member(kept.id).points).toBe(
      pointsEarned(sale.payload.total, demo.settings.pointsPerYuan),
    );

    // Kept across a restart, with the serial: the next new member gets the next id.
    await server.close();
    server = await startTestServer({ dataDir: server.dataDir });
    expect(server.store.memberByPhone('13700001111')!.aliases).toEqual(provisional);
    const next = await api<{ member: Member; created: boolean }>(server, 'POST', '/api/members', {
      token: till.token,
      body: { phone: '13700002222' },
    });
    expect(next.status).toBe(201);
    expect(next.body.member.id > kept.id).toBe(true);
  });

  test('a join names no balance or points: the server starts the member at zero', async () => {
    const client = await open(till);
    await client.push([joined(till, '13700003333', { points: 99999, balance: 500000 })]);
    const kept = server.store.memberByPhone('13700003333')!;
    expect([kept.points, kept.balance]).toEqual([0, 0]);
  });

  test('a join with a known phone is merged into the member who has it', async () => {
    const client = await open(till);
    await client.push([joined(till, chen.phone)]);
    expect(member(chen.id).aliases).toEqual([`${till.deviceId}:member:1`]);
    expect(member(chen.id).balance).toBe(chen.balance);
    const activity = await api<{ summary: { joined: number; merged: number } }>(
      server,
      'GET',
      `/api/members/activity?day=${today}`,
      { token: till.token },
    );
    expect(activity.body.summary).toMatchObject({ joined: 0, merged: 1 });
  });

  test('online, the server joins by phone; the same phone again is the same member', async () => {
    const first = await api<{ member: Member; created: boolean }>(server, 'POST', '/api/members', {
      token: till.token,
      body: { phone: '13700004444', name: '王' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      member: { phone: '13700004444', name: '王', balance: 0 },
    });
    const again = await api<{ member: Member; created: boolean }>(server, 'POST', '/api/members', {
      token: till.token,
      body: { phone: '13700004444' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, member: { id: first.body.member.id } });

    const bad = await api(server, 'POST', '/api/members', {
      token: till.token,
      body: { phone: '1234' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'phone_invalid' } });
    const anonymous = await api(server, 'POST', '/api/members', { body: { phone: '13700005555' } });
    expect(anonymous.status).toBe(401);
  });
});

describe('stored value', () => {
  test('a cash top-up adds to the balance and to the day, per device drawer', async () => {
    const client = await open(till);
    const { results } = await client.push([toppedUp(till, liu.id, 20000)]);
    expect(results[0].status).toBe('applied');
    expect(member(liu.id).balance).toBe(liu.balance + 20000);
    const activity = await api<{ summary: { topUps: unknown; cashTopUpsByDevice: unknown } }>(
      server,
      'GET',
      `/api/members/activity?day=${today}`,
      { token: till.token },
    );
    expect(activity.body.summary).toMatchObject({
      topUps: { cash: { count: 1, amount: 20000 }, wechat: { count: 0, amount: 0 } },
      cashTopUpsByDevice: { [till.deviceId]: 20000 },
    });
  });

  test('a top-up for a member the server does not know is refused, naming why', async () => {
    const client = await open(till);
    const { results } = await client.push([toppedUp(till, 'nobody', 1000)]);
    expect(results[0]).toMatchObject({ status: 'refused', error: { code: 'member_unknown' } });
  });

  test('a top-up id sent again under another sequence is refused: the balance is credited once', async () => {
    const client = await open(till);
    const first = toppedUp(till, liu.id, 20000);
    const again = envelope(till, 'member.topped_up', first.payload as TopUp);
    const { results } = await client.push([first, again]);
    expect(results[0].status).toBe('applied');
    expect(results[1]).toMatchObject({
      status: 'refused',
      error: { code: 'id_sequence_mismatch' },
    });
    expect(results[1].error?.message).toMatch(/top-up .*:topup:1 .* sequence 2/);
    expect(member(liu.id).balance).toBe(liu.balance + 20000);
    expect(server.store.state.memberDays[today].topUps.cash).toEqual({ count: 1, amount: 20000 });
  });

  test('two devices spending at once never take a balance below zero; the overspend is flagged, the sales kept', async () => {
    const [a, b] = [await open(till), await open(phone)];
    // 刘先生 has ¥120.00; each device sells ¥80.00 from it at the same moment.
    const saleA = memberSale(till, liu.id, { qty: 10, storedValue: 8000 });
    const saleB = memberSale(phone, liu.id, { qty: 10, storedValue: 8000 });
    expect(saleA.payload.tenders[0]).toMatchObject({ method: 'stored_value', amount: 8000 });
    const [ackA, ackB] = await Promise.all([a.push([saleA]), b.push([saleB])]);
    expect([ackA.results[0].status, ackB.results[0].status]).toEqual(['applied', 'applied']);

    expect(member(liu.id).balance).toBe(0);
    expect(server.store.order(saleA.payload.id)).toBeDefined();
    expect(server.store.order(saleB.payload.id)).toBeDefined();
    // No member record any device saw went below zero.
    await a.waitFor(
      () => memberChanges(a).filter((m) => m.id === liu.id).length >= 2,
      'both spends',
    );
    expect(memberChanges(a).every((m) => m.balance >= 0)).toBe(true);

    const flagged = await api<{ overspends: Overspend[] }>(
      server,
      'GET',
      '/api/members/overspends',
      {
        token: till.token,
      },
    );
    expect(flagged.body.overspends).toHaveLength(1);
    expect(flagged.body.overspends[0]).toMatchObject({
      kind: 'stored_value',
      memberId: liu.id,
      requested: 8000,
      covered: 4000,
      shortfall: 4000,
      outstanding: 4000,
      resolvedAt: null,
    });

    // The manager settles it with the customer and marks it resolved.
    const id = flagged.body.overspends[0].id;
    const cashier = await api(
      server,
      'POST',
      `/api/members/overspends/${encodeURIComponent(id)}/resolve`,
      {
        token: await signIn(server, 'cashier'),
        body: { note: 'paid the rest in cash' },
      },
    );
    expect(cashier.status).toBe(403);
    const manager = await signIn(server, 'manager');
    const resolved = await api<{ overspend: Overspend }>(
      server,
      'POST',
      `/api/members/overspends/${encodeURIComponent(id)}/resolve`,
      { token: manager, body: { note: 'paid the rest in cash' } },
    );
    expect(resolved.body.overspend).toMatchObject({
      note: 'paid the rest in cash',
      resolvedBy: 'staff-manager',
    });
    const twice = await api(
      server,
      'POST',
      `/api/members/overspends/${encodeURIComponent(id)}/resolve`,
      {
        token: manager,
      },
    );
    expect(twice.status).toBe(409);
    const open_ = await api<{ overspends: Overspend[] }>(server, 'GET', '/api/members/overspends', {
      token: manager,
    });
    expect(open_.body.overspends).toHaveLength(0);
    const day = await api<{
      overspends: Overspend[];
      summary: { spent: unknown; overspends: unknown };
    }>(server, 'GET', `/api/members/activity?day=${today}`, { token: manager });
    expect(day.body.overspends).toHaveLength(1);
    expect(day.body.summary).toMatchObject({
      spent: { count: 2, amount: 12000 },
      overspends: { storedValue: { count: 1, amount: 4000 } },
    });
  });

  test('many spends from two devices at once: what is covered never exceeds the balance', async () => {
    const [a, b] = [await open(till), await open(phone)];
    // 陈女士 has ¥350.00; ten spends of ¥40.00 split over two devices, pushed together.
    const spends = (device: PairedTestDevice) =>
      Array.from({ length: 5 }, () => memberSale(device, chen.id, { qty: 10, storedValue: 4000 }));
    const [opsA, opsB] = [spends(till), spends(phone)];
    await Promise.all([a.push(opsA), b.push(opsB)]);
    expect(member(chen.id).balance).toBe(0);
    const flagged = Object.values(server.store.state.overspends);
    const shortfall = flagged.reduce((sum, o) => sum + o.shortfall, 0);
    expect(shortfall).toBe(10 * 4000 - chen.balance);
    expect(server.store.ordersOfDay(today)).toHaveLength(10);
  });

  test('a void gives stored value and redeemed points back and takes the earned points', async () => {
    const client = await open(till);
    const sale = memberSale(till, chen.id, { qty: 2, storedValue: 1000, points: 500 });
    expect(sale.payload.pointsRedeemed).toEqual({ points: 500, discount: 500 });
    await client.push([sale]);
    const earned = pointsEarned(sale.payload.total, demo.settings.pointsPerYuan);
    expect(member(chen.id)).toMatchObject({
      balance: chen.balance - 1000,
      points: chen.points - 500 + earned,
    });
    const voided = voidOf(sale);
    expect((await client.push([voided])).results[0].status).toBe('applied');
    expect(member(chen.id)).toMatchObject({ balance: chen.balance, points: chen.points });
  });

  test('a void after the points rate changed takes back the points the sale earned, not more', async () => {
    const client = await open(till);
    const sale = memberSale(till, chen.id, { qty: 2 });
    await client.push([sale]);
    const earned = pointsEarned(sale.payload.total, demo.settings.pointsPerYuan);
    expect(earned).toBeGreaterThan(0);
    expect(member(chen.id).points).toBe(chen.points + earned);
    // The store now gives five times the points per yuan.
    const settings = server.store.settings;
    await server.store.commit({
      kind: 'settings.saved',
      settings: { ...settings, pointsPerYuan: settings.pointsPerYuan * 5 },
    });
    const voided = voidOf(sale);
    expect((await client.push([voided])).results[0].status).toBe('applied');
    expect(member(chen.id).points).toBe(chen.points);
    expect(server.store.state.memberDays[today].pointsReversed).toBe(earned);
  });

  test('a refund of an overspent order settles the shortfall before crediting the balance', async () => {
    const client = await open(till);
    // 刘先生 spends more than his ¥120.00 (offline, say): the difference is flagged.
    const sale = memberSale(till, liu.id, { qty: 20, storedValue: 1_000_000 });
    const total = sale.payload.total;
    expect(total).toBeGreaterThan(12000);
    expect(sale.payload.tenders).toEqual([
      expect.objectContaining({ method: 'stored_value', amount: total }),
    ]);
    await client.push([sale]);
    expect(member(liu.id).balance).toBe(0);
    const order: Order = sale.payload;
    const refund = envelope(till, 'order.refunded', {
      id: `${till.deviceId}:refund:${(seqs.get(till.deviceId) ?? 0) + 1}`,
      orderId: order.id,
      deviceId: till.deviceId,
      staffId: 'staff-cashier-1',
      approvedBy: 'staff-manager',
      reason: 'returned',
      createdAt: now + 1000,
      businessDay: today,
      lines: [{ lineId: order.lines[0].lineId, qty: 20, amount: order.lines[0].total }],
      tenders: [{ method: 'stored_value', amount: total }],
      restock: true,
    });
    expect((await client.push([refund])).results[0].status).toBe('applied');
    // All of it back: the shortfall settles what was never taken, ¥120.00 returns to the balance.
    expect(member(liu.id).balance).toBe(12000);
    const [flag] = Object.values(server.store.state.overspends);
    expect(flag).toMatchObject({ outstanding: 0, shortfall: total - 12000 });
    expect(flag.resolvedAt).not.toBeNull();
  });
});

test('a checkpoint written before members had overspends, day figures and points rates still opens', () => {
  const older = JSON.parse(JSON.stringify(emptyState(demo.settings))) as Record<string, unknown>;
  delete older.memberSerial;
  delete older.overspends;
  delete older.memberDays;
  delete older.pointsRates;
  const parsed = stateSchema.parse(older);
  expect(parsed).toMatchObject({
    memberSerial: 0,
    overspends: {},
    memberDays: {},
    pointsRates: {},
  });
});
