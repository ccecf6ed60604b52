// The drawer's books on the server, over real WebSockets and HTTP: a cash top-up of stored value
// counts in its shift's expected cash in the Z-report (store-wide and scoped, and the frozen close),
// a WeChat Pay one does not; an order voided the next day leaves the shift that sold it as it was
// counted and takes its cash out of the void's shift; a shift running past the business day's
// start (04:00) counts the cash it took after it, and a kiosk order paid after 04:00 counts in the
// shift that took it; a kiosk order paid at the till's counter is the till's in the device reports;
// the drawer opened without a sale is kept and listed in the audit log with who, when, which
// device and why, and survives a restart.
import {
  addBusinessDays,
  businessDayOf,
  cashTender,
  denominations,
  type CashCount,
  type Operation,
  type OperationPayload,
  type OperationType,
} from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { deviceOperation, saleOperation } from '../support/sales';
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
let till: PairedTestDevice;
let manager: string;
const clients: ProtocolClient[] = [];
const cashier = 'staff-cashier-1';
const member = demo.members[0];

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  till = await pairTestDevice(server, 'Till 1', 'tablet');
  manager = await signIn(server);
});

function op<T extends OperationType>(
  type: T,
  seq: number,
  payload: OperationPayload<T>,
  at: number,
): Operation {
  return deviceOperation(till, type, seq, payload, at);
}

/** Notes and coins adding up to `amount` (a close's count must add up to its countedTotal). */
function cashCountOf(amount: number): CashCount {
  let left = amount;
  const count: CashCount = [];
  for (const denomination of denominations) {
    const pieces = Math.floor(left / denomination);
    if (pieces > 0) count.push({ denomination, count: pieces });
    left -= pieces * denomination;
  }
  if (left !== 0) throw new Error(`${amount} fen is no sum of notes and coins`);
  return count;
}

interface ShiftRowView {
  shiftId: string;
  cashSales: number;
  cashVoids: number;
  cashOut: number;
  cashTopUps: number;
  expected: number;
  counted: number | null;
  variance: number | null;
}
interface ZView {
  shifts: ShiftRowView[];
  cash: {
    expected: number;
    counted: number;
    variance: number;
    cashTopUps: number;
    cashVoids: number;
  };
  sales: { total: number };
}

/** A shift on the till: ¥200 float, a cash sale, ¥50 out, ¥300 cash and ¥100 WeChat top-ups. */
async function tillShift(close: boolean) {
  const t0 = Date.now() - 60_000;
  const day = businessDayOf(t0, demo.settings);
  const shiftId = `${till.deviceId}:shift:1`;
  const sale = saleOperation({ device: till, seq: 2, at: t0 + 1000 });
  const topUp = (seq: number, amount: number, wechat: boolean) =>
    op(
      'member.topped_up',
      seq,
      {
        id: `${till.deviceId}:topup:${seq}`,
        memberId: member.id,
        amount,
        payment: wechat ? { method: 'wechat', reference: `wx-${seq}` } : { method: 'cash' },
        staffId: cashier,
        at: t0 + seq * 1000,
        businessDay: day,
      },
      t0 + seq * 1000,
    );
  const ops = [
    op('shift.opened', 1, { shiftId, staffId: cashier, float: 20000, at: t0 }, t0),
    sale,
    topUp(3, 30000, false),
    topUp(4, 10000, true),
    op(
      'shift.cash_moved',
      5,
      {
        shiftId,
        staffId: cashier,
        direction: 'out',
        amount: 5000,
        reason: '交款',
        at: t0 + 5000,
      },
      t0 + 5000,
    ),
  ];
  // float + cash sale - cash out + cash top-up; the WeChat top-up is in no drawer.
  const expected = 20000 + sale.payload.total - 5000 + 30000;
  if (close)
    ops.push(
      op(
        'shift.closed',
        6,
        {
          shiftId,
          staffId: cashier,
          counted: [{ denomination: 10000, count: 4 }],
          countedTotal: 40000,
          expected,
          note: '',
          approvedBy: null,
          at: t0 + 6000,
        },
        t0 + 6000,
      ),
    );
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  const { results } = await socket.push(ops);
  expect(results.map((r) => r.status)).toEqual(ops.map(() => 'applied'));
  return { day, shiftId, sale: sale.payload, expected };
}

