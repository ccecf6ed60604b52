// A WeChat Pay payment tops up stored value once. A device's top-up by WeChat names its payment;
// one naming a trade of the server's own payments (a QR top-up the fold credited, an order's pay
// QR) or a payment another top-up was credited under is refused on receipt by name, after a
// restart too, and the balance keeps the one credit.
import { businessDayOf, type AckResult } from '@pos/shared';
import { ProtocolClient } from '../../support/protocol-client';
import { removeDir } from '../../support/temp-dir';
import { api, demo, startTestServer } from '../../support/test-server';
import {
  closeTill,
  openTill,
  placeOpenOrder,
  pushOperation,
  requestPayment,
  statusUntil,
  type PaymentTill,
} from './support';

// 陈女士: ¥350.00 of stored value in the demo.
const chen = demo.members[0];
let till: PaymentTill;
beforeEach(async () => {
  till = await openTill();
});
afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
});

const balance = () => till.server.store.state.members[chen.id].balance;
const wechatTopUpsToday = () =>
  till.server.store.state.memberDays[businessDayOf(till.clock.now(), demo.settings)]?.topUps.wechat;

/** A top-up by WeChat Pay as a device records it, naming its payment. */
function pushWechatTopUp(amount: number, reference: string): Promise<AckResult> {
  const at = till.clock.now();
  return pushOperation(till, 'member.topped_up', {
    id: `${till.device.deviceId}:topup:${till.seq + 1}`,
    memberId: chen.id,
    amount,
    payment: { method: 'wechat', reference },
    staffId: 'staff-cashier-1',
    at,
    businessDay: businessDayOf(at, demo.settings),
  });
}

function expectRefusedNaming(answer: AckResult, reference: string, earlierUse: string): void {
  expect(answer).toMatchObject({ status: 'refused', error: { code: 'top_up_reference_used' } });
  expect(answer.error!.message).toContain(reference);
  expect(answer.error!.message).toContain(earlierUse);
}

test("a top-up naming the trade of a QR top-up the server credited, or of an order's pay QR, is refused by name", async () => {
  const made = await api<{ payment: { id: string } }>(
    till.server,
    'POST',
    '/api/payments/top-ups',
    {
      token: till.device.token,
      body: { memberId: chen.id, amount: 10_000, cashierId: 'staff-cashier-1' },
    },
  );
  expect(made.status).toBe(201);
  const topUp = till.server.store.state.payments[made.body.payment.id];
  till.server.pos.payments.simulator!.confirm(topUp.outTradeNo);
  await statusUntil(till, topUp.id, (v) => v.status === 'paid', 'paid');
  expect(balance()).toBe(chen.balance + 10_000);

  expectRefusedNaming(await pushWechatTopUp(10_000, topUp.outTradeNo), topUp.outTradeNo, topUp.id);
  expect(balance()).toBe(chen.balance + 10_000);
  expect(wechatTopUpsToday()).toEqual({ count: 1, amount: 10_000 });

  // An order's payment, still waiting for its customer: its trade is the server's too.
  const order = await placeOpenOrder(till);
  const asked = await requestPayment(till, { orderId: order.id, otherTenders: [] });
  const { outTradeNo } = till.server.store.state.payments[asked.body.payment.id];
  expectRefusedNaming(await pushWechatTopUp(order.total, outTradeNo), outTradeNo, order.orderNo);
  expect(balance()).toBe(chen.balance + 10_000);
  // Refused, not lost: received (no gap in the sequence).
  expect(till.server.store.device(till.device.deviceId)?.ackedSeq).toBe(till.seq);
});

test('a payment one top-up was credited under is refused to the next, after a restart too; another is credited', async () => {
  expect((await pushWechatTopUp(5_000, 'wx4200000001')).status).toBe('applied');
  const first = `${till.device.deviceId}:topup:${till.seq}`;
  expectRefusedNaming(await pushWechatTopUp(5_000, 'wx4200000001'), 'wx4200000001', first);
  expect(balance()).toBe(chen.balance + 5_000);

  // The store's memory of it comes back from its files (checkpoint and journal).
  const { dataDir } = till.server;
  await closeTill(till);
  const server = await startTestServer({ dataDir, now: till.clock.now });
  till = { ...till, server, sync: await ProtocolClient.open(server.url, till.device.token) };
  expectRefusedNaming(await pushWechatTopUp(5_000, 'wx4200000001'), 'wx4200000001', first);
  expect((await pushWechatTopUp(5_000, 'wx4200000002')).status).toBe('applied');
  expect(balance()).toBe(chen.balance + 10_000);
  expect(wechatTopUpsToday()).toEqual({ count: 2, amount: 10_000 });
});
