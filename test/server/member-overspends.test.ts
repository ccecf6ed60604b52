// Overspends on a real server after a sale is undone: a refund or void settles what an overspend
// still owes only while it is open, since a manager's resolution means the customer settled it.
import { businessDayOf, pointsEarned, type Member, type Overspend } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { MemberTill, type Sale } from '../support/member-operations';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  type TestServer,
} from '../support/test-server';

const today = businessDayOf(Date.now(), demo.settings);
// Demo members: 陈女士 ¥350.00 and 2680 points; 刘先生 ¥120.00 and 860 points.
const liu = demo.members[1];

let server: TestServer;
let tillA: MemberTill;
let tillB: MemberTill;
let clientA: ProtocolClient;
let clientB: ProtocolClient;

serverForEachTest((started) => (server = started), {
  beforeClose: () => [clientA, clientB].forEach((client) => client.close()),
});
beforeEach(async () => {
  const [a, b] = [await pairTestDevice(server, 'Till 1'), await pairTestDevice(server, 'Till 2')];
  [tillA, tillB] = [new MemberTill(a), new MemberTill(b)];
  clientA = await ProtocolClient.open(server.url, a.token);
  clientB = await ProtocolClient.open(server.url, b.token);
});

const member = (id: string): Member => server.store.state.members[id];

async function pushed(client: ProtocolClient, op: Parameters<ProtocolClient['push']>[0][number]) {
  const { results } = await client.push([op]);
  expect(results[0].status).toBe('applied');
}

/** The manager settles the sale's one overspend with the customer through the route. */
async function resolveOverspendOf(sale: Sale, note: string): Promise<Overspend> {
  const [flagged] = Object.values(server.store.state.overspends).filter(
    (o) => o.orderId === sale.payload.id,
  );
  const resolved = await api<{ overspend: Overspend }>(
    server,
    'POST',
    `/api/members/overspends/${encodeURIComponent(flagged.id)}/resolve`,
    { token: await signIn(server, 'manager'), body: { note } },
  );
  expect(resolved.status).toBe(200);
  return resolved.body.overspend;
}

/** 刘先生's ¥120.00 taken by two tills at once, ¥80.00 each: the second sale is ¥40.00 over. */
async function twoSpendsOfLiu(): Promise<Sale> {
  await pushed(clientA, tillA.sale(liu.id, { qty: 10, storedValue: 8000 }));
  const over = tillB.sale(liu.id, { qty: 10, storedValue: 8000 });
  expect(over.payload.tenders[0]).toMatchObject({ method: 'stored_value', amount: 8000 });
  await pushed(clientB, over);
  expect(member(liu.id).balance).toBe(0);
  return over;
}

describe('an overspend the manager resolved', () => {
  test('a refund of the sale gives the member all the stored value back, not the resolved part again', async () => {
    const over = await twoSpendsOfLiu();
    // He paid the ¥40.00 in cash; the manager marks it so.
    const resolved = await resolveOverspendOf(over, 'paid the rest in cash');
    expect(resolved).toMatchObject({ shortfall: 4000, outstanding: 4000 });

    await pushed(clientB, tillB.refundAll(over));
    expect(member(liu.id).balance).toBe(8000);
    expect(server.store.state.overspends[resolved.id]).toEqual(resolved);
    expect(server.store.state.memberDays[today].returned).toEqual({ count: 1, amount: 8000 });
  });

  test('a void of the sale gives the member all the stored value back', async () => {
    const over = await twoSpendsOfLiu();
    const resolved = await resolveOverspendOf(over, 'paid the rest in cash');
    await pushed(clientB, tillB.voidOf(over));
    expect(member(liu.id).balance).toBe(8000);
    expect(server.store.state.overspends[resolved.id]).toEqual(resolved);
  });

  test('a void gives back all the points a resolved points overspend redeemed', async () => {
    // 刘先生's 860 points: 800 redeemed on one till, then 800 again on another that had not heard.
    await pushed(clientA, tillA.sale(liu.id, { qty: 10, points: 800 }));
    const over = tillB.sale(liu.id, { qty: 10, points: 800 });
    await pushed(clientB, over);
    const earned = pointsEarned(over.payload.total, demo.settings.pointsPerYuan);
    const pointsBefore = member(liu.id).points;
    const resolved = await resolveOverspendOf(over, 'paid for the points in cash');
    expect(resolved).toMatchObject({ kind: 'points', requested: 800 });
    expect(resolved.outstanding).toBe(resolved.shortfall);

    await pushed(clientB, tillB.voidOf(over));
    expect(member(liu.id).points).toBe(pointsBefore - earned + 800);
    expect(server.store.state.overspends[resolved.id]).toEqual(resolved);
    expect(server.store.state.memberDays[today].pointsReturned).toBe(800);
  });

  test('an open overspend is still settled first by a refund that comes before the manager', async () => {
    const over = await twoSpendsOfLiu();
    await pushed(clientB, tillB.refundAll(over));
    expect(member(liu.id).balance).toBe(4000);
    const [flag] = Object.values(server.store.state.overspends);
    expect(flag).toMatchObject({
      outstanding: 0,
      note: 'settled by a refund or void of the order',
    });
  });
});

