// Random damage to a till's real operations, pushed over a real WebSocket to a real server: every
// operation is answered, by its sequence; what the shared schema refuses the server refuses as
// `bad_operation`, and nothing damaged crashes the fold (`apply_failed`) or the server. What it
// took is what it holds after a restart from its files (50 days a run, each with new damage; a
// longer hunt: FUZZ_RUNS=6000 npx jest test/server/push-fuzz --testTimeout=900000, about 85 s).
// And a damaged hello, pull or ping: answered, or the socket closed with a code the protocol names.
import fc from 'fast-check';
import {
  businessDayOf,
  cashTender,
  closeCodes,
  operationSchema,
  PROTOCOL_VERSION,
  type AckResult,
  type Operation,
  type OperationPayload,
  type OperationType,
} from '@pos/shared';
import { damageArbitrary, damagedAt, placesIn, type Damage } from '../support/damage';
import { MemberTill } from '../support/member-operations';
import { ProtocolClient } from '../support/protocol-client';
import { deviceOperation, saleOperation, trackedSkus } from '../support/sales';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
const clients: ProtocolClient[] = [];
serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});

const cashier = 'staff-cashier-1';
const member = demo.members[0];

/** A day at one till, as it makes it: every operation type, each valid on its own and in order. */
function tillDay(till: PairedTestDevice): Operation[] {
  const at = Date.now();
  const businessDay = businessDayOf(at, demo.settings);
  const memberTill = new MemberTill(till, at);
  const memberSale = memberTill.sale(member.id, { qty: 2, storedValue: 100 });
  const voidedSale = memberTill.sale(member.id);
  const ops: Operation[] = [memberSale, voidedSale, memberTill.refundAll(memberSale)];
  ops.push(memberTill.voidOf(voidedSale));
  const next = <T extends OperationType>(
    type: T,
    payload: (seq: number) => OperationPayload<T>,
  ) => {
    const seq = ops.length + 1;
    ops.push(deviceOperation(till, type, seq, payload(seq), at));
  };
  const shiftId = `${till.deviceId}:shift:${ops.length + 1}`;
  next('shift.opened', () => ({ shiftId, staffId: cashier, float: 50_000, at }));
  const counterOrder = saleOperation({ device: till, seq: ops.length + 1, toCounter: true, at });
  ops.push(counterOrder);
  next('order.paid', () => ({
    orderId: counterOrder.payload.id,
    cashierId: cashier,
    tenders: [cashTender(counterOrder.payload.total, counterOrder.payload.total)],
    paidAt: at,
    deviceId: till.deviceId,
  }));
  next('shift.cash_moved', () => {
    return { shiftId, staffId: cashier, direction: 'out', amount: 2_000, reason: 'change', at };
  });
  next('stock.counted', () => ({ skuId: trackedSkus[1].id, level: 40, at }));
  next('stock.received', () => ({ skuId: trackedSkus[2].id, qty: 12, at }));
  next('member.joined', (seq) => ({
    id: `${till.deviceId}:member:${seq}`,
    phone: `1390000${String(seq).padStart(4, '0')}`,
    name: '小王',
    level: '',
    points: 0,
    balance: 0,
    joinedAt: at,
  }));
  next('member.topped_up', (seq) => ({
    id: `${till.deviceId}:topup:${seq}`,
    memberId: member.id,
    amount: 10_000,
    payment: { method: 'cash' },
    staffId: cashier,
    at,
    businessDay,
  }));
  next('drawer.opened', () => ({ shiftId, staffId: cashier, reason: 'gave change', at }));
  next('shift.closed', () => ({
    shiftId,
    staffId: cashier,
    counted: [{ denomination: 10_000, count: 5 }],
    countedTotal: 50_000,
    expected: 50_000,
    note: '',
    approvedBy: null,
    at,
  }));
  return ops;
}

/** The operation with one place of its payload or creation time damaged; id and sequence kept. */
function damaged(op: Operation, damage: Damage): Operation {
  return damagedAt(op, [['createdAt'], ...placesIn(op.payload, ['payload'])], damage);
}

async function healthy(): Promise<boolean> {
  const health = await api(server, 'GET', '/api/health');
  return health.status === 200 && health.body.status === 'ok';
}

