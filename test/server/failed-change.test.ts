// A fault in the server's fold (a bug, not bad data) must not leave the store half-changed: the
// operation it failed on is refused whole and kept as received, the rest of its push is applied on
// the state rebuilt from the files, and memory, other devices and a restart all agree. The fault is
// the one stand-in here: a fold step made to throw after the real one changed the state.
import { businessDayOf, type Snapshot } from '@pos/shared';
import * as applyMember from '../../sync-server/store/apply-member';
import * as recovery from '../../sync-server/store/recovery';
import { until } from '../client/support/until';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation, trackedSkus } from '../support/sales';
import {
  api,
  pairTestDevice,
  serverForEachTest,
  signIn,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let tablet: PairedTestDevice;
const clients: ProtocolClient[] = [];

serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});
beforeEach(async () => {
  tablet = await pairTestDevice(server, 'Till 1', 'tablet');
});
afterEach(() => jest.restoreAllMocks());

const sku = trackedSkus[0].id;

async function restart(): Promise<void> {
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
}

/** Makes the fold fail on the sale of `orderId`, after the real steps changed the state. */
function faultySettlementOf(orderId: string): void {
  const settleSale = applyMember.settleSale;
  jest.spyOn(applyMember, 'settleSale').mockImplementation((ctx, order, op) => {
    const settled = settleSale(ctx, order, op);
    if (order.id === orderId) {
      // Gone wrong after the sale was in memory: the state the fold leaves is half-changed.
      ctx.orders.put(settled.order);
      throw new Error('settling the sale went wrong');
    }
    return settled;
  });
}

test('a sale the fold fails on is refused whole and kept; the rest of its push is applied; a restart agrees', async () => {
  const levelBefore = server.store.state.stock[sku].level;
  const phone = await pairTestDevice(server, 'Phone 1', 'phone');
  const watcher = await ProtocolClient.open(server.url, phone.token, server.store.cursor);
  const till = await ProtocolClient.open(server.url, tablet.token, null, { pending: true });
  clients.push(watcher, till);
  const sales = [1, 2, 3].map((seq) => saleOperation({ device: tablet, seq }));
  faultySettlementOf(sales[1].payload.id);

  const { results, ackedSeq } = await till.push(sales);
  expect(results.map((result) => result.status)).toEqual(['applied', 'refused', 'applied']);
  expect(results[1].error?.code).toBe('apply_failed');
  expect(results[1].error?.message).toMatch(/settling the sale went wrong/);
  // Received, answered and kept: the device moves past it and shows it, never resends it blind.
  expect(ackedSeq).toBe(3);

  const holdsTwoSales = () => {
    expect(server.store.order(sales[0].payload.id)).toBeDefined();
    expect(server.store.order(sales[1].payload.id)).toBeUndefined();
    expect(server.store.order(sales[2].payload.id)).toBeDefined();
    expect(server.store.state.stock[sku].level).toBe(levelBefore - 2);
  };
  holdsTwoSales();
  till.send({ type: 'pull' });
  await watcher.waitFor(
    (m) =>
      m.type === 'changes' &&
      m.changes.some((c) => c.kind === 'order' && c.order.id === sales[2].payload.id),
    'the third sale',
  );
  const orderIds = watcher
    .changes()
    .flatMap((change) => (change.kind === 'order' ? [change.order.id] : []));
  expect(orderIds).toEqual([sales[0].payload.id, sales[2].payload.id]);

  // The same answer to a resend, from memory and from the files after a restart.
  jest.restoreAllMocks();
  expect((await till.push([sales[1]])).results[0]).toMatchObject({
    status: 'refused',
    error: { code: 'apply_failed' },
  });
  till.close();
  await restart();
  holdsTwoSales();
  expect(server.store.device(tablet.deviceId)).toMatchObject({ ackedSeq: 3, missingSeqs: [] });
  const again = await ProtocolClient.open(server.url, tablet.token, null, { pending: true });
  clients.push(again);
  expect((await again.push([sales[1]])).results[0].error?.code).toBe('apply_failed');

  // The money was taken at the till: the manager finds the sale in the audit, from the journal.
  const audit = await api<{ entries: Array<Record<string, unknown>> }>(
    server,
    'GET',
    '/api/reports/audit?kind=operation_refused',
    { token: await signIn(server) },
  );
  expect(audit.body.entries).toEqual([
    expect.objectContaining({
      deviceId: tablet.deviceId,
      orderNo: sales[1].payload.orderNo,
      amount: sales[1].payload.total,
      staffId: sales[1].payload.cashierId,
      facts: {
        kind: 'refused',
        operation: 'order.placed',
        code: 'apply_failed',
        message: expect.stringMatching(/went wrong/),
      },
    }),
  ]);
});

