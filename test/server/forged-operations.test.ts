// What one device's push cannot do to the store's books or another device's, over real WebSockets
// with the data on disk: operations naming another device, or made-up figures, are refused one by
// one (naming what is wrong), the rest of the push is stored and the server goes on.
import { businessDayOf, type Refund } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { deviceOperation, saleOperation, trackedSkus } from '../support/sales';
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

let server: TestServer;
let till1: PairedTestDevice;
let till2: PairedTestDevice;
const clients: ProtocolClient[] = [];
const cashier = 'staff-cashier-1';
const manager = 'staff-manager';

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  till1 = await pairTestDevice(server, 'Till 1', 'tablet');
  till2 = await pairTestDevice(server, 'Till 2', 'tablet');
});

async function open(device: PairedTestDevice): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, device.token, null, { pending: true });
  clients.push(client);
  return client;
}

const op = deviceOperation;

/** A whole cash refund of a sale, given back at `device`. */
function refundOf(
  sale: ReturnType<typeof saleOperation>,
  device: PairedTestDevice,
  seq: number,
): Refund {
  const { payload: order } = sale;
  return {
    id: `${device.deviceId}:refund:${seq}`,
    orderId: order.id,
    deviceId: device.deviceId,
    staffId: cashier,
    approvedBy: manager,
    reason: 'returned',
    createdAt: Date.now(),
    businessDay: order.businessDay,
    lines: order.lines.map((line) => ({ lineId: line.lineId, qty: line.qty, amount: line.total })),
    tenders: [{ method: 'cash', amount: order.total }],
    restock: true,
  };
}

test("a refund naming another device's drawer is refused; the rest of the push is stored", async () => {
  const sale = saleOperation({ device: till1, seq: 1 });
  await (await open(till1)).push([sale]);
  const other = saleOperation({ device: till2, seq: 2 });
  const client = await open(till2);
  const { results } = await client.push([
    op(till2, 'order.refunded', 1, { ...refundOf(sale, till2, 1), deviceId: till1.deviceId }),
    other,
  ]);
  expect(results[0]).toMatchObject({ status: 'refused', error: { code: 'bad_operation' } });
  expect(results[0].error?.message).toMatch(/payload\.deviceId: must be the device that sends/);
  expect(results[1].status).toBe('applied');
  expect(server.store.order(sale.payload.id)).toMatchObject({ status: 'paid', refunds: [] });

  // Made at its own drawer, the same refund is taken.
  const { results: own } = await client.push([
    op(till2, 'order.refunded', 1, refundOf(sale, till2, 1)),
  ]);
  expect(own[0].status).toBe('applied');
  expect(server.store.order(sale.payload.id)?.status).toBe('refunded');
});

test('an order under an id or number of another device is refused, and that device’s own sale is then taken', async () => {
  const real = saleOperation({ device: till1, seq: 1 });
  const forgedId = saleOperation({ device: till2, seq: 1 });
  forgedId.payload = { ...forgedId.payload, id: real.payload.id };
  const forgedNo = saleOperation({ device: till2, seq: 2 });
  forgedNo.payload = {
    ...forgedNo.payload,
    deviceCode: till1.deviceCode,
    orderNo: real.payload.orderNo,
  };
  const own = saleOperation({ device: till2, seq: 3 });
  const { results } = await (await open(till2)).push([forgedId, forgedNo, own]);
  expect(results.map((result) => [result.status, result.error?.code])).toEqual([
    ['refused', 'wrong_device'],
    ['refused', 'wrong_device'],
    ['applied', undefined],
  ]);
  expect(results[0].error?.message).toContain(real.payload.id);
  expect(results[1].error?.message).toContain(till1.deviceCode);

  const { results: tills } = await (await open(till1)).push([real]);
  expect(tills[0].status).toBe('applied');
  expect(server.store.order(real.payload.id)?.deviceId).toBe(till1.deviceId);
});