it("counts a cash top-up in its shift's expected cash; a WeChat Pay one stays out of the drawer", async () => {
  const { day, shiftId, sale, expected } = await tillShift(false);
  const { body } = await api<{ report: { z: ZView; storedValue: { toppedUp: number } } }>(
    server,
    'GET',
    `/api/reports/days/${day}`,
    { token: manager },
  );
  const z = body.report.z;
  expect(z.shifts).toEqual([
    expect.objectContaining({
      shiftId,
      cashSales: sale.total,
      cashOut: 5000,
      cashTopUps: 30000,
      expected,
      counted: null,
    }),
  ]);
  expect(z.cash).toMatchObject({ expected, cashTopUps: 30000 });
  // Top-ups are not sales: the day's sales are the one order.
  expect(z.sales.total).toBe(sale.total);
  expect(body.report.storedValue.toppedUp).toBe(40000);

  const scoped = await api<{ z: ZView }>(
    server,
    'GET',
    `/api/reports/days/${day}?device=${till.deviceId}`,
    { token: manager },
  );
  expect(scoped.body.z.shifts[0]).toMatchObject({ cashTopUps: 30000, expected });
});

it('the variance of a closed shift is against the expected cash with its top-ups, also in the frozen close', async () => {
  const { day, expected } = await tillShift(true);
  const closed = await api(server, 'POST', `/api/reports/days/${day}/close`, {
    token: manager,
    body: { override: true, note: 'test' },
  });
  expect(closed.status).toBe(201);
  const { body } = await api<{ status: string; report: { z: ZView } }>(
    server,
    'GET',
    `/api/reports/days/${day}`,
    { token: manager },
  );
  expect(body.status).toBe('closed');
  expect(body.report.z.shifts[0]).toMatchObject({
    cashTopUps: 30000,
    expected,
    counted: 40000,
    variance: 40000 - expected,
  });
});

it("takes a void's cash out of the shift it was made in, a day after the sale's shift closed", async () => {
  const now = Date.now();
  const sold = now - 26 * 3_600_000;
  const [saleDay, voidDay] = [
    businessDayOf(sold, demo.settings),
    businessDayOf(now, demo.settings),
  ];
  const approver = demo.staffPins.find((s) => s.role === 'manager')!.staffId;
  const [shiftA, shiftB] = [`${till.deviceId}:shift:1`, `${till.deviceId}:shift:4`];
  const sale = saleOperation({ device: till, seq: 2, at: sold + 1000 });
  const total = sale.payload.total;
  const closeOf = (shiftId: string, seq: number, countedTotal: number, at: number) =>
    op(
      'shift.closed',
      seq,
      {
        shiftId,
        staffId: cashier,
        counted: cashCountOf(countedTotal),
        countedTotal,
        expected: countedTotal,
        note: '',
        approvedBy: null,
        at,
      },
      at,
    );
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  const voidAt = now - 20_000;
  const ops = [
    op('shift.opened', 1, { shiftId: shiftA, staffId: cashier, float: 10000, at: sold }, sold),
    sale,
    closeOf(shiftA, 3, 10000 + total, sold + 2000),
    op(
      'shift.opened',
      4,
      { shiftId: shiftB, staffId: cashier, float: 10000, at: now - 30_000 },
      now - 30_000,
    ),
    op(
      'order.voided',
      5,
      {
        orderId: sale.payload.id,
        staffId: cashier,
        approvedBy: approver,
        reason: 'customer came back',
        at: voidAt,
        deviceId: till.deviceId,
      },
      voidAt,
    ),
    closeOf(shiftB, 6, 10000 - total, now - 10_000),
  ];
  const { results } = await socket.push(ops);
  expect(results.map((r) => r.status)).toEqual(ops.map(() => 'applied'));

  const report = async (day: string) =>
    (
      await api<{ report: { z: ZView } }>(server, 'GET', `/api/reports/days/${day}`, {
        token: manager,
      })
    ).body.report.z;
  const before = await report(saleDay);
  expect(before.shifts).toEqual([
    expect.objectContaining({ shiftId: shiftA, cashSales: total, cashVoids: 0, variance: 0 }),
  ]);
  const after = await report(voidDay);
  expect(after.shifts).toEqual([
    expect.objectContaining({
      shiftId: shiftB,
      cashSales: 0,
      cashVoids: total,
      expected: 10000 - total,
      variance: 0,
    }),
  ]);
  expect(after.cash).toMatchObject({ cashVoids: total, expected: 10000 - total, variance: 0 });

  // Only the device that makes a void can say its drawer handed the cash back.
  const { results: refused } = await socket.push([
    op(
      'order.voided',
      7,
      {
        orderId: sale.payload.id,
        staffId: cashier,
        approvedBy: approver,
        reason: 'x',
        at: now,
        deviceId: 'tab-9999',
      },
      now,
    ),
  ]);
  expect(refused[0]).toMatchObject({ status: 'refused', error: { code: 'bad_operation' } });
  expect(refused[0].error?.message).toMatch(/payload\.deviceId/);
});

