// Stored-value top-ups paid by QR: the server makes a payment for the top-up (no order), the till
// shows its pay QR, and the member's balance is credited exactly once when it is paid, whatever
// repeats it (polls, duplicate notifications, a restart replaying the journal), with the
// simulator and with WeChat Pay (the local fake); declined, expired or unknown ones credit nothing.
import { businessDayOf, type Member, type PaymentView } from '@pos/shared';
import { FakeWechatPay } from '../../support/fake-wechatpay';
import { removeDir } from '../../support/temp-dir';
import { api, demo, signIn, startTestServer } from '../../support/test-server';
import {
  closeTill,
  decodePng,
  fetchBuffer,
  openTill,
  pushOperation,
  serverUntil,
  statusUntil,
  type PaymentTill,
} from './support';

// 陈女士: ¥350.00 of stored value in the demo.
const chen = demo.members[0];
let till: PaymentTill;
let fake: FakeWechatPay | null = null;

afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
  if (fake) await fake.stop();
  fake = null;
});

const topUp = (body: Record<string, unknown>) =>
  api<{ payment: PaymentView; error: { code: string; message: string } }>(
    till.server,
    'POST',
    '/api/payments/top-ups',
    { token: till.device.token, body },
  );

const balanceOf = (id: string) => till.server.store.state.members[id].balance;
const wechatTopUpsToday = () =>
  till.server.store.state.memberDays[businessDayOf(till.clock.now(), demo.settings)]?.topUps.wechat;

/** The day report's stored-value top-ups by WeChat Pay: what the manager sees at day end. */
async function reportedWeChatTopUps(): Promise<{ count: number; amount: number }> {
  const day = businessDayOf(till.clock.now(), demo.settings);
  const { body } = await api<{
    report: {
      storedValue: {
        topUpCount: number;
        topUpsByMethod: Array<{ method: string; amount: number }>;
      };
    };
  }>(till.server, 'GET', `/api/reports/days/${day}`, { token: await signIn(till.server) });
  const { storedValue } = body.report;
  return {
    count: storedValue.topUpCount,
    amount: storedValue.topUpsByMethod.find((m) => m.method === 'wechat')?.amount ?? 0,
  };
}

/** Waits for the till to hear, through sync, of the member at this balance. */
async function syncedBalance(memberId: string, balance: number): Promise<Member[]> {
  await till.sync.waitFor(
    () =>
      till.sync
        .changes()
        .some(
          (c) => c.kind === 'member' && c.member.id === memberId && c.member.balance === balance,
        ),
    `the member at ${balance} through sync`,
  );
  return till.sync
    .changes()
    .flatMap((c) => (c.kind === 'member' && c.member.id === memberId ? [c.member] : []));
}