test("another device's shift cannot be closed or have cash moved by a push; the till's own can", async () => {
  const shiftId = `${till1.deviceId}:shift:1`;
  const at = Date.now() - 60_000;
  await (
    await open(till1)
  ).push([op(till1, 'shift.opened', 1, { shiftId, staffId: cashier, float: 10000, at })]);
  const closed = {
    shiftId,
    staffId: cashier,
    counted: [],
    countedTotal: 0,
    expected: 0,
    note: '',
    approvedBy: null,
    at: at + 1000,
  };
  const moved = {
    shiftId,
    staffId: cashier,
    direction: 'out' as const,
    amount: 5000,
    reason: 'bank',
    at: at + 500,
  };
  const { results } = await (
    await open(till2)
  ).push([
    op(till2, 'shift.cash_moved', 1, moved),
    op(till2, 'shift.closed', 2, closed),
    op(till2, 'shift.opened', 3, { shiftId, staffId: cashier, float: 0, at }),
    op(till2, 'drawer.opened', 4, { shiftId, staffId: cashier, reason: 'change', at: at + 600 }),
  ]);
  for (const result of results) {
    expect(result).toMatchObject({ status: 'refused', error: { code: 'wrong_device' } });
    expect(result.error?.message).toContain(shiftId);
  }
  const manager = await signIn(server);
  const day = businessDayOf(at, demo.settings);
  const { body } = await api<{ report: { z: { shifts: Array<Record<string, unknown>> } } }>(
    server,
    'GET',
    `/api/reports/days/${day}`,
    { token: manager },
  );
  expect(body.report.z.shifts).toEqual([
    expect.objectContaining({ shiftId, cashOut: 0, counted: null, expected: 10000 }),
  ]);

  const { results: own } = await clients[0].push([
    op(till1, 'shift.closed', 2, {
      ...closed,
      counted: [{ denomination: 10000, count: 1 }],
      countedTotal: 10000,
      expected: 10000,
    }),
  ]);
  expect(own[0].status).toBe('applied');
});

test('a shift close whose counted total is not its notes and coins is refused, kept and listed for the manager; the close made right is taken', async () => {
  const shiftId = `${till1.deviceId}:shift:1`;
  const at = Date.now() - 60_000;
  const client = await open(till1);
  await client.push([
    op(till1, 'shift.opened', 1, { shiftId, staffId: cashier, float: 10000, at }),
  ]);
  const counted = [
    { denomination: 5000, count: 1 },
    { denomination: 1000, count: 5 },
  ];
  const close = (countedTotal: number) => ({
    shiftId,
    staffId: cashier,
    counted,
    countedTotal,
    expected: 10000,
    note: '',
    approvedBy: null,
    at: at + 1000,
  });
  // ¥100.00 in the drawer, said to be ¥9,000.00: the day's books would show it as counted.
  const { results } = await client.push([op(till1, 'shift.closed', 2, close(900000))]);
  expect(results[0]).toMatchObject({
    status: 'refused',
    error: { code: 'counted_total_mismatch' },
  });
  expect(results[0].error?.message).toBe(
    `shift ${shiftId}: countedTotal ¥9000.00 is not what the notes and coins counted add up to, ¥100.00`,
  );

  const manager = await signIn(server);
  const day = businessDayOf(at, demo.settings);
  const shiftRows = async () =>
    (
      await api<{ report: { z: { shifts: Array<Record<string, unknown>> } } }>(
        server,
        'GET',
        `/api/reports/days/${day}`,
        { token: manager },
      )
    ).body.report.z.shifts;
  expect(await shiftRows()).toEqual([
    expect.objectContaining({ shiftId, counted: null, expected: 10000 }),
  ]);
  // Refused, not lost: received (no gap) and in the audit with what was counted.
  expect(server.store.device(till1.deviceId)?.ackedSeq).toBe(2);
  const { body } = await api<{ entries: Array<Record<string, unknown>> }>(
    server,
    'GET',
    '/api/reports/audit?kind=operation_refused',
    { token: manager },
  );
  expect(body.entries).toEqual([
    expect.objectContaining({
      kind: 'operation_refused',
      staffId: cashier,
      deviceId: till1.deviceId,
      amount: 10000,
      facts: {
        kind: 'refused',
        operation: 'shift.closed',
        code: 'counted_total_mismatch',
        message: expect.any(String),
      },
    }),
  ]);

  const { results: right } = await client.push([op(till1, 'shift.closed', 3, close(10000))]);
  expect(right[0].status).toBe('applied');
  expect(await shiftRows()).toEqual([
    expect.objectContaining({ shiftId, counted: 10000, variance: 0 }),
  ]);
});

