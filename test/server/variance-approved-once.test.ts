// A shift's variance is approved once, over real WebSockets and HTTP: a second approval (two
// managers on two dashboards, a double click, a variance a manager already approved at the till)
// is answered as already approved, naming who approved it, and the audit log keeps one entry.
import {
  businessDayOf,
  type Operation,
  type OperationPayload,
  type OperationType,
} from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { deviceOperation } from '../support/sales';
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
let managerToken: string;
const clients: ProtocolClient[] = [];
const cashier = demo.staffPins.find((s) => s.role === 'cashier')!.staffId;
const manager = demo.staffPins.find((s) => s.role === 'manager')!.staffId;

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  till = await pairTestDevice(server, 'Till 1', 'tablet');
  managerToken = await signIn(server);
});

function op<T extends OperationType>(
  type: T,
  seq: number,
  payload: OperationPayload<T>,
): Operation {
  return deviceOperation(till, type, seq, payload);
}

/** A shift of today with a ¥200 float, counted at ¥180 (¥20 short), approved at the till or not. */
async function shortShift(approvedBy: string | null): Promise<string> {
  const shiftId = `${till.deviceId}:shift:1`;
  const at = Date.now() - 60_000;
  const ops = [
    op('shift.opened', 1, { shiftId, staffId: cashier, float: 20000, at }),
    op('shift.closed', 2, {
      shiftId,
      staffId: cashier,
      counted: [
        { denomination: 10000, count: 1 },
        { denomination: 5000, count: 1 },
        { denomination: 1000, count: 3 },
      ],
      countedTotal: 18000,
      expected: 20000,
      note: '',
      approvedBy,
      at: at + 1000,
    }),
  ];
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  const { results } = await socket.push(ops);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
  return shiftId;
}

const approve = (shiftId: string, note: string) =>
  api<{ shiftId: string; approvedBy: string; alreadyApproved?: boolean }>(
    server,
    'POST',
    `/api/reports/shifts/${encodeURIComponent(shiftId)}/approve`,
    { token: managerToken, body: { note } },
  );

async function varianceApprovals() {
  const { body } = await api<{ entries: Array<Record<string, unknown>> }>(
    server,
    'GET',
    '/api/reports/audit?kind=variance_approved',
    { token: managerToken },
  );
  return body.entries;
}

async function shiftRow(shiftId: string) {
  const day = businessDayOf(Date.now(), demo.settings);
  const { body } = await api<{
    report: {
      z: {
        shifts: Array<{
          shiftId: string;
          approvedBy: string | null;
          approvalNote: string;
          needsApproval: boolean;
        }>;
      };
    };
  }>(server, 'GET', `/api/reports/days/${day}`, { token: managerToken });
  return body.report.z.shifts.find((s) => s.shiftId === shiftId);
}

test('a second approval of an approved variance is answered as already approved: one audit entry', async () => {
  const shiftId = await shortShift(null);
  const first = await approve(shiftId, '找给供应商 ¥20');
  expect(first.status).toBe(201);
  expect(first.body).toEqual({ shiftId, approvedBy: manager });

  const second = await approve(shiftId, '又点了一次');
  expect(second.status).toBe(200);
  expect(second.body).toEqual({ shiftId, approvedBy: manager, alreadyApproved: true });

  expect(await varianceApprovals()).toEqual([
    expect.objectContaining({ approvedBy: manager, reason: '找给供应商 ¥20', amount: -2000 }),
  ]);
  // The report keeps the first approval's note.
  expect(await shiftRow(shiftId)).toMatchObject({
    approvedBy: manager,
    approvalNote: '找给供应商 ¥20',
    needsApproval: false,
  });
});

test("a variance approved by a manager's PIN at the till is already approved: the dashboard's adds nothing", async () => {
  const shiftId = await shortShift(manager);
  expect(await varianceApprovals()).toHaveLength(1);

  const again = await approve(shiftId, '后台再批一次');
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ shiftId, approvedBy: manager, alreadyApproved: true });
  expect(await varianceApprovals()).toEqual([
    expect.objectContaining({ approvedBy: manager, amount: -2000, reason: '' }),
  ]);
  expect(await shiftRow(shiftId)).toMatchObject({ approvedBy: manager, approvalNote: '' });
});