test('a snapshot asked for while the fold fails is taken from the rebuilt state, never the half-changed one', async () => {
  const levelBefore = server.store.state.stock[sku].level;
  const till = await ProtocolClient.open(server.url, tablet.token, null, { pending: true });
  clients.push(till);
  const sales = [1, 2, 3].map((seq) => saleOperation({ device: tablet, seq }));
  let asked: Promise<{ snapshot: Snapshot }> | null = null;
  const settleSale = applyMember.settleSale;
  jest.spyOn(applyMember, 'settleSale').mockImplementation((ctx, order, op) => {
    const changes = settleSale(ctx, order, op);
    if (order.id !== sales[1].payload.id) return changes;
    // A device says hello at the worst moment: this order and its stock are in memory only.
    asked = server.store.snapshot(businessDayOf(Date.now(), server.store.settings));
    throw new Error('settling the sale went wrong');
  });

  await till.push(sales);
  expect(asked).not.toBeNull();
  const { snapshot } = await asked!;
  const ids = snapshot.orders.map((order) => order.id);
  expect(ids).toContain(sales[0].payload.id);
  expect(ids).not.toContain(sales[1].payload.id);
  const sold = sales.filter((sale) => ids.includes(sale.payload.id)).length;
  expect(snapshot.stock.find((entry) => entry.skuId === sku)?.level).toBe(levelBefore - sold);
});

test('a read made while the state is rebuilt waits for it, and never sees the half-changed state', async () => {
  const token = await signIn(server);
  const till = await ProtocolClient.open(server.url, tablet.token, null, { pending: true });
  clients.push(till);
  const sales = [1, 2].map((seq) => saleOperation({ device: tablet, seq }));
  const failed = sales[1].payload.id;
  let read: Promise<{ status: number }> | null = null;
  let letRebuildFinish = () => {};
  const rebuildContext = recovery.rebuildContext;
  jest.spyOn(recovery, 'rebuildContext').mockImplementation(async (files) => {
    // The manager opens the order while its half-made state is the one in memory.
    read = api(server, 'GET', `/api/orders/${failed}`, { token });
    await new Promise<void>((resolve) => (letRebuildFinish = resolve));
    return rebuildContext(files);
  });
  faultySettlementOf(failed);

  const pushed = till.push(sales);
  await until(() => read !== null, 'the rebuild');
  let early: unknown;
  let halfChanged: boolean;
  try {
    early = await Promise.race([
      read!.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 300)),
    ]);
    halfChanged = server.store.order(failed) !== undefined;
  } finally {
    letRebuildFinish();
  }
  expect(early).toBe('waiting');
  expect(halfChanged).toBe(true); // what a read would have seen
  expect((await read!).status).toBe(404);
  expect((await pushed).results.map((result) => result.status)).toEqual(['applied', 'refused']);
});

test('a change made through the API that the fold fails on is answered 500 by name, and nothing of it is kept', async () => {
  const token = await signIn(server);
  const applyMemberEvent = applyMember.applyMemberEvent;
  jest.spyOn(applyMember, 'applyMemberEvent').mockImplementation((ctx, event, at) => {
    applyMemberEvent(ctx, event, at);
    throw new Error('joining went wrong');
  });
  const journalN = server.store.state.journalN;
  const cursor = server.store.cursor;
  const joined = await api(server, 'POST', '/api/members', {
    token,
    body: { phone: '13700001111', name: '王芳' },
  });
  expect(joined.status).toBe(500);
  expect(joined.body).toMatchObject({ error: { code: 'change_failed' } });
  expect(JSON.stringify(joined.body)).toMatch(/joining went wrong.*Nothing of it was kept/);
  expect(server.store.memberByPhone('13700001111')).toBeUndefined();
  expect(server.store.state.journalN).toBe(journalN);
  expect(server.store.cursor).toBe(cursor);

  // The store goes on: the same join, the fault mended, is made once, and survives a restart.
  jest.restoreAllMocks();
  const retried = await api(server, 'POST', '/api/members', {
    token,
    body: { phone: '13700001111', name: '王芳' },
  });
  expect(retried.status).toBe(201);
  await restart();
  expect(server.store.memberByPhone('13700001111')).toMatchObject({ name: '王芳' });
  expect(server.store.state.journalN).toBe(journalN + 1);
});
