// Day end over real HTTP and WebSockets: completeness with a gap and an unsynced device, closing
// the day (refused, then overridden with a note), a late operation after the close carried on the
// next report, the frozen report surviving a restart, CSV exports and the audit trail.
import { addBusinessDays, businessDayOf, type Operation } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
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
let phone: PairedTestDevice;
let manager: string;
const clients: ProtocolClient[] = [];
const today = () => businessDayOf(Date.now(), demo.settings);

interface ReportView {
  status: 'open' | 'closed';
  blockers: Array<{ code: string; message: string }>;
  report: {
    z: { sales: { orderCount: number; total: number }; netSales: number };
    completeness: {
      final: boolean;
      devices: Array<{ code: string; final: boolean; problems: Array<Record<string, unknown>> }>;
    };
    lateAdjustments: {
      count: number;
      netSales: number;
      list: Array<{ forDay: string; opId: string }>;
    };
  };
  lateSinceClose: Array<{ opId: string }>;
  close: { closedBy: string; note: string; overridden: unknown[] } | null;
}

async function open(device: PairedTestDevice): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, device.token);
  clients.push(client);
  return client;
}

const report = (day: string) =>
  api<ReportView>(server, 'GET', `/api/reports/days/${day}`, { token: manager });

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  till = await pairTestDevice(server, 'Till 1', 'tablet');
  phone = await pairTestDevice(server, 'Floor phone', 'phone');
  manager = await signIn(server);
});

/** The till sells orders 1, 2 and 4 (3 is lost on the way); the phone sells one and goes away. */
/** The till gives back its sale's first line in cash today, as operation `seq`. */
function cashRefundOfFirstLine(
  sale: ReturnType<typeof saleOperation>,
  seq: number,
  reason: string,
): Operation {
  const [line] = sale.payload.lines;
  return {
    id: `${till.deviceId}:${seq}`,
    deviceId: till.deviceId,
    seq,
    createdAt: Date.now(),
    type: 'order.refunded',
    payload: {
      id: `${till.deviceId}:refund:${seq}`,
      orderId: sale.payload.id,
      deviceId: till.deviceId,
      staffId: 'staff-cashier-1',
      approvedBy: 'staff-manager',
      reason,
      createdAt: Date.now(),
      businessDay: today(),
      lines: [{ lineId: line.lineId, qty: 1, amount: line.total }],
      tenders: [{ method: 'cash', amount: line.total }],
      restock: true,
    },
  };
}

async function sellWithAGap(): Promise<Operation> {
  const tillSocket = await open(till);
  const sales = [1, 2, 3, 4].map((seq) => saleOperation({ device: till, seq }));
  await tillSocket.push([sales[0], sales[1], sales[3]]);
  const phoneSocket = await open(phone);
  await phoneSocket.push([saleOperation({ device: phone, seq: 1 })]);
  phoneSocket.close();
  await phoneSocket.closed();
  return sales[2];
}

it('names the gap, the missing order and the device that may hold unsynced operations', async () => {
  await sellWithAGap();
  const { status, body } = await report(today());
  expect(status).toBe(200);
  expect(body.status).toBe('open');
  expect(body.report.z.sales.orderCount).toBe(4);
  expect(body.report.completeness.final).toBe(false);
  const [t1, p1] = ['T1', 'P1'].map((code) =>
    body.report.completeness.devices.find((d) => d.code === code),
  );
  expect(t1?.problems).toEqual([
    expect.objectContaining({ kind: 'missing_operations', from: 3, to: 3 }),
    { kind: 'missing_orders', orderNos: [expect.stringMatching(/^T1-\d{4}-0003$/)] },
  ]);
  expect(p1?.problems).toEqual([expect.objectContaining({ kind: 'unsynced', lastSeq: 1 })]);
  expect(body.blockers.map((b) => b.code).sort()).toEqual([
    'device_unsynced',
    'operations_missing',
    'orders_missing',
  ]);
});

it('says a device that came back with sales to push is still sending them, until it pulls', async () => {
  const phoneSocket = await ProtocolClient.open(server.url, phone.token, server.store.cursor, {
    pending: true,
  });
  clients.push(phoneSocket);
  await phoneSocket.push([saleOperation({ device: phone, seq: 1 })]);
  const phoneIn = async () =>
    (await report(today())).body.report.completeness.devices.find((d) => d.code === 'P1');
  expect((await phoneIn())?.problems).toEqual([
    expect.objectContaining({ kind: 'unsynced', lastSeq: 1, pushing: true }),
  ]);

  // Its pull says its outbox is pushed: nothing of it is missing any more.
  phoneSocket.send({ type: 'pull' });
  await phoneSocket.waitFor(
    () => phoneSocket.messages.some((m) => m.type === 'changes' || m.type === 'snapshot'),
    'the catch-up after the pull',
  );
  expect((await phoneIn())?.problems).toEqual([]);
});