describe('with the payment simulator', () => {
  beforeEach(async () => {
    till = await openTill();
  });

  test('top-up QR -> simulator -> paid: the balance is credited once, synced to the till, counted in the day', async () => {
    const made = await topUp({ memberId: chen.id, amount: 10_000, cashierId: 'staff-cashier-1' });
    expect(made.status).toBe(201);
    const view = made.body.payment;
    expect(view).toMatchObject({ purpose: 'top_up', amount: 10_000, status: 'pending' });
    expect(view.orderNo).toMatch(/^T\d+-V[0-9A-Za-z]{8}$/);
    // The QR (decoded by an independent reader) opens the simulator's page, which says top-up.
    expect(decodePng((await fetchBuffer(till.server.url + view.qrPng)).body)).toBe(view.qrText);
    const page = await fetchBuffer(view.qrText);
    expect(page.body.toString()).toContain('会员储值充值');
    expect(page.body.toString()).toContain('¥100.00');

    const confirmed = await api(till.server, 'POST', `/api/customer/pay/${view.scene}/simulate`, {
      body: { action: 'confirm' },
    });
    expect(confirmed.status).toBe(200);
    await statusUntil(till, view.id, (v) => v.status === 'paid', 'paid');
    expect(balanceOf(chen.id)).toBe(chen.balance + 10_000);
    const heard = await syncedBalance(chen.id, chen.balance + 10_000);
    expect(heard).toHaveLength(1);
    expect(wechatTopUpsToday()).toEqual({ count: 1, amount: 10_000 });

    // Asked about again and again (the till's polls, the server's own): nothing more is credited.
    const payments = till.server.pos.payments.service;
    await payments.refresh(view.id);
    await payments.refresh(view.id);
    await statusUntil(till, view.id, (v) => v.status === 'paid', 'still paid');
    expect(balanceOf(chen.id)).toBe(chen.balance + 10_000);
    expect(wechatTopUpsToday()).toEqual({ count: 1, amount: 10_000 });
    expect(await reportedWeChatTopUps()).toEqual({ count: 1, amount: 10_000 });

    // A restart replays the journal: the top-up is credited once there too.
    till.sync.close();
    await till.server.close();
    const server = await startTestServer({ dataDir: till.server.dataDir, now: till.clock.now });
    till = { ...till, server, sync: { close() {} } as never };
    expect(balanceOf(chen.id)).toBe(chen.balance + 10_000);
    expect(wechatTopUpsToday()).toEqual({ count: 1, amount: 10_000 });
    expect(await reportedWeChatTopUps()).toEqual({ count: 1, amount: 10_000 });
  });

  test('declined or expired: nothing is credited', async () => {
    const declined = (await topUp({ memberId: chen.id, amount: 5_000 })).body.payment;
    await api(till.server, 'POST', `/api/customer/pay/${declined.scene}/simulate`, {
      body: { action: 'decline' },
    });
    await statusUntil(till, declined.id, (v) => v.status === 'declined', 'declined');

    const expired = (await topUp({ memberId: chen.id, amount: 5_000 })).body.payment;
    till.clock.advance(10 * 60_000);
    await statusUntil(till, expired.id, (v) => v.status === 'expired', 'expired');
    expect(balanceOf(chen.id)).toBe(chen.balance);
    expect(wechatTopUpsToday()?.count ?? 0).toBe(0);
    expect(await reportedWeChatTopUps()).toEqual({ count: 0, amount: 0 });
  });

  test('a member who joined offline and was merged is topped up through the provisional id', async () => {
    // The till made this id offline; the server merged it into 陈女士 by her phone.
    const provisional = `${till.device.deviceId}:member:1`;
    const joined = await pushOperation(till, 'member.joined', {
      id: provisional,
      phone: chen.phone,
      name: '',
      level: '',
      points: 0,
      balance: 0,
      joinedAt: till.clock.now(),
    });
    expect(joined.status).toBe('applied');
    const view = (await topUp({ memberId: provisional, amount: 2_000 })).body.payment;
    expect(till.server.store.state.payments[view.id].topUp?.memberId).toBe(chen.id);
    till.server.pos.payments.simulator!.confirm(
      till.server.store.state.payments[view.id].outTradeNo,
    );
    await statusUntil(till, view.id, (v) => v.status === 'paid', 'paid');
    expect(balanceOf(chen.id)).toBe(chen.balance + 2_000);
  });

  test('refused: an unknown member, no amount, too much; each says why and nothing is made', async () => {
    const unknown = await topUp({ memberId: 'T9:member:7', amount: 1_000 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('member_unknown');
    expect(unknown.body.error.message).toMatch(/has not reached the server yet/);
    const zero = await topUp({ memberId: chen.id, amount: 0 });
    expect(zero.status).toBe(400);
    const tooMuch = await topUp({ memberId: chen.id, amount: 500_001 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.message).toMatch(/at most ¥5000\.00/);
    const noToken = await api(till.server, 'POST', '/api/payments/top-ups', {
      body: { memberId: chen.id, amount: 1_000 },
    });
    expect(noToken.status).toBe(401);
    expect(Object.keys(till.server.store.state.payments)).toEqual([]);
  });
});

describe('with WeChat Pay', () => {
  let wechatPay: FakeWechatPay;
  beforeEach(async () => {
    fake = wechatPay = await new FakeWechatPay().start();
    till = await openTill({ payments: { wechatPay: wechatPay.config() } });
  });

  test('paid: duplicate notifications and polls credit the balance once', async () => {
    const view = (await topUp({ memberId: chen.id, amount: 20_000 })).body.payment;
    expect(view.qrText).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    const { outTradeNo } = till.server.store.state.payments[view.id];
    expect(outTradeNo).toMatch(/^T\d+\d{8}V[0-9A-Za-z]{8}$/);
    expect(wechatPay.trade(outTradeNo).body).toMatchObject({
      amount: { total: 20_000 },
      description: expect.stringContaining('会员储值充值'),
    });

    wechatPay.pay(outTradeNo);
    const notifyUrl = `${till.server.url}/api/payments/wechatpay/notify`;
    expect(await wechatPay.notify(notifyUrl, outTradeNo)).toBe(204);
    expect(await wechatPay.notify(notifyUrl, outTradeNo)).toBe(204);
    await statusUntil(till, view.id, (v) => v.status === 'paid', 'paid');
    expect(await wechatPay.notify(notifyUrl, outTradeNo)).toBe(204);
    await till.server.pos.payments.service.refresh(view.id);
    expect(balanceOf(chen.id)).toBe(chen.balance + 20_000);
    expect(await syncedBalance(chen.id, chen.balance + 20_000)).toHaveLength(1);
    expect(wechatTopUpsToday()).toEqual({ count: 1, amount: 20_000 });
  });

  test('paid while WeChat Pay was out of reach: pending verification, then credited once', async () => {
    const view = (await topUp({ memberId: chen.id, amount: 3_000 })).body.payment;
    const { outTradeNo } = till.server.store.state.payments[view.id];
    wechatPay.mode = 'down';
    await statusUntil(
      till,
      view.id,
      (v) => v.status === 'pending_verification',
      'pending verification',
    );
    wechatPay.pay(outTradeNo);
    expect(balanceOf(chen.id)).toBe(chen.balance);
    wechatPay.mode = 'normal';
    await statusUntil(till, view.id, (v) => v.status === 'paid', 'paid');
    await serverUntil(
      () => balanceOf(chen.id),
      (balance) => balance === chen.balance + 3_000,
      'the credit',
    );
    expect(wechatTopUpsToday()).toEqual({ count: 1, amount: 3_000 });
  });
});
