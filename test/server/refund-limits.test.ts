// How far refunds may grow one order, over a real WebSocket with the data on disk. Each refund is
// folded into a new copy of the whole order, written whole in its journal line and its change: with
// no limit, one till refunding a 3000-piece sale one piece at a time grew the journal quadratically
// until its write failed and the store refused every device's changes. The 101st refund of an
// order is refused by name, kept as received, and the store goes on.
import {
  allocateFen,
  applyRefund,
  businessDayOf,
  MAX_REFUNDABLE_ORDER_CHARS,
  MAX_REFUNDS_PER_ORDER,
  refundableByLine,
  suggestRefund,
  type Operation,
  type Order,
} from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation, trackedSkus } from '../support/sales';
import {
  demo,
  pairTestDevice,
  serverForEachTest,
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

async function open(): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, tablet.token, null, { pending: true });
  clients.push(client);
  return client;
}

/**
 * One piece of each of the order's first `lineCount` lines back in cash, worded as a till words it
 * but without the till's own check of the bounds (a till of an older version); and the order after.
 */
function piecesBack(order: Order, seq: number, lineCount = 1): { op: Operation; after: Order } {
  const lines = refundableByLine(order)
    .slice(0, lineCount)
    .map((left) => ({
      lineId: left.lineId,
      qty: 1,
      amount: allocateFen(left.amount, [1, left.qty - 1])[0],
    }));
  const amount = lines.reduce((sum, line) => sum + line.amount, 0);
  const now = Date.now();
  const refund = {
    id: `${tablet.deviceId}:refund:${seq}`,
    orderId: order.id,
    deviceId: tablet.deviceId,
    staffId: 'staff-cashier-1',
    approvedBy: 'staff-manager',
    reason: '顾客退回一件'.repeat(40).slice(0, 200),
    createdAt: now,
    businessDay: businessDayOf(now, demo.settings),
    lines,
    tenders: [{ method: 'cash' as const, amount }],
    restock: true,
  };
  const after = applyRefund(order, refund);
  if (!after.ok) throw new Error(after.error.message);
  const op: Operation = {
    id: `${tablet.deviceId}:${seq}`,
    deviceId: tablet.deviceId,
    seq,
    createdAt: now,
    type: 'order.refunded',
    payload: refund,
  };
  return { op, after: after.value };
}

test('an order takes at most 100 refunds: the next is refused by name and kept, and the store goes on', async () => {
  const till = await open();
  const sale = saleOperation({
    device: tablet,
    seq: 1,
    items: [{ skuId: trackedSkus[0].id, qty: 3000 }],
  });
  expect((await till.push([sale])).results[0].status).toBe('applied');

  let order: Order = sale.payload;
  const refunds: Operation[] = [];
  for (let i = 0; i < MAX_REFUNDS_PER_ORDER + 1; i++) {
    const { op, after } = piecesBack(order, i + 2);
    refunds.push(op);
    order = after;
  }
  const { results, ackedSeq } = await till.push(refunds);
  expect(results.slice(0, MAX_REFUNDS_PER_ORDER).every((r) => r.status === 'applied')).toBe(true);
  const last = results[MAX_REFUNDS_PER_ORDER];
  expect(last).toMatchObject({ status: 'refused', error: { code: 'too_many_refunds' } });
  expect(last.error?.message).toContain(sale.payload.orderNo);
  expect(ackedSeq).toBe(MAX_REFUNDS_PER_ORDER + 2);
  const held = server.store.order(sale.payload.id)!;
  expect(held.refunds).toHaveLength(MAX_REFUNDS_PER_ORDER);
  // A till of this version refuses to make it, by the same rule.
  expect(suggestRefund(held, [{ lineId: held.lines[0].lineId, qty: 1 }])).toMatchObject({
    ok: false,
    error: { code: 'too_many_refunds' },
  });
  // A resend gets the same answer; the store still takes other changes.
  const again = await till.push([refunds[MAX_REFUNDS_PER_ORDER]]);
  expect(again.results[0].error?.code).toBe('too_many_refunds');
  const next = saleOperation({ device: tablet, seq: MAX_REFUNDS_PER_ORDER + 3 });
  expect((await till.push([next])).results[0].status).toBe('applied');

  // The journal replays to the same order: the refusal is kept, not applied.
  till.close();
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  expect(server.store.order(sale.payload.id)?.refunds).toHaveLength(MAX_REFUNDS_PER_ORDER);
}, 10_000);

test('an order grown too large takes no further refund: refused by name, on the till as on the server', async () => {
  const till = await open();
  const everyPiece = demo.products
    .filter((product) => product.active && product.soldBy === 'piece')
    .flatMap((product) => product.skus.map((sku) => ({ skuId: sku.id, qty: 500 })));
  const sale = saleOperation({ device: tablet, seq: 1, items: everyPiece });
  expect((await till.push([sale])).results[0].status).toBe('applied');

  // Each refund gives back a piece of every line: the order grows by thousands of characters a time.
  let order: Order = sale.payload;
  const refunds: Operation[] = [];
  while (JSON.stringify(order).length <= MAX_REFUNDABLE_ORDER_CHARS) {
    const { op, after } = piecesBack(order, refunds.length + 2, order.lines.length);
    refunds.push(op);
    order = after;
  }
  const tooMany = piecesBack(order, refunds.length + 2, order.lines.length).op;
  const { results } = await till.push([...refunds, tooMany]);
  expect(results.slice(0, -1).every((result) => result.status === 'applied')).toBe(true);
  expect(results.at(-1)).toMatchObject({ status: 'refused', error: { code: 'order_too_large' } });
  expect(results.at(-1)?.error?.message).toContain(sale.payload.orderNo);
  const held = server.store.order(sale.payload.id)!;
  expect(held.refunds).toHaveLength(refunds.length);
  expect(suggestRefund(held, [{ lineId: held.lines[0].lineId, qty: 1 }])).toMatchObject({
    ok: false,
    error: { code: 'order_too_large' },
  });
}, 10_000);