test('a member, refund or top-up id made by another device is refused', async () => {
  const sale = saleOperation({ device: till1, seq: 1 });
  await (await open(till1)).push([sale]);
  const member = demo.members[0];
  const { results } = await (
    await open(till2)
  ).push([
    op(till2, 'member.joined', 1, {
      id: `${till1.deviceId}:member:7`,
      phone: '13900000001',
      name: '',
      level: '',
      points: 0,
      balance: 0,
      joinedAt: Date.now(),
    }),
    op(till2, 'order.refunded', 2, {
      ...refundOf(sale, till2, 2),
      id: `${till1.deviceId}:refund:2`,
    }),
    op(till2, 'member.topped_up', 3, {
      id: `${till1.deviceId}:topup:3`,
      memberId: member.id,
      amount: 1000,
      payment: { method: 'cash' },
      staffId: cashier,
      at: Date.now(),
      businessDay: sale.payload.businessDay,
    }),
  ]);
  for (const result of results)
    expect(result).toMatchObject({ status: 'refused', error: { code: 'wrong_device' } });
  expect(server.store.state.memberAliases[`${till1.deviceId}:member:7`]).toBeUndefined();
  expect(server.store.order(sale.payload.id)?.refunds).toEqual([]);
  expect(server.store.state.members[member.id].balance).toBe(member.balance);
});

test("a device's join naming the member with a line break is refused by name; a clean one is taken", async () => {
  const joined = (seq: number, phone: string, name: string) =>
    op(till1, 'member.joined', seq, {
      id: `${till1.deviceId}:member:${seq}`,
      phone,
      name,
      level: '',
      points: 0,
      balance: 0,
      joinedAt: Date.now(),
    });
  const { results } = await (
    await open(till1)
  ).push([joined(1, '13900000011', '张\n三'), joined(2, '13900000012', '李四')]);
  expect(results[0]).toMatchObject({
    status: 'refused',
    error: {
      code: 'member_name_invalid',
      message: expect.stringMatching(/must not contain control characters/),
    },
  });
  expect(results[1]).toMatchObject({ status: 'applied' });
  const members = Object.values(server.store.state.members);
  expect(members.find((m) => m.phone === '13900000011')).toBeUndefined();
  expect(members.find((m) => m.phone === '13900000012')?.name).toBe('李四');
});

test('numbers past what the books can add up are refused by name; the rest is stored and the server restarts', async () => {
  const skuId = trackedSkus[0].id;
  const at = Date.now() - 60_000;
  const huge = Number.MAX_SAFE_INTEGER - 1000;
  const sale = saleOperation({ device: till1, seq: 4, at });
  const [line] = sale.payload.lines;
  const bigLine = { ...line, unitPrice: huge, amount: huge, total: huge };
  const overflowing = saleOperation({ device: till1, seq: 5, at });
  overflowing.payload = {
    ...overflowing.payload,
    lines: [bigLine, { ...bigLine, lineId: 'L2' }],
  };
  const client = await open(till1);
  const { results } = await client.push([
    op(till1, 'stock.received', 1, { skuId, qty: huge, at }),
    op(till1, 'stock.received', 2, { skuId, qty: huge, at }),
    op(till1, 'shift.opened', 3, {
      shiftId: `${till1.deviceId}:shift:3`,
      staffId: cashier,
      float: huge,
      at,
    }),
    sale,
    overflowing,
  ]);
  expect(results.map((result) => [result.seq, result.status, result.error?.code])).toEqual([
    [1, 'refused', 'bad_operation'],
    [2, 'refused', 'bad_operation'],
    [3, 'refused', 'bad_operation'],
    [4, 'applied', undefined],
    [5, 'refused', 'bad_operation'],
  ]);
  expect(results[0].error?.message).toMatch(/payload\.qty: must be at most 1000000000/);
  expect(results[2].error?.message).toMatch(/payload\.float: must be at most ¥10000000\.00/);
  expect(results[4].error?.message).toMatch(/payload\.lines\.0\.unitPrice/);
  expect(client.closeCode).toBeNull();

  const manager = await signIn(server);
  const day = businessDayOf(at, demo.settings);
  const report = await api(server, 'GET', `/api/reports/days/${day}`, { token: manager });
  expect(report.status).toBe(200);
  client.close();
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  expect(server.store.order(sale.payload.id)).toBeDefined();
});

