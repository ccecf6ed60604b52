// A shift still open when its day was closed (an overnight or forgotten shift), closed later short
// with no manager at the till, over real WebSockets and HTTP: its variance stands in the way of the
// first open day's close, the late adjustment says it, a manager approves it on the dashboard
// (append-only: the frozen report stays as it was, the audit log lists it), and the blocker clears.
// A shift closed before its day was closed stays frozen with it: no approval after the close.
import {
  addBusinessDays,
  businessDayOf,
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
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let till: PairedTestDevice;
let manager: string;
const clients: ProtocolClient[] = [];
const cashier = 'staff-cashier-1';

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  till = await pairTestDevice(server, 'Till 1', 'tablet');
  manager = await signIn(server);
});

interface Blocker {
  code: string;
  message: string;
  shift?: { shiftId: string; variance: number | null; businessDay?: string };
}
interface ReportView {
  status: 'open' | 'closed';
  blockers: Blocker[];
  report: {
    z: { shifts: Array<{ shiftId: string; counted: number | null }> };
    lateAdjustments: { list: Array<{ type: string; forDay: string; description: string }> };
  };
}

const report = async (day: string) =>
  (await api<ReportView>(server, 'GET', `/api/reports/days/${day}`, { token: manager })).body;
const approve = (shiftId: string) =>
  api(server, 'POST', `/api/reports/shifts/${encodeURIComponent(shiftId)}/approve`, {
    token: manager,
    body: { note: 'counted again: ¥109 paid to the supplier from the drawer' },
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
  return count;
}

/** A shift opened yesterday with ¥200 and a cash sale; its close counts ¥109 short at `at`. */
function yesterdaysShift() {
  const opened = Date.now() - 24 * 3_600_000;
  const day = businessDayOf(opened, demo.settings);
  const shiftId = `${till.deviceId}:shift:1`;
  const sale = saleOperation({ device: till, seq: 2, at: opened + 1000 });
  const expected = 20000 + sale.payload.total;
  const ops = [
    op('shift.opened', 1, { shiftId, staffId: cashier, float: 20000, at: opened }, opened),
    sale,
  ];
  const close = (at: number) =>
    op(
      'shift.closed',
      3,
      {
        shiftId,
        staffId: cashier,
        counted: cashCountOf(expected - 10900),
        countedTotal: expected - 10900,
        expected,
        note: '',
        approvedBy: null,
        at,
      },
      at,
    );
  return { day, shiftId, ops, close };
}

async function push(ops: Operation[]): Promise<void> {
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  const { results } = await socket.push(ops);
  expect(results.map((r) => r.status)).toEqual(ops.map(() => 'applied'));
}

async function closeDay(day: string, note: string) {
  return api<ReportView & { close: { overridden: Blocker[] } }>(
    server,
    'POST',
    `/api/reports/days/${day}/close`,
    { token: manager, body: { override: true, note } },
  );
}

it("approves the variance of a shift closed after its day was closed, and it blocks the next day's close until then", async () => {
  const { day, shiftId, ops, close } = yesterdaysShift();
  await push(ops);
  const closed = await closeDay(day, 'night shift still open');
  expect(closed.status).toBe(201);
  expect(closed.body.close.overridden.map((b) => b.code)).toContain('shift_open');

  await push([close(Date.now() - 1000)]);
  const today = addBusinessDays(day, 1);
  const before = await report(today);
  expect(before.report.lateAdjustments.list).toEqual([
    expect.objectContaining({
      type: 'shift.closed',
      forDay: day,
      description: expect.stringContaining('variance -¥109.00'),
    }),
  ]);
  const blocker = before.blockers.find((b) => b.code === 'variance_unapproved');
  expect(blocker).toMatchObject({ shift: { shiftId, variance: -10900, businessDay: day } });
  expect(blocker?.message).toContain(shiftId);
  expect(blocker?.message).toContain(day);

  const approved = await approve(shiftId);
  expect(approved.status).toBe(201);
  expect((await report(today)).blockers.map((b) => b.code)).not.toContain('variance_unapproved');
  // The frozen report is the close's: the shift open, as it stood.
  const frozen = await report(day);
  expect(frozen.status).toBe('closed');
  expect(frozen.report.z.shifts).toEqual([expect.objectContaining({ shiftId, counted: null })]);
  // Listed with the shift's till and variance, as an approval at the till is, and the note.
  const audit = await api<{ entries: Array<Record<string, unknown>> }>(
    server,
    'GET',
    '/api/reports/audit?kind=variance_approved',
    { token: manager },
  );
  expect(audit.body.entries).toEqual([
    expect.objectContaining({
      deviceId: till.deviceId,
      amount: -10900,
      reason: 'counted again: ¥109 paid to the supplier from the drawer',
      facts: { kind: 'shift_approved', shiftId },
    }),
  ]);
});

it('refuses approving a shift its closed day already counted: the close froze it', async () => {
  const { day, shiftId, ops, close } = yesterdaysShift();
  await push([...ops, close(Date.now() - 23 * 3_600_000)]);
  expect((await closeDay(day, 'short, manager away')).status).toBe(201);
  const refused = await approve(shiftId);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ error: { code: 'already_closed' } });
});
