// Refunds through the payment provider: a device's refund (or void) of a WeChat-paid order is
// sent to WeChat Pay with an out_refund_no derived from the refund's id, sent again after a lost
// answer, an outage or a restart (one refund at WeChat however often), followed until it succeeds,
// and shown to the devices (on the order) and the manager; the simulator refunds the same way.
import type { Order, PaymentRefund } from '@pos/shared';
import { FakeWechatPay } from '../../support/fake-wechatpay';
import { removeDir } from '../../support/temp-dir';
import { api, signIn, startTestServer } from '../../support/test-server';
import { ProtocolClient } from '../../support/protocol-client';
import { trackedSkus } from '../../support/sales';
import {
  closeTill,
  openTill,
  placeOpenOrder,
  pushOperation,
  pushRefund,
  requestPayment,
  serverUntil,
  statusUntil,
  type PaymentTill,
} from './support';

let fake: FakeWechatPay;
let till: PaymentTill;
const dirs: string[] = [];
beforeEach(async () => {
  fake = await new FakeWechatPay().start();
});
afterEach(async () => {
  await closeTill(till);
  await fake.stop();
  for (const dir of dirs.splice(0)) removeDir(dir);
});

async function wechatTill(options: { retryMs?: number } = {}) {
  till = await openTill({ payments: { wechatPay: fake.config(), ...options } });
  dirs.push(till.server.dataDir);
}

/** An order paid by WeChat Pay through the pay QR, as the server recorded it. */
async function paidOrder(qty = 1, cash = 0): Promise<{ order: Order; outTradeNo: string }> {
  const placed = await placeOpenOrder(till, [{ skuId: trackedSkus[0].id, qty }]);
  const otherTenders = cash ? [{ method: 'cash', amount: cash, tendered: cash, change: 0 }] : [];
  const made = await requestPayment(till, { orderId: placed.id, otherTenders });
  expect(made.status).toBe(201);
  const { outTradeNo } = till.server.store.state.payments[made.body.payment.id];
  if (till.server.pos.payments.simulator) till.server.pos.payments.simulator.confirm(outTradeNo);
  else fake.pay(outTradeNo);
  await statusUntil(till, made.body.payment.id, (v) => v.status === 'paid', 'paid');
  return { order: till.server.store.order(placed.id)!, outTradeNo };
}

const refundsOf = (orderId: string): PaymentRefund[] =>
  Object.values(till.server.store.state.paymentRefunds).filter((r) => r.orderId === orderId);

const refundUntil = (orderId: string, status: PaymentRefund['status']) =>
  serverUntil(
    () => refundsOf(orderId),
    (refunds) => refunds.length > 0 && refunds.every((r) => r.status === status),
    `the refund to be ${status}`,
  ).then((refunds) => refunds[0]);

/** What the device last heard of the order through sync. */
async function orderAsSynced(sync: ProtocolClient, orderId: string, status: string) {
  await sync.waitFor(
    () =>
      sync
        .changes()
        .some(
          (c) =>
            c.kind === 'order' &&
            c.order.id === orderId &&
            c.order.paymentRefunds?.some((r) => r.status === status),
        ),
    `the order's refund ${status} through sync`,
  );
}

test('a refund whose answer was lost is sent again after a restart with the same out_refund_no: WeChat refunds once', async () => {
  // No retries by this server: the restart is what sends it again.
  await wechatTill({ retryMs: 60_000 });
  const { order, outTradeNo } = await paidOrder();
  fake.loseRefundAnswers = 1;
  const refund = await pushRefund(till, order);
  const doubted = await refundUntil(order.id, 'pending_verification');
  expect(doubted.outRefundNo).toBe(refund.id.replace(/:/g, '*'));
  expect(doubted.problem).toMatch(/did not answer/);
  expect(doubted.amount).toBe(order.total);
  // WeChat Pay made the refund; the store does not know it yet.
  expect(fake.refunds.size).toBe(1);

  const { dataDir } = till.server;
  await closeTill(till);
  const server = await startTestServer({
    dataDir,
    now: till.clock.now,
    payments: { wechatPay: fake.config(), pollMs: 40, retryMs: 80, refundPollMs: 40 },
  });
  const sync = await ProtocolClient.open(server.url, till.device.token);
  till = { ...till, server, sync };
  const processing = await refundUntil(order.id, 'processing');
  expect(processing.providerRefundId).toBe(fake.refunds.get(doubted.outRefundNo)!.refund_id);
  fake.finishRefund(doubted.outRefundNo);
  const done = await refundUntil(order.id, 'succeeded');
  expect(done.succeededAt).toBe(Date.parse('2026-11-22T11:10:00+08:00'));

  expect(fake.refunds.size).toBe(1);
  expect(fake.refunds.get(doubted.outRefundNo)).toMatchObject({
    out_trade_no: outTradeNo,
    amount: order.total,
  });
  expect(new Set(fake.refundRequests)).toEqual(new Set([doubted.outRefundNo]));
  expect(fake.refundRequests.length).toBeGreaterThanOrEqual(2);
  expect(fake.refusedSignatures).toEqual([]);
  // The order is refunded on the server, its refund marked as paid back, and the device hears it.
  const stored = server.store.order(order.id)!;
  expect(stored.status).toBe('refunded');
  expect(stored.paymentRefunds).toEqual([
    expect.objectContaining({ outRefundNo: doubted.outRefundNo, status: 'succeeded' }),
  ]);
  await orderAsSynced(sync, order.id, 'succeeded');
});