/** Epoch ms of a wall-clock time on a business day in the store's time zone (+1 day: the morning after). */
function wallClock(day: string, hour: number, minute = 0, plusDays = 0): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d + plusDays, hour, minute) - demo.settings.utcOffsetMinutes * 60_000;
}

const reportOf = async (day: string) =>
  (
    await api<{ report: { z: ZView; storedValue: { toppedUp: number } } }>(
      server,
      'GET',
      `/api/reports/days/${day}`,
      { token: manager },
    )
  ).body.report;

it('counts the cash a shift took after the business day’s start in the shift, on the day it opened', async () => {
  // Opened 22:00 on `day` with ¥100, a sale at 23:00, one at 04:30 and a ¥30 cash top-up at 04:40
  // (both of the next business day), closed at 05:00 with all of it counted.
  const day = addBusinessDays(businessDayOf(Date.now(), demo.settings), -3);
  const next = addBusinessDays(day, 1);
  const shiftId = `${till.deviceId}:shift:1`;
  const evening = saleOperation({ device: till, seq: 2, at: wallClock(day, 23) });
  const morning = saleOperation({ device: till, seq: 3, at: wallClock(day, 4, 30, 1) });
  const topUpAt = wallClock(day, 4, 40, 1);
  const counted = 10000 + evening.payload.total + morning.payload.total + 3000;
  const ops = [
    op(
      'shift.opened',
      1,
      { shiftId, staffId: cashier, float: 10000, at: wallClock(day, 22) },
      wallClock(day, 22),
    ),
    evening,
    morning,
    op(
      'member.topped_up',
      4,
      {
        id: `${till.deviceId}:topup:4`,
        memberId: member.id,
        amount: 3000,
        payment: { method: 'cash' },
        staffId: cashier,
        at: topUpAt,
        businessDay: next,
      },
      topUpAt,
    ),
    op(
      'shift.closed',
      5,
      {
        shiftId,
        staffId: cashier,
        counted: cashCountOf(counted),
        countedTotal: counted,
        expected: counted,
        note: '',
        approvedBy: null,
        at: wallClock(day, 5, 0, 1),
      },
      wallClock(day, 5, 0, 1),
    ),
  ];
  expect(evening.payload.businessDay).toBe(day);
  expect(morning.payload.businessDay).toBe(next);
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  const { results } = await socket.push(ops);
  expect(results.map((r) => r.status)).toEqual(ops.map(() => 'applied'));

  const opening = await reportOf(day);
  expect(opening.z.shifts).toEqual([
    expect.objectContaining({
      shiftId,
      cashSales: evening.payload.total + morning.payload.total,
      cashTopUps: 3000,
      expected: counted,
      variance: 0,
    }),
  ]);
  expect(opening.z.cash).toMatchObject({ expected: counted, variance: 0 });
  // The day's figures stay the day's: the 04:30 sale and the top-up are the next day's.
  expect(opening.z.sales.total).toBe(evening.payload.total);
  expect(opening.storedValue.toppedUp).toBe(0);
  const following = await reportOf(next);
  expect(following.z.sales.total).toBe(morning.payload.total);
  expect(following.storedValue.toppedUp).toBe(3000);
  expect(following.z.shifts).toEqual([]);
});

it('counts a kiosk order sent to the counter before 04:00 and paid after it in the shift that took it', async () => {
  const kiosk = await pairTestDevice(server, 'Kiosk', 'kiosk');
  const day = addBusinessDays(businessDayOf(Date.now(), demo.settings), -2);
  const placedAt = wallClock(day, 3, 55, 1); // still `day`
  const sent = saleOperation({ device: kiosk, seq: 1, at: placedAt, toCounter: true });
  expect(sent.payload.businessDay).toBe(day);
  const kioskSocket = await ProtocolClient.open(server.url, kiosk.token);
  clients.push(kioskSocket);
  expect((await kioskSocket.push([sent])).results[0].status).toBe('applied');

  const next = addBusinessDays(day, 1);
  const [openedAt, paidAt] = [wallClock(day, 4, 5, 1), wallClock(day, 4, 10, 1)];
  const shiftId = `${till.deviceId}:shift:1`;
  const total = sent.payload.total;
  const ops = [
    op('shift.opened', 1, { shiftId, staffId: cashier, float: 10000, at: openedAt }, openedAt),
    op(
      'order.paid',
      2,
      {
        orderId: sent.payload.id,
        cashierId: cashier,
        tenders: [cashTender(total, total)],
        paidAt,
      },
      paidAt,
    ),
  ];
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  const { results } = await socket.push(ops);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
  const { z } = await reportOf(next);
  expect(z.shifts).toEqual([
    expect.objectContaining({ shiftId, cashSales: total, expected: 10000 + total }),
  ]);
});