describe('points a refund or void cannot take back', () => {
  const chen = demo.members[0];

  /**
   * 陈女士 earns 480 points on a ¥480.00 sale, then redeems 3100 of her 3160 on a second one:
   * 65 are left (the second sale earned 5), fewer than the first sale's 480.
   */
  async function chenSpendsHerPoints(): Promise<Sale> {
    const bought = tillA.sale(chen.id, { qty: 40 });
    expect(bought.payload.total).toBe(48000);
    await pushed(clientA, bought);
    await pushed(clientA, tillA.sale(chen.id, { qty: 3, points: 3100 }));
    expect(member(chen.id).points).toBe(65);
    return bought;
  }

  test('a refund takes what the member has and flags the rest as an overspend of the refund', async () => {
    const bought = await chenSpendsHerPoints();
    const refund = tillA.refundAll(bought);
    await pushed(clientA, refund);
    expect(member(chen.id).points).toBe(0);
    const flagged = server.store.state.overspends[`${refund.id}:points`];
    expect(flagged).toEqual({
      id: `${refund.id}:points`,
      kind: 'points',
      memberId: chen.id,
      orderId: bought.payload.id,
      orderNo: bought.payload.orderNo,
      deviceId: tillA.device.deviceId,
      businessDay: today,
      at: refund.payload.createdAt,
      requested: 480,
      covered: 65,
      shortfall: 415,
      outstanding: 415,
      resolvedAt: null,
      resolvedBy: null,
      note: '',
    });

    // It shows where overspends show, and the manager resolves it like the others.
    const token = await signIn(server, 'manager');
    const open = await api<{ overspends: Overspend[] }>(server, 'GET', '/api/members/overspends', {
      token,
    });
    expect(open.body.overspends).toEqual([flagged]);
    const day = await api<{ summary: Record<string, unknown>; overspends: Overspend[] }>(
      server,
      'GET',
      `/api/members/activity?day=${today}`,
      { token },
    );
    expect(day.body.summary).toMatchObject({
      pointsReversed: 65,
      overspends: { points: { count: 1, amount: 415 } },
    });
    expect(day.body.overspends).toEqual([flagged]);
    const resolved = await resolveOverspendOf(bought, 'took ¥4.15 in cash');
    expect(resolved).toMatchObject({ id: flagged.id, resolvedBy: 'staff-manager' });
  });

  test('a void flags what it cannot take back, keyed to the void', async () => {
    const bought = await chenSpendsHerPoints();
    const voided = tillA.voidOf(bought);
    await pushed(clientA, voided);
    expect(member(chen.id).points).toBe(0);
    expect(Object.values(server.store.state.overspends)).toEqual([
      expect.objectContaining({
        id: `${voided.id}:points`,
        kind: 'points',
        orderId: bought.payload.id,
        requested: 480,
        covered: 65,
        outstanding: 415,
      }),
    ]);
  });

  test('a void that returns redeemed points takes the earned points from them: nothing is owed', async () => {
    // 刘先生 redeems 800 of his 860 points and earns 112; 100 more on another sale leave 95.
    const redeemed = tillA.sale(liu.id, { qty: 10, points: 800 });
    await pushed(clientA, redeemed);
    await pushed(clientA, tillA.sale(liu.id, { qty: 2, points: 100 }));
    const earned = pointsEarned(redeemed.payload.total, demo.settings.pointsPerYuan);
    const before = member(liu.id).points;
    expect(before).toBeLessThan(earned);

    await pushed(clientA, tillA.voidOf(redeemed));
    expect(member(liu.id).points).toBe(before + 800 - earned);
    expect(server.store.state.overspends).toEqual({});
    expect(server.store.state.memberDays[today]).toMatchObject({
      pointsReversed: earned,
      pointsReturned: 800,
    });
  });
});