test('outage: the refund waits as pending verification, then goes through once WeChat Pay answers', async () => {
  await wechatTill();
  const { order } = await paidOrder(3);
  fake.mode = 'down';
  await pushRefund(till, order, { amount: 100 });
  const doubted = await refundUntil(order.id, 'pending_verification');
  expect(doubted.amount).toBe(100);
  expect(fake.refunds.size).toBe(0);
  await orderAsSynced(till.sync, order.id, 'pending_verification');

  // The manager sees it waiting.
  const manager = await signIn(till.server);
  const waiting = await api<{ refunds: PaymentRefund[] }>(
    till.server,
    'GET',
    `/api/payments/refunds?unfinished=1&businessDay=${order.businessDay}`,
    { token: manager },
  );
  expect(waiting.body.refunds.map((r) => [r.orderNo, r.amount, r.status])).toEqual([
    [order.orderNo, 100, 'pending_verification'],
  ]);

  fake.mode = 'normal';
  const processing = await refundUntil(order.id, 'processing');
  fake.finishRefund(processing.outRefundNo);
  await refundUntil(order.id, 'succeeded');
  expect(fake.refunds.size).toBe(1);
  expect(till.server.store.order(order.id)!.status).toBe('partially_refunded');
  await orderAsSynced(till.sync, order.id, 'succeeded');
  const after = await api<{ refunds: PaymentRefund[] }>(
    till.server,
    'GET',
    '/api/payments/refunds?unfinished=1',
    { token: manager },
  );
  expect(after.body.refunds).toEqual([]);
});

test('a second partial refund goes back through the same payment with its own number; a cash refund sends nothing', async () => {
  await wechatTill();
  const { order } = await paidOrder(3, 100);
  await pushRefund(till, order, { amount: 100 });
  await refundUntil(order.id, 'processing');
  await pushRefund(till, till.server.store.order(order.id)!, { amount: 50, method: 'cash' });
  await pushRefund(till, till.server.store.order(order.id)!, { amount: 200 });
  await serverUntil(
    () => refundsOf(order.id),
    (refunds) => refunds.length === 2 && refunds.every((r) => r.status === 'processing'),
    'two refunds processing',
  );
  expect([...fake.refunds.values()].map((r) => [r.amount, r.total]).sort()).toEqual([
    [100, order.total - 100],
    [200, order.total - 100],
  ]);
  expect(new Set(refundsOf(order.id).map((r) => r.outRefundNo)).size).toBe(2);
});

test('refused by WeChat Pay (balance short): failed for the manager, who sends it again once fixed', async () => {
  await wechatTill();
  const { order } = await paidOrder();
  fake.refundRefusal = { code: 'NOT_ENOUGH', message: '基本账户余额不足，请充值后重新发起' };
  await pushRefund(till, order);
  const failed = await refundUntil(order.id, 'failed');
  expect(failed.problem).toBe(
    'WeChat Pay refused the refund: NOT_ENOUGH 基本账户余额不足，请充值后重新发起',
  );
  await orderAsSynced(till.sync, order.id, 'failed');

  const manager = await signIn(till.server);
  const cashier = await signIn(till.server, 'cashier');
  const path = `/api/payments/refunds/${encodeURIComponent(failed.outRefundNo)}/retry`;
  expect((await api(till.server, 'POST', path, { token: cashier })).status).toBe(403);
  fake.refundRefusal = null;
  const retried = await api<{ refund: PaymentRefund }>(till.server, 'POST', path, {
    token: manager,
  });
  expect(retried.status).toBe(200);
  expect(retried.body.refund.status).toBe('processing');
  fake.finishRefund(failed.outRefundNo, 'ABNORMAL');
  const abnormal = await refundUntil(order.id, 'failed');
  expect(abnormal.problem).toMatch(/ABNORMAL.*merchant platform/);
  // Taken by WeChat Pay and not paid out: not sent again, settled by hand.
  const again = await api<{ error: { code: string } }>(till.server, 'POST', path, {
    token: manager,
  });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('settle_by_hand');
  expect(fake.refunds.size).toBe(1);
});