test('staff the server does not know, or an approval by a cashier, are refused by name', async () => {
  const sale = saleOperation({ device: till1, seq: 1 });
  const client = await open(till1);
  await client.push([sale]);
  const voidBy = (staffId: string, approvedBy: string) => ({
    orderId: sale.payload.id,
    staffId,
    approvedBy,
    reason: 'wrong item',
    at: Date.now(),
    deviceId: till1.deviceId,
  });
  const byNobody = op(till1, 'order.voided', 2, voidBy('nobody', manager));
  const { results } = await client.push([
    byNobody,
    op(till1, 'order.voided', 3, voidBy(cashier, 'staff-cashier-2')),
    op(till1, 'order.refunded', 4, { ...refundOf(sale, till1, 4), approvedBy: cashier }),
    op(till1, 'shift.opened', 5, {
      shiftId: `${till1.deviceId}:shift:5`,
      staffId: 'ghost',
      float: 0,
      at: Date.now(),
    }),
  ]);
  expect(results.map((result) => result.error?.code)).toEqual([
    'staff_unknown',
    'approval_not_manager',
    'approval_not_manager',
    'staff_unknown',
  ]);
  expect(results[0].error?.message).toBe('staff nobody is not known to the server');
  expect(results[1].error?.message).toMatch(/staff-cashier-2\) is not a manager: .* a void/);
  expect(server.store.order(sale.payload.id)?.status).toBe('paid');

  // Recorded as refused, as a refusal by the fold is: received (no gap for the day end to
  // report), and the same answer to a resend, also after a restart.
  const ackedSeq = () => server.store.device(till1.deviceId)?.ackedSeq;
  expect(ackedSeq()).toBe(5);
  client.close();
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  expect(ackedSeq()).toBe(5);
  const again = await open(till1);
  const { results: resent } = await again.push([byNobody]);
  expect(resent[0]).toMatchObject({ status: 'refused', error: { code: 'staff_unknown' } });

  // Approved by the manager, the void is taken.
  const { results: approved } = await again.push([
    op(till1, 'order.voided', 6, voidBy(cashier, manager)),
  ]);
  expect(approved[0].status).toBe('applied');
  expect(server.store.order(sale.payload.id)?.status).toBe('voided');
});

test('a refund made offline on an order another till already refunded is refused and listed for the manager', async () => {
  const sale = saleOperation({ device: till1, seq: 1 });
  await (await open(till1)).push([sale]);
  await clients[0].push([op(till1, 'order.refunded', 2, refundOf(sale, till1, 2))]);
  const late = op(till2, 'order.refunded', 1, refundOf(sale, till2, 1));
  const { results } = await (await open(till2)).push([late]);
  expect(results[0]).toMatchObject({ status: 'refused', error: { code: 'not_refundable' } });

  const token = await signIn(server);
  const { body } = await api<{ entries: Array<Record<string, unknown>> }>(
    server,
    'GET',
    '/api/reports/audit?kind=operation_refused',
    { token },
  );
  expect(body.entries).toEqual([
    expect.objectContaining({
      kind: 'operation_refused',
      staffId: cashier,
      approvedBy: manager,
      deviceId: till2.deviceId,
      amount: sale.payload.total,
      facts: {
        kind: 'refused',
        operation: 'order.refunded',
        code: 'not_refundable',
        message: expect.stringMatching(/^order .* is refunded/),
      },
    }),
  ]);
});
