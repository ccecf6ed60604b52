// A shift closed with a cash variance beyond the threshold (¥10, shared/report/cash-variance.ts):
// the shift store says so before the close, records the manager who approved it with their PIN on
// the close (`approvedBy`, checked against the synced staff), and still closes without one, for a
// manager to approve on the dashboard. The server's day-end report agrees either way.
import { businessDayOf, DEFAULT_VARIANCE_APPROVAL_FEN, type CashCount } from '@pos/shared';
import { api, demo, signIn as signInOnServer, type TestServer } from '../support/test-server';
import { launch, pair, serverPerTest, signIn, type TestDevice } from './support/device';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const manager = demo.staffPins.find((s) => s.role === 'manager')!;
const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;

async function pairedTill(): Promise<TestDevice> {
  const tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  return tablet;
}

const synced = (tablet: TestDevice) =>
  until(() => tablet.client.sync.unsyncedCount === 0, 'the outbox to sync');

/** ¥200 float; counted ¥180: ¥20 short, beyond the ¥10 threshold. */
const short20: CashCount = [
  { denomination: 10000, count: 1 },
  { denomination: 5000, count: 1 },
  { denomination: 1000, count: 3 },
];

function closeOp(tablet: TestDevice) {
  const entry = tablet.client.ledger.outbox.entries().find((e) => e.op.type === 'shift.closed');
  if (!entry || entry.op.type !== 'shift.closed') throw new Error('no shift.closed in the outbox');
  return entry.op;
}

async function serverShifts(tablet: TestDevice) {
  await synced(tablet);
  const day = businessDayOf(Date.now(), demo.settings);
  const token = await signInOnServer(server);
  const { body } = await api<{
    report: {
      z: {
        shifts: Array<{ approvedBy: string | null; needsApproval: boolean; variance: number }>;
        cash: { unapprovedShiftIds: string[] };
      };
    };
  }>(server, 'GET', `/api/reports/days/${day}`, { token });
  return body.report.z;
}

test('before the close: the variance against the expected cash and whether a manager must approve it', async () => {
  const tablet = await pairedTill();
  const { shift } = tablet.client;
  expect(shift.closingCheck(short20)).toBeNull(); // no shift open
  expect(shift.open(20000).ok).toBe(true);
  expect(shift.varianceApprovalFen).toBe(DEFAULT_VARIANCE_APPROVAL_FEN);
  expect(shift.closingCheck(short20)).toEqual({
    expected: 20000,
    counted: 18000,
    variance: -2000,
    needsApproval: true,
    thresholdFen: 1000,
  });
  // Exactly ¥10 either way passes as it is; a fen more does not.
  expect(
    shift.closingCheck([
      { denomination: 10000, count: 2 },
      { denomination: 1000, count: 1 },
    ]),
  ).toMatchObject({ variance: 1000, needsApproval: false });
  expect(
    shift.closingCheck([
      { denomination: 10000, count: 1 },
      { denomination: 5000, count: 1 },
      { denomination: 2000, count: 1 },
      { denomination: 1000, count: 1 },
      { denomination: 500, count: 1 },
      { denomination: 100, count: 4 },
      { denomination: 50, count: 1 },
      { denomination: 10, count: 4 },
    ])?.needsApproval,
  ).toBe(true); // ¥189.90: ¥10.10 short
});

test("approved by a manager's PIN at the till: the close carries approvedBy and the server counts it approved", async () => {
  const tablet = await pairedTill();
  const { shift, session } = tablet.client;
  expect(shift.open(20000).ok).toBe(true);
  const approval = session.approveAsManager(manager.pin);
  if (!approval.ok) throw new Error(approval.error.message);
  expect(approval.value.id).toBe(manager.staffId);

  const closed = shift.close(short20, '少了一张 20', approval.value.id);
  if (!closed.ok) throw new Error(closed.error.message);
  expect(closed.value).toMatchObject({ variance: -2000, approvedBy: manager.staffId });
  expect(shift.awaitsApproval(closed.value)).toBe(false);
  // The cashier closed it; the manager approved it.
  expect(closeOp(tablet).payload).toMatchObject({
    staffId: cashier.staffId,
    approvedBy: manager.staffId,
    countedTotal: 18000,
    expected: 20000,
  });

  const z = await serverShifts(tablet);
  expect(z.shifts).toEqual([
    expect.objectContaining({ variance: -2000, approvedBy: manager.staffId, needsApproval: false }),
  ]);
  expect(z.cash.unapprovedShiftIds).toEqual([]);
  // Still on the till after the outbox let go of the close.
  expect(shift.summaryOf(shift.shifts.at(-1)!).approvedBy).toBe(manager.staffId);
});

test('closed without an approval: it closes, awaits a manager on the dashboard, and the server lists it', async () => {
  const tablet = await pairedTill();
  const { shift } = tablet.client;
  expect(shift.open(20000).ok).toBe(true);
  const closed = shift.close(short20);
  if (!closed.ok) throw new Error(closed.error.message);
  expect(closed.value.approvedBy).toBeNull();
  expect(shift.awaitsApproval(closed.value)).toBe(true);
  expect(closeOp(tablet).payload.approvedBy).toBeUndefined();

  const z = await serverShifts(tablet);
  expect(z.shifts).toEqual([expect.objectContaining({ approvedBy: null, needsApproval: true })]);
  expect(z.cash.unapprovedShiftIds).toHaveLength(1);
});

test("a cashier's or an unknown id is no approval: refused, the shift stays open", async () => {
  const tablet = await pairedTill();
  const { shift } = tablet.client;
  expect(shift.open(20000).ok).toBe(true);
  for (const id of [cashier.staffId, 'nobody'])
    expect(shift.close(short20, '', id)).toMatchObject({
      ok: false,
      error: { code: 'approval_missing' },
    });
  expect(shift.current).not.toBeNull();
  expect(tablet.client.ledger.outbox.entries().map((e) => e.op.type)).toEqual(['shift.opened']);
});

test('a variance within the threshold needs no approval: one given is not recorded', async () => {
  const tablet = await pairedTill();
  const { shift } = tablet.client;
  expect(shift.open(20000).ok).toBe(true);
  const closed = shift.close(
    [
      { denomination: 10000, count: 1 },
      { denomination: 5000, count: 1 },
      { denomination: 2000, count: 2 },
      { denomination: 500, count: 1 },
    ],
    '',
    manager.staffId,
  );
  if (!closed.ok) throw new Error(closed.error.message);
  expect(closed.value).toMatchObject({ variance: -500, approvedBy: null });
  expect(shift.awaitsApproval(closed.value)).toBe(false);
  expect(closeOp(tablet).payload.approvedBy).toBeUndefined();
});