test('the simulator refunds through the same interface: a refund and a void of paid orders', async () => {
  till = await openTill();
  dirs.push(till.server.dataDir);
  const simulator = till.server.pos.payments.simulator!;
  const first = await paidOrder(2);
  const refund = await pushRefund(till, first.order, { amount: 100 });
  const done = await refundUntil(first.order.id, 'succeeded');
  expect(done).toMatchObject({
    outRefundNo: refund.id.replace(/:/g, '*'),
    outTradeNo: first.outTradeNo,
    provider: 'simulator',
    amount: 100,
  });
  expect(done.providerRefundId).toMatch(/^simrefund/);
  await orderAsSynced(till.sync, first.order.id, 'succeeded');

  // A paid order voided gives back everything its WeChat payment took.
  const second = await paidOrder();
  const voidedAnswer = await pushOperation(till, 'order.voided', {
    orderId: second.order.id,
    staffId: 'staff-cashier-1',
    approvedBy: 'staff-manager',
    reason: '收错单',
    at: till.clock.now(),
  });
  expect(voidedAnswer.status).toBe('applied');
  const voided = await refundUntil(second.order.id, 'succeeded');
  expect(voided.amount).toBe(second.order.total);
  expect(voided.outRefundNo).toBe(`${second.order.id}:void`.replace(/:/g, '*'));
  expect(simulator.refundCount).toBe(2);
});

test('a refund id the till already used is refused, on another order as on the same one: no WeChat refund is shared', async () => {
  await wechatTill();
  const first = await paidOrder(3);
  const second = await paidOrder(3);
  const refund = await pushRefund(till, first.order, { amount: 100 });
  const sent = await refundUntil(first.order.id, 'processing');

  const reusedOn = async (order: Order) => {
    const answer = await pushOperation(till, 'order.refunded', {
      ...refund,
      orderId: order.id,
      lines: [{ lineId: order.lines[0].lineId, qty: 1, amount: 100 }],
    });
    expect(answer).toMatchObject({ status: 'refused', error: { code: 'id_sequence_mismatch' } });
    expect(answer.error?.message).toContain(`refund ${refund.id}`);
  };
  // On another order it took over the first order's out_refund_no: marked refunded, nothing sent.
  await reusedOn(second.order);
  // On the same order the fold refused it already (duplicate_refund); now it never gets that far.
  await reusedOn(till.server.store.order(first.order.id)!);

  expect(till.server.store.order(second.order.id)).toMatchObject({ status: 'paid', refunds: [] });
  expect(till.server.store.order(second.order.id)!.paymentRefunds ?? []).toEqual([]);
  expect(till.server.store.order(first.order.id)!.refunds.map((r) => r.id)).toEqual([refund.id]);
  expect(till.server.store.state.paymentRefunds[sent.outRefundNo].orderId).toBe(first.order.id);
  expect(fake.refunds.size).toBe(1);

  // Refused, not lost: received (no gap in the sequence) and listed for the manager.
  expect(till.server.store.device(till.device.deviceId)?.ackedSeq).toBe(till.seq);
  const manager = await signIn(till.server);
  const audit = await api<{ entries: Array<{ kind: string; facts: unknown }> }>(
    till.server,
    'GET',
    '/api/reports/audit?kind=operation_refused',
    { token: manager },
  );
  // Newest first: of one time, the last received first.
  expect(audit.body.entries.map((entry) => entry.facts)).toEqual(
    [5, 4].map((seq) => ({
      kind: 'refused',
      operation: 'order.refunded',
      code: 'id_sequence_mismatch',
      message: expect.stringMatching(new RegExp(`^refund .* sequence ${seq}`)),
    })),
  );
});