it('reports a kiosk order paid at the till’s counter as the till’s, not the kiosk’s', async () => {
  const kiosk = await pairTestDevice(server, 'Kiosk', 'kiosk');
  const at = Date.now() - 60_000;
  const day = businessDayOf(at, demo.settings);
  const sent = saleOperation({ device: kiosk, seq: 1, at, toCounter: true });
  const kioskSocket = await ProtocolClient.open(server.url, kiosk.token);
  clients.push(kioskSocket);
  expect((await kioskSocket.push([sent])).results[0].status).toBe('applied');
  const total = sent.payload.total;
  const shiftId = `${till.deviceId}:shift:1`;
  const paid = {
    orderId: sent.payload.id,
    cashierId: cashier,
    tenders: [cashTender(total, total)],
    paidAt: at + 2000,
    deviceId: till.deviceId,
  };
  const ops = [
    op('shift.opened', 1, { shiftId, staffId: cashier, float: 10000, at: at + 1000 }, at + 1000),
    op('order.paid', 2, paid, at + 2000),
  ];
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  expect((await socket.push(ops)).results.map((r) => r.status)).toEqual(['applied', 'applied']);

  const scoped = async (deviceId: string) =>
    (
      await api<{ z: ZView & { sales: { orderCount: number } } }>(
        server,
        'GET',
        `/api/reports/days/${day}?device=${deviceId}`,
        { token: manager },
      )
    ).body.z;
  const atTill = await scoped(till.deviceId);
  expect(atTill.sales).toMatchObject({ orderCount: 1, total });
  expect(atTill.cash.expected).toBe(10000 + total);
  expect((await scoped(kiosk.deviceId)).sales.orderCount).toBe(0);
});

interface AuditView {
  entries: Array<{
    at: number;
    kind: string;
    staffId: string | null;
    staffName: string | null;
    deviceId: string | null;
    deviceCode: string | null;
    amount: number | null;
    reason: string;
  }>;
}

it('lists the drawer opened without a sale in the audit log: who, when, which device, why; after a restart too', async () => {
  const at = Date.now() - 10_000;
  const shiftId = `${till.deviceId}:shift:1`;
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  const { results } = await socket.push([
    op('shift.opened', 1, { shiftId, staffId: cashier, float: 0, at: at - 1000 }, at - 1000),
    op('drawer.opened', 2, { shiftId, staffId: cashier, reason: '找零给隔壁店', at }, at),
    op(
      'drawer.opened',
      3,
      { shiftId: null, staffId: cashier, reason: '核对现金', at: at + 1 },
      at + 1,
    ),
  ]);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  const staffName = demo.staffPins.find((s) => s.staffId === cashier)!.name;
  const expected = [
    {
      at: at + 1,
      kind: 'drawer_no_sale',
      staffId: cashier,
      staffName,
      deviceId: till.deviceId,
      deviceCode: till.deviceCode,
      amount: null,
      reason: '核对现金',
    },
    {
      at,
      kind: 'drawer_no_sale',
      staffId: cashier,
      staffName,
      deviceId: till.deviceId,
      deviceCode: till.deviceCode,
      amount: null,
      reason: '找零给隔壁店',
    },
  ];
  const audit = () =>
    api<AuditView>(server, 'GET', '/api/reports/audit?kind=drawer_no_sale', { token: manager });
  expect((await audit()).body.entries).toEqual(expected.map((e) => expect.objectContaining(e)));

  // A replay of the same operation is a duplicate: still listed once.
  const again = await socket.push([
    op('drawer.opened', 2, { shiftId, staffId: cashier, reason: '找零给隔壁店', at }, at),
  ]);
  expect(again.results[0].status).toBe('duplicate');
  expect((await audit()).body.entries).toHaveLength(2);

  const cashierToken = await signIn(server, 'cashier');
  const refused = await api(server, 'GET', '/api/reports/audit', { token: cashierToken });
  expect(refused.status).toBe(403);

  for (const client of clients.splice(0)) client.close();
  const dataDir = server.dataDir;
  await server.close();
  server = await startTestServer({ dataDir });
  manager = await signIn(server);
  expect((await audit()).body.entries).toEqual(expected.map((e) => expect.objectContaining(e)));
});

it('refuses a push with a drawer opening that gives no reason, naming the field', async () => {
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  const at = Date.now();
  const { results } = await socket.push([
    op('drawer.opened', 1, { shiftId: null, staffId: cashier, reason: ' ', at }, at),
  ]);
  expect(results[0]).toMatchObject({ status: 'refused', error: { code: 'bad_operation' } });
  expect(results[0].error?.message).toMatch(/payload\.reason/);
  const { body } = await api<AuditView>(server, 'GET', '/api/reports/audit', { token: manager });
  expect(body.entries.filter((e) => e.kind === 'drawer_no_sale')).toEqual([]);
});