it('refuses to close while devices are missing, closes with an override and a note, and freezes the report', async () => {
  await sellWithAGap();
  const day = today();
  const refused = await api(server, 'POST', `/api/reports/days/${day}/close`, {
    token: manager,
    body: {},
  });
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ error: { code: 'not_final' } });
  expect(JSON.stringify(refused.body)).toMatch(/T1 \(Till 1\) is missing operations #3/);
  const noNote = await api(server, 'POST', `/api/reports/days/${day}/close`, {
    token: manager,
    body: { override: true },
  });
  expect(noNote.status).toBe(400);
  const cashier = await signIn(server, 'cashier');
  const byCashier = await api(server, 'POST', `/api/reports/days/${day}/close`, {
    token: cashier,
    body: { override: true, note: 'x' },
  });
  expect(byCashier.status).toBe(403);

  const closed = await api<ReportView>(server, 'POST', `/api/reports/days/${day}/close`, {
    token: manager,
    body: { override: true, note: 'phone battery died; till 1 order 3 lost' },
  });
  expect(closed.status).toBe(201);
  expect(closed.body.status).toBe('closed');
  expect(closed.body.close?.overridden).toHaveLength(3);
  const again = await api(server, 'POST', `/api/reports/days/${day}/close`, {
    token: manager,
    body: { override: true, note: 'again' },
  });
  expect(again.status).toBe(409);
  expect(again.body).toMatchObject({ error: { code: 'already_closed' } });
});

it('keeps an operation that arrives after the close and reports it on the next report; all of it survives a restart', async () => {
  const lost = await sellWithAGap();
  const day = today();
  await api(server, 'POST', `/api/reports/days/${day}/close`, {
    token: manager,
    body: { override: true, note: 'closing with the gap' },
  });
  const before = (await report(day)).body;
  const ack = await clients[0].push([lost]);
  expect(ack.results[0].status).toBe('applied');

  const after = (await report(day)).body;
  expect(after.report).toEqual(before.report);
  expect(after.lateSinceClose.map((a) => a.opId)).toEqual([lost.id]);
  // The day's orders sheet lists it, marked as sold after the close (the frozen Z-report has not).
  const sheet = await fetch(`${server.url}/api/reports/days/${day}/orders.csv`, {
    headers: { authorization: `Bearer ${manager}` },
  }).then((r) => r.text());
  const [header, ...rows] = sheet.slice(1).trimEnd().split('\r\n');
  expect(header.split(',').pop()).toBe('after_close');
  const lostNo = (lost.payload as { orderNo: string }).orderNo;
  expect(rows.map((row) => [row.split(',')[0], row.split(',').pop()])).toEqual(
    expect.arrayContaining([[lostNo, 'sold']]),
  );
  expect(rows.filter((row) => row.endsWith(',sold'))).toHaveLength(1);
  const next = (await report(addBusinessDays(day, 1))).body;
  expect(next.status).toBe('open');
  expect(next.report.lateAdjustments).toMatchObject({
    count: 1,
    netSales: (lost.payload as { total: number }).total,
    list: [{ forDay: day, opId: lost.id }],
  });
  // The order itself is kept like any other.
  const order = await api(
    server,
    'GET',
    `/api/orders/${encodeURIComponent((lost.payload as { id: string }).id)}`,
    {
      token: manager,
    },
  );
  expect(order.status).toBe(200);

  for (const client of clients.splice(0)) client.close();
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  manager = await signIn(server);
  const reread = (await report(day)).body;
  expect(reread.status).toBe('closed');
  expect(reread.report).toEqual(before.report);
  expect((await report(addBusinessDays(day, 1))).body.report.lateAdjustments.count).toBe(1);
});

it('closes a day with nothing missing without an override', async () => {
  const socket = await open(till);
  await socket.push([saleOperation({ device: till, seq: 1 })]);
  // The phone never sold and is still connected: nothing can be missing from it.
  await open(phone);
  const closed = await api<ReportView>(server, 'POST', `/api/reports/days/${today()}/close`, {
    token: manager,
    body: {},
  });
  expect(closed.status).toBe(201);
  expect(closed.body.close?.overridden).toEqual([]);
});