/** What the server holds, apart from when devices were last seen. */
function held(ops: Operation[]): unknown {
  const { devices, ...state } = server.store.state;
  const orderIds = new Set(
    ops.flatMap((op) => {
      const payload = (op.payload ?? {}) as { id?: unknown; orderId?: unknown };
      return [payload.id, payload.orderId].filter((id) => typeof id === 'string') as string[];
    }),
  );
  return {
    state,
    devices: Object.values(devices).map(({ lastSeenAt: _seen, ...device }) => device),
    orders: [...orderIds].sort().map((id) => server.store.order(id) ?? null),
  };
}

test('damaged operations are each answered, refused by name when the schema says so, and never crash the server', async () => {
  const pushed: Operation[] = [];
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(damageArbitrary, { minLength: 1, maxLength: 4 }), async (damages) => {
      const till = await pairTestDevice(server, `Till ${++runs}`, 'tablet');
      const ops = tillDay(till);
      for (const damage of damages) {
        const at = damage.item % ops.length;
        ops[at] = damaged(ops[at], damage);
      }
      const client = await ProtocolClient.open(server.url, till.token, null, { pending: true });
      clients.push(client);
      const { results } = await client.push(ops);
      pushed.push(...ops);

      expect(results.map((result) => result.seq)).toEqual(ops.map((op) => op.seq));
      results.forEach((result: AckResult, i) => {
        const valid = operationSchema.safeParse(ops[i]).success;
        const seen = `${ops[i].type} ${JSON.stringify(result)}`;
        if (!valid) expect([seen, result.error?.code]).toEqual([seen, 'bad_operation']);
        if (result.status === 'refused') {
          expect([seen, result.error?.code]).not.toEqual([seen, 'apply_failed']);
          expect(result.error?.message.length).toBeGreaterThan(0);
        } else expect([seen, result.status]).toEqual([seen, 'applied']);
      });
      // The socket still answers, and so does the server.
      client.send({ type: 'ping', t: 1 });
      expect(await client.waitFor((m) => m.type === 'pong', 'pong')).not.toBeNull();
      expect(await healthy()).toBe(true);
      client.close();
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 50) },
  );

  const before = held(pushed);
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  expect(held(pushed)).toEqual(before);
  expect(await healthy()).toBe(true);
});

test('an undamaged day at the till is taken whole, so the damage above is what was refused', async () => {
  const till = await pairTestDevice(server, 'Till 1', 'tablet');
  const ops = tillDay(till);
  const client = await ProtocolClient.open(server.url, till.token, null, { pending: true });
  clients.push(client);
  const { results, ackedSeq } = await client.push(ops);
  expect(results.filter((result) => result.status !== 'applied')).toEqual([]);
  expect(ackedSeq).toBe(ops.length);
  expect(new Set(ops.map((op) => op.type)).size).toBe(12);
});

test('a damaged hello, pull or ping is answered or the socket closed with a known code; the server lives on', async () => {
  const till = await pairTestDevice(server, 'Till 1', 'tablet');
  const known = new Set<number>(Object.values(closeCodes));
  const messages = [
    { type: 'hello', protocol: PROTOCOL_VERSION, token: till.token, cursor: null, pending: true },
    { type: 'pull' },
    { type: 'ping', t: 1 },
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.nat(),
      fc.array(damageArbitrary, { minLength: 1, maxLength: 3 }),
      async (which, damages) => {
        let message: unknown = messages[which % messages.length];
        for (const damage of damages) message = damagedAt(message, placesIn(message), damage);
        const client = await ProtocolClient.connect(server.url);
        clients.push(client);
        // Not before a hello: a pull or ping must come after one (the hello itself damaged here).
        client.send(message);
        client.send({ type: 'ping', t: 2 });
        await client.waitFor((m) => m.type === 'pong' || m.type === 'error', 'an answer', 3_000);
        const seen = `${JSON.stringify(message).slice(0, 200)} -> ${JSON.stringify(client.messages).slice(0, 300)} ${client.closeCode}`;
        expect([seen, client.messages.length > 0 || client.closeCode !== null]).toEqual([
          seen,
          true,
        ]);
        if (client.closeCode !== null)
          expect([seen, known.has(client.closeCode)]).toEqual([seen, true]);
        for (const answer of client.messages)
          if (answer.type === 'error')
            expect([seen, answer.message.length > 0]).toEqual([seen, true]);
        client.close();
        expect(await healthy()).toBe(true);
      },
    ),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 50) },
  );
});
