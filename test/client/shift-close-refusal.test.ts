// A shift close is a count of real cash: the server records it whatever its approval says. One
// approved offline by a manager demoted meanwhile is taken without the approval (the variance then
// awaits a manager on the dashboard), so the till never finds that shift open again behind the next
// one. A close refused for any other reason (a broken client) shows in the refused list, the shift
// page keeps the shift it left open in sight, and no new shift opens over it; once a manager
// dismisses it, the shift page no longer shows it.
import { businessDayOf, type CashCount } from '@pos/shared';
import { refusedRows } from '../../miniprogram/view/refused-view';
import { reopenedNotices } from '../../miniprogram/view/shift-view';
import { api, demo, signIn as signInOnServer, type TestServer } from '../support/test-server';
import {
  launch,
  pair,
  relaunch,
  sellForCash,
  serverPerTest,
  signIn,
  type TestDevice,
} from './support/device';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const manager = demo.staffPins.find((s) => s.role === 'manager')!;

async function pairedTill(): Promise<TestDevice> {
  const tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  return tablet;
}

const synced = (tablet: TestDevice) =>
  until(() => tablet.client.sync.unsyncedCount === 0, 'the outbox to sync');

async function offline(tablet: TestDevice): Promise<void> {
  tablet.standIn.network.set({ isConnected: false });
  await until(() => tablet.client.sync.status.connection === 'offline', 'the till offline');
}

/** A shift's window includes its first and last millisecond: the next event comes later. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** ¥200 float; counted ¥180: ¥20 short, beyond the ¥10 threshold. */
const short20: CashCount = [
  { denomination: 10000, count: 1 },
  { denomination: 5000, count: 1 },
  { denomination: 1000, count: 3 },
];

interface ServerShift {
  shiftId: string;
  approvedBy: string | null;
  needsApproval: boolean;
  counted: number | null;
}

/** The day's Z-report, read by a manager (`token`: the demo manager's own may be demoted). */
async function serverZ(token: string) {
  const day = businessDayOf(Date.now(), demo.settings);
  const { body } = await api<{
    report: { z: { shifts: ServerShift[]; cash: { openShiftIds: string[] } } };
  }>(server, 'GET', `/api/reports/days/${day}`, { token });
  return body.report.z;
}

test('a close approved offline by a manager demoted meanwhile is recorded without the approval; the till keeps one open shift', async () => {
  const tablet = await pairedTill();
  const { shift, session } = tablet.client;
  expect(shift.open(20000).ok).toBe(true);
  const shiftA = shift.current!.opened.shiftId;
  await synced(tablet);

  await offline(tablet);
  const approval = session.approveAsManager(manager.pin);
  if (!approval.ok) throw new Error(approval.error.message);
  expect(shift.close(short20, '', approval.value.id).ok).toBe(true);
  await tick();
  expect(shift.open(10000).ok).toBe(true);
  const shiftB = shift.current!.opened.shiftId;
  sellForCash(tablet, [{ skuId: tablet.client.catalog.products[0].skus[0].id, qty: 1 }]);

  // Meanwhile, on the dashboard, a new manager is made and the one who approved is demoted.
  const token = await signInOnServer(server);
  const added = await api<{ staff: { id: string } }>(server, 'POST', '/dashboard/api/staff', {
    token,
    body: { name: '新店长', role: 'manager', active: true, pin: '8642' },
  });
  expect(added.status).toBe(201);
  const demoted = await api(server, 'PUT', `/dashboard/api/staff/${manager.staffId}`, {
    token,
    body: { name: manager.name, role: 'cashier', active: true },
  });
  expect(demoted.status).toBe(200);

  tablet.standIn.network.set({ isConnected: true });
  await synced(tablet);
  expect(tablet.client.sync.refused).toEqual([]);
  expect(shift.shifts.map((s) => [s.opened.shiftId, s.closed === null])).toEqual([
    [shiftA, false],
    [shiftB, true],
  ]);
  expect(shift.current?.opened.shiftId).toBe(shiftB);

  // The server closed A; its variance awaits a manager's approval, as one closed without any.
  const newManager = await api<{ token: string }>(server, 'POST', '/api/sessions', {
    body: { staffId: added.body.staff.id, pin: '8642' },
  });
  const z = await serverZ(newManager.body.token);
  expect(z.cash.openShiftIds).toEqual([shiftB]);
  expect(z.shifts.find((s) => s.shiftId === shiftA)).toMatchObject({
    counted: 18000,
    approvedBy: null,
    needsApproval: true,
  });
});

/** A new manager is made on the dashboard and the demo manager demoted; its token, for reports. */
async function demoteManagerOnDashboard(): Promise<void> {
  const token = await signInOnServer(server);
  const added = await api(server, 'POST', '/dashboard/api/staff', {
    token,
    body: { name: '新店长', role: 'manager', active: true, pin: '8642' },
  });
  expect(added.status).toBe(201);
  const demoted = await api(server, 'PUT', `/dashboard/api/staff/${manager.staffId}`, {
    token,
    body: { name: manager.name, role: 'cashier', active: true },
  });
  expect(demoted.status).toBe(200);
}