it('exports CSV with a BOM and rows for each order, and lists refunds and revocations in the audit log', async () => {
  const socket = await open(till);
  const sale = saleOperation({ device: till, seq: 1 });
  await socket.push([sale]);
  const order = sale.payload;
  const refund = cashRefundOfFirstLine(sale, 2, '=HYPERLINK("x") customer changed mind');
  expect((await socket.push([refund])).results[0].status).toBe('applied');

  const response = await fetch(`${server.url}/api/reports/days/${today()}/orders.csv`, {
    headers: { authorization: `Bearer ${manager}` },
  });
  expect(response.headers.get('content-type')).toMatch(/text\/csv/);
  expect(response.headers.get('content-disposition')).toMatch(/orders-\d{4}-\d{2}-\d{2}\.csv/);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^order_no,order_id,/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain((sale.payload as { orderNo: string }).orderNo);

  const payments = await fetch(`${server.url}/api/reports/days/${today()}/payments.csv`, {
    headers: { authorization: `Bearer ${manager}` },
  }).then((r) => r.text());
  expect(payments.trimEnd().split('\r\n')).toHaveLength(3);
  // The Z-report names categories as the shop does, not by id.
  const zReport = await fetch(`${server.url}/api/reports/days/${today()}/z-report.csv`, {
    headers: { authorization: `Bearer ${manager}` },
  }).then((r) => r.text());
  const category = demo.categories.find((c) => c.id === order.lines[0].categoryId)!;
  expect(zReport.split('\r\n').filter((row) => row.startsWith('category,'))).toEqual([
    expect.stringMatching(new RegExp(`^category,${category.name},1,`)),
  ]);
  const unknown = await api(server, 'GET', `/api/reports/days/${today()}/secrets.csv`, {
    token: manager,
  });
  expect(unknown.status).toBe(404);

  const revoke = await api(server, 'POST', `/dashboard/api/devices/${phone.deviceId}/revoke`, {
    token: manager,
    body: { reason: 'lost phone' },
  });
  expect(revoke.status).toBe(200);
  const audit = await api<{
    entries: Array<{ kind: string; reason: string; staffName: string | null }>;
  }>(server, 'GET', '/api/reports/audit', { token: manager });
  expect(audit.body.entries.map((e) => e.kind)).toEqual([
    'device_revoked',
    'refund',
    'device_paired',
    'device_paired',
  ]);
  expect(audit.body.entries[0]).toMatchObject({ reason: 'lost phone' });
  expect(audit.body.entries[1].reason).toContain('customer changed mind');
});

it("lists an order's payment and lines on its own day and its refund on the refund's day in the payments and lines CSVs, as the Z-report counts them", async () => {
  // Sold yesterday (an offline till's order, say), refunded today.
  const yesterday = addBusinessDays(today(), -1);
  const socket = await open(till);
  const sale = saleOperation({ device: till, seq: 1, at: Date.now() - 24 * 60 * 60 * 1000 });
  const order = sale.payload;
  expect(order.businessDay).toBe(yesterday);
  const amount = order.lines[0].total;
  const refund = cashRefundOfFirstLine(sale, 2, 'returned');
  const { results } = await socket.push([sale, refund]);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);

  const rowsOf = async (day: string) => {
    const text = await fetch(`${server.url}/api/reports/days/${day}/payments.csv`, {
      headers: { authorization: `Bearer ${manager}` },
    }).then((r) => r.text());
    return text
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((row) => row.split(',').slice(0, 4));
  };
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  expect(await rowsOf(yesterday)).toEqual([[order.orderNo, 'payment', 'cash', yuan(order.total)]]);
  expect(await rowsOf(today())).toEqual([[order.orderNo, 'refund', 'cash', `-${yuan(amount)}`]]);
  // The same money as each day's Z-report.
  expect((await report(yesterday)).body.report.z.netSales).toBe(order.total);
  expect((await report(today())).body.report.z.netSales).toBe(-amount);

  // The lines sheet likewise: the sale's lines on its day, the refunded line on the refund's,
  // their `total` column adding up to each day's net sales.
  const linesOf = async (day: string) => {
    const text = await fetch(`${server.url}/api/reports/days/${day}/lines.csv`, {
      headers: { authorization: `Bearer ${manager}` },
    }).then((r) => r.text());
    const [header, ...rows] = text.slice(1).trimEnd().split('\r\n');
    const total = header.split(',').indexOf('total');
    const cells = rows.map((row) => row.split(','));
    const sum = Math.round(cells.reduce((fen, row) => fen + Number(row[total]) * 100, 0));
    return { kinds: cells.map((row) => row.slice(0, 3)), sum };
  };
  const status = server.store.order(order.id)!.status;
  expect(['refunded', 'partially_refunded']).toContain(status);
  expect(await linesOf(yesterday)).toEqual({
    kinds: order.lines.map(() => [order.orderNo, status, 'sale']),
    sum: order.total,
  });
  expect(await linesOf(today())).toEqual({
    kinds: [[order.orderNo, status, 'refund']],
    sum: -amount,
  });
});

