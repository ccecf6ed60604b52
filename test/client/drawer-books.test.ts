// The drawer's books on a real tablet (the client core on the wx stand-in) against a real server:
// a cash top-up of stored value during a shift is in the drawer's expected cash, and stays there
// after it synced (the outbox pruned) and after a relaunch, as in the server's Z-report; shift
// records stored before top-ups were kept (in the one key of older versions) still load; the
// drawer opened without a sale is recorded through the outbox, offline too, and reaches the
// server's audit log.
import { businessDayOf } from '@pos/shared';
import { chunkPrefixes, storageKeys } from '../../miniprogram/core/storage-layout';
import { api, demo, signIn as signInOnServer, type TestServer } from '../support/test-server';
import {
  launch,
  pair,
  relaunch,
  sellForCash,
  serverPerTest,
  shutDown,
  signIn,
  type TestDevice,
} from './support/device';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const member = demo.members[0];

async function pairedTill(): Promise<TestDevice> {
  const tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  return tablet;
}

/** A shift's window includes its first and last millisecond: the next event comes later. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

const synced = (tablet: TestDevice) =>
  until(() => tablet.client.sync.unsyncedCount === 0, 'the outbox to sync');

test('a cash top-up during a shift is in the expected cash, after sync and relaunch too, as on the server', async () => {
  let tablet = await pairedTill();
  const { shift, members } = tablet.client;
  expect(shift.open(20000).ok).toBe(true);
  const sale = sellForCash(tablet, [
    { skuId: tablet.client.catalog.products[0].skus[0].id, qty: 1 },
  ]);

  const cash = members.topUp(member.phone, 30000);
  if (!cash.ok) throw new Error(cash.error.message);
  const wechat = members.topUp(member.phone, 10000, { method: 'wechat', reference: 'wx-sim-1' });
  if (!wechat.ok) throw new Error(wechat.error.message);
  expect(shift.moveCash('out', 5000, '交款').ok).toBe(true);

  // float + cash sale - cash out + cash top-up; the WeChat Pay top-up is in no drawer.
  const expected = 20000 + sale.total - 5000 + 30000;
  expect(shift.currentSummary).toMatchObject({ cashTopUps: 30000, expected });

  await synced(tablet);
  // The outbox is empty: the top-up is kept with the shift.
  expect(tablet.client.ledger.outbox.entries()).toEqual([]);
  expect(shift.current?.topUps.map((t) => t.amount)).toEqual([30000]);
  expect(shift.currentSummary).toMatchObject({ cashTopUps: 30000, expected });

  tablet.client.flush();
  tablet = await relaunch(tablet);
  signIn(tablet);
  expect(tablet.client.shift.currentSummary).toMatchObject({ cashTopUps: 30000, expected });

  // The server's Z-report agrees on the drawer.
  const day = businessDayOf(Date.now(), demo.settings);
  const manager = await signInOnServer(server);
  const { body } = await api<{
    report: { z: { shifts: Array<{ cashTopUps: number; expected: number }> } };
  }>(server, 'GET', `/api/reports/days/${day}`, { token: manager });
  expect(body.report.z.shifts).toEqual([expect.objectContaining({ cashTopUps: 30000, expected })]);

  // Closed against the count: the variance is against the expected cash with the top-up.
  const closed = tablet.client.shift.close([{ denomination: 10000, count: 5 }]);
  if (!closed.ok) throw new Error(closed.error.message);
  expect(closed.value).toMatchObject({ expected, counted: 50000, variance: 50000 - expected });
  await synced(tablet);
  tablet.client.flush();
  tablet = await relaunch(tablet);
  const [record] = tablet.client.shift.shifts;
  expect(tablet.client.shift.summaryOf(record)).toMatchObject({ cashTopUps: 30000, expected });
});

test("a till handed over without closing its shift: the next person's cash sales are in its drawer, on the till and on the server", async () => {
  const tablet = await pairedTill();
  expect(tablet.client.shift.open(20000).ok).toBe(true);
  // The cashier goes on a break; the manager covers the till, which has one drawer and one shift.
  tablet.client.session.signOut();
  signIn(tablet, 'manager');
  const sale = sellForCash(tablet, [
    { skuId: tablet.client.catalog.products[0].skus[0].id, qty: 2 },
  ]);
  const expected = 20000 + sale.total;
  expect(tablet.client.shift.currentSummary).toMatchObject({ cashSales: sale.total, expected });
  tablet.client.session.signOut();
  signIn(tablet);
  const counted = [
    { denomination: 10000, count: 2 },
    { denomination: 10, count: sale.total / 10 },
  ];
  const closed = tablet.client.shift.close(counted);
  if (!closed.ok) throw new Error(closed.error.message);
  expect(closed.value).toMatchObject({ expected, variance: 0 });
  await synced(tablet);

  const day = businessDayOf(Date.now(), demo.settings);
  const manager = await signInOnServer(server);
  const { body } = await api<{
    report: { z: { shifts: Array<{ cashSales: number; variance: number | null }> } };
  }>(server, 'GET', `/api/reports/days/${day}`, { token: manager });
  expect(body.report.z.shifts).toEqual([
    expect.objectContaining({ cashSales: sale.total, variance: 0 }),
  ]);
});

test('a top-up with no shift open, or after it closed, is in no drawer', async () => {
  const tablet = await pairedTill();
  const { shift, members } = tablet.client;
  expect(members.topUp(member.phone, 1000).ok).toBe(true); // before any shift
  await tick();
  expect(shift.open(10000).ok).toBe(true);
  expect(members.topUp(member.phone, 2000).ok).toBe(true);
  expect(shift.currentSummary).toMatchObject({ cashTopUps: 2000, expected: 12000 });
  expect(
    shift.close([
      { denomination: 10000, count: 1 },
      { denomination: 1000, count: 2 },
    ]).ok,
  ).toBe(true);
  await tick();
  expect(members.topUp(member.phone, 4000).ok).toBe(true); // after the close
  await synced(tablet);
  const [record] = tablet.client.shift.shifts;
  expect(record.topUps.map((t) => t.amount)).toEqual([2000]);
  expect(tablet.client.shift.summaryOf(record)).toMatchObject({ expected: 12000, variance: 0 });
});

test('shift records stored before top-ups were kept still load', async () => {
  let tablet = await pairedTill();
  expect(tablet.client.shift.open(15000).ok).toBe(true);
  expect(tablet.client.shift.moveCash('in', 500, '换零钱').ok).toBe(true);
  await synced(tablet);
  // As an older version wrote them: all in one key, no topUps field.
  tablet.client.flush();
  const stored = tablet.standIn.storage.dump();
  const records = tablet.client.ledger.shiftLog.values().map(({ topUps, ...record }) => {
    expect(topUps).toEqual([]);
    return record;
  });
  expect(records).toHaveLength(1);
  for (const key of Object.keys(stored))
    if (key.startsWith(`${chunkPrefixes.shifts}.`)) delete stored[key];
  stored[storageKeys.shifts] = { shifts: records };
  await shutDown(tablet);
  tablet = launch({ storage: stored });
  signIn(tablet);
  expect(tablet.client.shift.current).toMatchObject({ topUps: [], movements: [{ amount: 500 }] });
  expect(tablet.client.shift.currentSummary?.expected).toBe(15500);
  // Moved into the shifts table at once: the old key is gone.
  const keys = tablet.standIn.storage.keys();
  expect(keys).not.toContain(storageKeys.shifts);
  expect(keys).toContain(`${chunkPrefixes.shifts}.0`);
  // And a top-up now joins the old record.
  expect(tablet.client.members.topUp(member.phone, 700).ok).toBe(true);
  expect(tablet.client.shift.currentSummary).toMatchObject({ cashTopUps: 700, expected: 16200 });
});

test('the drawer opened without a sale is recorded offline, synced, and listed in the server’s audit log', async () => {
  const tablet = await pairedTill();
  const { shift } = tablet.client;
  expect(shift.openDrawer('  ')).toMatchObject({
    ok: false,
    error: { code: 'drawer_reason_missing' },
  });
  expect(tablet.client.ledger.outbox.entries()).toEqual([]);

  tablet.standIn.network.set({ isConnected: false });
  await until(() => tablet.client.sync.status.connection !== 'online', 'the till to go offline');
  const noShift = shift.openDrawer('核对现金');
  expect(noShift).toMatchObject({ ok: true, value: { shiftId: null, reason: '核对现金' } });
  expect(shift.open(10000).ok).toBe(true);
  const onShift = shift.openDrawer(' 找零给隔壁店 ');
  expect(onShift).toMatchObject({
    ok: true,
    value: { shiftId: shift.current!.opened.shiftId, reason: '找零给隔壁店' },
  });
  expect(tablet.client.ledger.outbox.entries().map((e) => e.op.type)).toEqual([
    'drawer.opened',
    'shift.opened',
    'drawer.opened',
  ]);
  expect(tablet.client.sync.unsyncedCount).toBe(3);
  // Opening the drawer is no cash: the expected cash is the float.
  expect(shift.currentSummary?.expected).toBe(10000);

  tablet.standIn.network.set({ isConnected: true });
  await synced(tablet);
  const manager = await signInOnServer(server);
  const { body } = await api<{
    entries: Array<{ kind: string; reason: string; deviceCode: string; staffName: string }>;
  }>(server, 'GET', '/api/reports/audit?kind=drawer_no_sale', { token: manager });
  const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;
  const deviceCode = tablet.client.ledger.identity?.deviceCode;
  expect(body.entries).toEqual([
    expect.objectContaining({ reason: '找零给隔壁店', deviceCode, staffName: cashier.name }),
    expect.objectContaining({ reason: '核对现金', deviceCode, staffName: cashier.name }),
  ]);
});

test('a shift left open for days keeps its cash sales in the expected cash, as the server does', async () => {
  // The till's clock runs days ahead of the server's while the shift stays open.
  let ahead = 0;
  const client = { now: () => Date.now() + ahead };
  let tablet = launch({ client });
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  expect(tablet.client.shift.open(20000).ok).toBe(true);
  const sale = sellForCash(tablet, [
    { skuId: tablet.client.catalog.products[0].skus[0].id, qty: 1 },
  ]);
  const expected = 20000 + sale.total;
  await synced(tablet);
  expect(tablet.client.shift.currentSummary?.expected).toBe(expected);

  // Three days on, the sale is past the history kept: pruned at the relaunch, and yet it is cash
  // in this drawer.
  ahead = 3 * 24 * 60 * 60 * 1000;
  tablet.client.flush();
  tablet = await relaunch(tablet, { client });
  signIn(tablet);
  expect(tablet.client.shift.currentSummary?.expected).toBe(expected);

  const manager = await signInOnServer(server);
  const day = businessDayOf(sale.createdAt, demo.settings);
  const { body } = await api<{ report: { z: { shifts: Array<{ expected: number }> } } }>(
    server,
    'GET',
    `/api/reports/days/${day}`,
    { token: manager },
  );
  expect(body.report.z.shifts).toEqual([expect.objectContaining({ expected })]);
});