test('the approval the server dropped shows on the till as not approved, with why, awaiting a manager, across a relaunch', async () => {
  let tablet = await pairedTill();
  const { shift, session } = tablet.client;
  expect(shift.open(20000).ok).toBe(true);
  await synced(tablet);
  await offline(tablet);
  const approval = session.approveAsManager(manager.pin);
  if (!approval.ok) throw new Error(approval.error.message);
  const closed = shift.close(short20, '', approval.value.id);
  if (!closed.ok) throw new Error(closed.error.message);
  // Offline, the till holds the approval it was given.
  expect(closed.value.approvedBy).toBe(manager.staffId);
  const shiftId = closed.value.shiftId;

  await demoteManagerOnDashboard();
  tablet.standIn.network.set({ isConnected: true });
  await synced(tablet);
  await until(() => tablet.client.ledger.outbox.entries().length === 0, 'the close to settle');

  const seen = (device: TestDevice) => {
    const record = device.client.shift.shifts.find((s) => s.opened.shiftId === shiftId)!;
    const summary = device.client.shift.summaryOf(record);
    return {
      approvedBy: summary.approvedBy,
      awaits: device.client.shift.awaitsApproval(summary),
      dropped: record.closed?.approvalDropped,
    };
  };
  const expected = {
    approvedBy: null,
    awaits: true,
    dropped: expect.objectContaining({
      approvedBy: manager.staffId,
      code: 'approval_not_manager',
      message: expect.stringContaining('not a manager'),
    }),
  };
  expect(seen(tablet)).toEqual(expected);
  tablet = await relaunch(tablet);
  expect(seen(tablet)).toEqual(expected);
});

test('a close the server refuses shows in the refused list; the shift it left open stays in sight and no new shift opens over it', async () => {
  const tablet = await pairedTill();
  const { shift } = tablet.client;
  expect(shift.open(20000).ok).toBe(true);
  const shiftA = shift.current!.opened.shiftId;
  await synced(tablet);

  await offline(tablet);
  expect(shift.close(short20).ok).toBe(true);
  // A broken client: the close's total is not the sum of its notes (counted_total_mismatch).
  const close = tablet.client.ledger.outbox.entries().find((e) => e.op.type === 'shift.closed')!;
  if (close.op.type === 'shift.closed') close.op.payload.countedTotal += 100;
  await tick();
  expect(shift.open(10000).ok).toBe(true);
  const shiftB = shift.current!.opened.shiftId;
  expect(shift.reopened).toEqual([]);

  tablet.standIn.network.set({ isConnected: true });
  await until(() => tablet.client.sync.refused.length === 1, 'the close to be refused');
  await synced(tablet);
  const rows = refusedRows(
    tablet.client.sync.refused,
    { orderNo: () => null, skuName: () => null },
    480,
  );
  expect(rows).toEqual([
    expect.objectContaining({ what: expect.stringContaining('结班'), why: expect.any(String) }),
  ]);

  // B is the shift at work; A is open again and said so, not hidden behind it.
  expect(shift.current?.opened.shiftId).toBe(shiftB);
  expect(shift.reopened.map((s) => s.opened.shiftId)).toEqual([shiftA]);
  expect(reopenedNotices(shift.reopened, 480)).toEqual([
    expect.stringContaining('结班被服务器拒绝，仍未结束'),
  ]);

  // Once B is closed, A is what is open: no new shift opens over it, and the till says why.
  expect(shift.close([{ denomination: 10000, count: 1 }]).ok).toBe(true);
  expect(shift.current?.opened.shiftId).toBe(shiftA);
  expect(shift.open(10000)).toMatchObject({ ok: false, error: { code: 'shift_close_refused' } });
});

test('a refused close a manager dismisses is gone from the shift store the shift page reads', async () => {
  const tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet, 'manager');
  const { shift, sync, ledger } = tablet.client;
  expect(shift.open(20000).ok).toBe(true);
  await synced(tablet);

  await offline(tablet);
  expect(shift.close(short20, '', manager.staffId).ok).toBe(true);
  // A broken client: the close's total is not the sum of its notes (counted_total_mismatch).
  const close = ledger.outbox.entries().find((e) => e.op.type === 'shift.closed')!;
  if (close.op.type === 'shift.closed') close.op.payload.countedTotal += 100;
  tablet.standIn.network.set({ isConnected: true });
  await until(() => sync.refused.length === 1, 'the close to be refused');
  expect(shift.reopened).toHaveLength(1);

  expect(sync.dismissRefused(sync.refused[0].seq)).toEqual({ ok: true, value: null });
  expect(sync.refused).toEqual([]);
  expect(ledger.shifts().filter((s) => s.refusedClose)).toEqual([]);
  expect(shift.reopened).toEqual([]);
});