it('audits pairing and revocation with who, when, which device and why; after a restart too', async () => {
  const managerId = demo.staffPins.find((p) => p.role === 'manager')!.staffId;
  // A code from the dashboard and one from the device API, each asked for by the manager.
  const codes = [
    (await api<{ code: string }>(server, 'POST', '/dashboard/api/pairing-code', { token: manager }))
      .body.code,
    (await api<{ code: string }>(server, 'POST', '/api/pairing-codes', { token: manager })).body
      .code,
  ];
  const paired: Array<{ deviceId: string }> = [];
  for (const [i, code] of codes.entries()) {
    const pair = await api<{ deviceId: string }>(server, 'POST', '/api/pair', {
      body: { code, name: `Till ${i + 2}`, kind: 'tablet' },
    });
    expect(pair.status).toBe(201);
    paired.push(pair.body);
  }
  const revokeAt = Date.now();
  const revoked = await api(server, 'POST', `/api/devices/${paired[1].deviceId}/revoke`, {
    token: manager,
    body: { reason: 'sold the tablet' },
  });
  expect(revoked.status).toBe(200);

  type Entry = {
    kind: string;
    at: number;
    staffId: string | null;
    deviceId: string | null;
    facts: unknown;
  };
  const audit = async () =>
    (
      await api<{ entries: Array<Entry & { staffName: string; reason: string }> }>(
        server,
        'GET',
        '/api/reports/audit?kind=device_paired',
        { token: manager },
      )
    ).body.entries.concat(
      (
        await api<{ entries: Array<Entry & { staffName: string; reason: string }> }>(
          server,
          'GET',
          '/api/reports/audit?kind=device_revoked',
          { token: manager },
        )
      ).body.entries,
    );
  const expected = [
    { kind: 'device_paired', deviceId: paired[1].deviceId, staffId: managerId },
    { kind: 'device_paired', deviceId: paired[0].deviceId, staffId: managerId },
    // The test's own devices were paired with codes no manager asked for (the start-up banner's).
    { kind: 'device_paired', deviceId: phone.deviceId, staffId: null },
    { kind: 'device_paired', deviceId: till.deviceId, staffId: null },
    {
      kind: 'device_revoked',
      deviceId: paired[1].deviceId,
      staffId: managerId,
      reason: 'sold the tablet',
    },
  ];
  const entries = await audit();
  expect(entries).toEqual(expected.map((e) => expect.objectContaining(e)));
  expect(entries[0].facts).toEqual({
    kind: 'device_paired',
    code: 'T3',
    name: 'Till 3',
    deviceKind: 'tablet',
    byManager: true,
  });
  expect(entries[2].facts).toMatchObject({ kind: 'device_paired', byManager: false });
  expect(entries[4].at).toBeGreaterThanOrEqual(revokeAt);

  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  manager = await signIn(server);
  expect(await audit()).toEqual(expected.map((e) => expect.objectContaining(e)));
});

it('signs a manager in to the dashboard with a cookie, refuses cashiers, and requires the header for writes', async () => {
  const cashierPin = demo.staffPins.find((p) => p.role === 'cashier')!.pin;
  const managerPin = demo.staffPins.find((p) => p.role === 'manager')!.pin;
  const refused = await api(server, 'POST', '/dashboard/api/session', {
    body: { pin: cashierPin },
  });
  expect(refused.status).toBe(401);
  const response = await fetch(`${server.url}/dashboard/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pin: managerPin }),
  });
  expect(response.status).toBe(201);
  const setCookie = response.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const cookie = setCookie.split(';')[0];
  const me = await fetch(`${server.url}/dashboard/api/me`, { headers: { cookie } });
  expect(me.status).toBe(200);
  const noHeader = await fetch(`${server.url}/dashboard/api/pairing-code`, {
    method: 'POST',
    headers: { cookie },
  });
  expect(noHeader.status).toBe(401);
  const withHeader = await fetch(`${server.url}/dashboard/api/pairing-code`, {
    method: 'POST',
    headers: { cookie, 'x-pos-dashboard': '1' },
  });
  expect(withHeader.status).toBe(201);
  expect(await withHeader.json()).toMatchObject({
    code: expect.stringMatching(/^\d{6}$/),
    qr: expect.stringMatching(/^data:image\/png;base64,/),
  });
});

it("locks an address out of the dashboard's sign-in after five wrong PINs, even for the right one", async () => {
  const managerPin = demo.staffPins.find((p) => p.role === 'manager')!.pin;
  const signInWith = (pin: string) =>
    api<{ error: { code: string; message: string } }>(server, 'POST', '/dashboard/api/session', {
      body: { pin },
    });
  for (let attempt = 0; attempt < 5; attempt++)
    expect((await signInWith('000000')).status).toBe(401);
  const locked = await signInWith(managerPin);
  expect(locked.status).toBe(429);
  expect(locked.body.error).toMatchObject({
    code: 'locked_out',
    message: expect.stringContaining('too many failed PIN attempts'),
  });
});
