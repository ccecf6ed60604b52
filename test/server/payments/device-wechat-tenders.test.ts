// A WeChat Pay tender is the server's to record: its pay QR paid, the fold marks the order paid with
// it (apply-payment.ts). A device's order placed or paid with one is refused on receipt by name,
// whatever trade it names, and a refund never goes back through a trade that is not a paid payment
// of the order refunded (one a journal kept from before the rule is left to refund by hand).
import type { Order, PaymentRefund, Tender } from '@pos/shared';
import { saleOperation, trackedSkus } from '../../support/sales';
import { removeDir } from '../../support/temp-dir';
import { startTestServer } from '../../support/test-server';
import { ProtocolClient } from '../../support/protocol-client';
import { hashOperation } from '../../../sync-server/store/receipt';
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

let till: PaymentTill;
beforeEach(async () => {
  till = await openTill();
});
afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
});

const simulator = () => till.server.pos.payments.simulator!;

/** An order paid through the server's pay QR (the simulator): the trade that took its money. */
async function paidByQr(): Promise<{ order: Order; outTradeNo: string }> {
  const placed = await placeOpenOrder(till, [{ skuId: trackedSkus[0].id, qty: 2 }]);
  const made = await requestPayment(till, { orderId: placed.id, otherTenders: [] });
  expect(made.status).toBe(201);
  const { outTradeNo } = till.server.store.state.payments[made.body.payment.id];
  simulator().confirm(outTradeNo);
  await statusUntil(till, made.body.payment.id, (v) => v.status === 'paid', 'paid');
  return { order: till.server.store.order(placed.id)!, outTradeNo };
}

/** A sale as the till would place it, but paid by a WeChat tender naming `reference`. */
function saleClaimingWechat(reference: string) {
  const op = saleOperation({
    device: till.device,
    seq: ++till.seq,
    items: [{ skuId: trackedSkus[0].id, qty: 2 }],
    at: till.clock.now(),
  });
  const wechat: Tender = { method: 'wechat', amount: op.payload.total, reference };
  op.payload = { ...op.payload, tenders: [wechat] };
  return op;
}

const refundsOf = (orderId: string): PaymentRefund[] =>
  Object.values(till.server.store.state.paymentRefunds).filter((r) => r.orderId === orderId);

const settledRefunds = (orderId: string) =>
  serverUntil(
    () => refundsOf(orderId),
    (refunds) =>
      refunds.length > 0 && refunds.every((r) => ['succeeded', 'failed'].includes(r.status)),
    'the refund to settle',
  );

test("an order placed paid by a WeChat tender naming another order's QR payment is refused by name", async () => {
  const paid = await paidByQr();
  const forged = saleClaimingWechat(paid.outTradeNo);
  const { results } = await till.sync.push([forged]);
  expect(results[0]).toMatchObject({
    status: 'refused',
    error: { code: 'wechat_tender_from_device' },
  });
  expect(results[0].error!.message).toContain(forged.payload.orderNo);
  expect(results[0].error!.message).toContain(paid.outTradeNo);
  expect(till.server.store.order(forged.payload.id)).toBeUndefined();
  // Received all the same (no gap in the sequence), and the paid order is untouched.
  expect(till.server.store.device(till.device.deviceId)?.ackedSeq).toBe(till.seq);
  expect(till.server.store.order(paid.order.id)).toMatchObject({ status: 'paid', refunds: [] });
  expect(simulator().refundCount).toBe(0);
});

test('an open order paid by a push with a WeChat tender is refused by name and stays open for its QR', async () => {
  const paid = await paidByQr();
  const open = await placeOpenOrder(till);
  const answer = await pushOperation(till, 'order.paid', {
    orderId: open.id,
    cashierId: 'staff-cashier-1',
    tenders: [{ method: 'wechat', amount: open.total, reference: paid.outTradeNo }],
    paidAt: till.clock.now(),
    deviceId: till.device.deviceId,
  });
  expect(answer).toMatchObject({ status: 'refused', error: { code: 'wechat_tender_from_device' } });
  expect(answer.error!.message).toContain(open.id);
  expect(till.server.store.order(open.id)).toMatchObject({ status: 'open', tenders: [] });
});

test("a WeChat tender a journal kept from before the rule, naming another order's trade: its refund is left to refund by hand, never sent through that trade", async () => {
  const paid = await paidByQr();
  // Recorded as a journal written before the receipt rule holds it: applied by the fold.
  const forged = saleClaimingWechat(paid.outTradeNo);
  await till.server.store.commit({ kind: 'op', op: forged, hash: hashOperation(forged) });
  expect(till.server.store.order(forged.payload.id)?.status).toBe('paid');

  await pushRefund(till, forged.payload);
  const [byHand] = await settledRefunds(forged.payload.id);
  expect(byHand).toMatchObject({ status: 'failed', amount: forged.payload.total });
  expect(byHand.outTradeNo).not.toBe(paid.outTradeNo);
  expect(byHand.problem).toContain(paid.outTradeNo);
  expect(byHand.problem).toMatch(/by hand/);
  expect(simulator().refundCount).toBe(0);

  // The order paid by that trade is refunded through it, after a restart too (the trades are
  // read back from the journal).
  const { dataDir } = till.server;
  await closeTill(till);
  const server = await startTestServer({ dataDir, now: till.clock.now });
  till = { ...till, server, sync: await ProtocolClient.open(server.url, till.device.token) };
  await pushRefund(till, paid.order, { amount: 100 });
  const [sent] = await settledRefunds(paid.order.id);
  expect(sent).toMatchObject({ status: 'succeeded', outTradeNo: paid.outTradeNo, amount: 100 });
  expect(till.server.pos.payments.simulator!.refundCount).toBe(1);
});
