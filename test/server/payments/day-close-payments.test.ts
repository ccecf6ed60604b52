// QR payments and the day end, over the real server and the payment simulator: a payment (or a
// stored-value top-up) the customer completes after its business day was closed is carried, as a
// late adjustment, to the next open day's report (and survives a restart); a QR still waiting for
// the customer stands in the way of closing; and a payment asked for on another business day than
// its order's is listed on the order's day, where the Z-report counts its WeChat tender.
import {
  addBusinessDays,
  businessDayOf,
  businessDayStartMs,
  type Order,
  type PaymentView,
} from '@pos/shared';
import type { DayReportView } from '../../../sync-server/reports/report-service';
import { removeDir } from '../../support/temp-dir';
import { api, demo, signIn, startTestServer } from '../../support/test-server';
import {
  closeTill,
  openTill,
  placeOpenOrder,
  requestPayment,
  statusUntil,
  TestClock,
  type PaymentTill,
} from './support';

// 陈女士, a demo member.
const chen = demo.members[0];
let till: PaymentTill;
let manager: string;

afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
});

async function start(clock?: TestClock): Promise<void> {
  till = await openTill({}, clock);
  manager = await signIn(till.server);
}

const report = async (day: string) =>
  (
    await api<DayReportView>(till.server, 'GET', `/api/reports/days/${day}`, {
      token: manager,
    })
  ).body;

const closeDay = (day: string, body: Record<string, unknown>) =>
  api<DayReportView & { error?: { code: string; message: string } }>(
    till.server,
    'POST',
    `/api/reports/days/${day}/close`,
    { token: manager, body },
  );

/** The customer pays in the simulator; resolves once the server has it paid. */
async function customerPays(payment: PaymentView): Promise<void> {
  const confirmed = await api(till.server, 'POST', `/api/customer/pay/${payment.scene}/simulate`, {
    body: { action: 'confirm' },
  });
  expect(confirmed.status).toBe(200);
  await statusUntil(till, payment.id, (view) => view.status === 'paid', 'paid');
}

const topUp = async (amount: number) => {
  const made = await api<{ payment: PaymentView }>(till.server, 'POST', '/api/payments/top-ups', {
    token: till.device.token,
    body: { memberId: chen.id, amount, cashierId: 'staff-cashier-1' },
  });
  expect(made.status).toBe(201);
  return made.body.payment;
};

describe('a QR payment completed after its day was closed', () => {
  let order: Order;
  let day: string;
  const cash = 100;

  beforeEach(async () => {
    await start();
    order = await placeOpenOrder(till);
    day = order.businessDay;
    // A split: cash at the till, the rest by QR; the customer has not paid yet at the close.
    const made = await requestPayment(till, {
      orderId: order.id,
      cashierId: 'staff-cashier-1',
      otherTenders: [{ method: 'cash', amount: cash, tendered: cash, change: 0 }],
    });
    expect(made.status).toBe(201);
    const closed = await closeDay(day, { override: true, note: 'the customer is still paying' });
    expect(closed.status).toBe(201);
    await customerPays(made.body.payment);
    expect(till.server.store.order(order.id)!.status).toBe('paid');
  });

  /** What the manager sees of it: the closed day frozen, the next day carrying the money. */
  async function expectCarried(): Promise<void> {
    const closed = await report(day);
    expect(closed.status).toBe('closed');
    expect(closed.report.z.sales.orderCount).toBe(0);
    expect(closed.report.z.openOrders.count).toBe(1);
    const adjustment = {
      forDay: day,
      type: 'payment.paid',
      orderNo: order.orderNo,
      netSales: order.total,
      tenders: [
        { method: 'cash', amount: cash },
        { method: 'wechat', amount: order.total - cash },
      ],
    };
    expect(closed.lateSinceClose).toEqual([expect.objectContaining(adjustment)]);

    const next = await report(addBusinessDays(day, 1));
    expect(next.status).toBe('open');
    expect(next.report.z.sales.orderCount).toBe(0);
    expect(next.report.lateAdjustments).toMatchObject({
      count: 1,
      netSales: order.total,
      byTender: [
        { method: 'cash', amount: cash },
        { method: 'wechat', amount: order.total - cash },
      ],
      list: [adjustment],
    });
    const { description } = next.report.lateAdjustments.list[0];
    expect(description).toContain(order.orderNo);
    expect(description).toContain(`¥${(order.total / 100).toFixed(2)}`);
    expect(description).toMatch(/wechat/i);
  }

  test('is carried to the next open day as a late adjustment: order number, amount, tenders', async () => {
    await expectCarried();
    // The closed day's orders sheet marks the order paid after the close, as for a till's payment.
    const sheet = await fetch(`${till.server.url}/api/reports/days/${day}/orders.csv`, {
      headers: { authorization: `Bearer ${manager}` },
    }).then((r) => r.text());
    const row = sheet.split('\r\n').find((line) => line.startsWith(`${order.orderNo},`));
    expect(row?.split(',').pop()).toBe('paid');
  });

  test('and still is after a restart (the day book is rebuilt from the journal)', async () => {
    till.sync.close();
    await till.server.close();
    const server = await startTestServer({ dataDir: till.server.dataDir, now: till.clock.now });
    till = { ...till, server, sync: { close() {} } as never };
    manager = await signIn(till.server);
    await expectCarried();
  });
});

test('a stored-value top-up paid by QR after its day was closed is carried to the next open day', async () => {
  await start();
  const day = businessDayOf(till.clock.now(), demo.settings);
  const payment = await topUp(5_000);
  expect((await closeDay(day, { override: true, note: 'top-up QR still up' })).status).toBe(201);
  await customerPays(payment);
  expect(till.server.store.state.members[chen.id].balance).toBe(chen.balance + 5_000);

  const closed = await report(day);
  expect(closed.report.storedValue.topUpCount).toBe(0);
  // A top-up is no sale: like a till's late top-up, it moves no sales figure, and says what it was.
  const adjustment = {
    forDay: day,
    type: 'payment.top_up',
    orderNo: payment.orderNo,
    netSales: 0,
    tenders: [],
  };
  expect(closed.lateSinceClose).toEqual([expect.objectContaining(adjustment)]);
  const next = (await report(addBusinessDays(day, 1))).report.lateAdjustments;
  expect(next).toMatchObject({ count: 1, netSales: 0, list: [adjustment] });
  expect(next.list[0].description).toContain('¥50.00');
  expect(next.list[0].description).toContain(chen.id);
});

test('a QR still waiting for the customer stands in the way of closing, until it is paid', async () => {
  await start();
  const order = await placeOpenOrder(till);
  const day = order.businessDay;
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;

  const blockers = (await report(day)).blockers;
  expect(blockers).toEqual([
    expect.objectContaining({
      code: 'payment_pending',
      payment: expect.objectContaining({
        reference: till.server.store.state.payments[payment.id].outTradeNo,
        orderNo: order.orderNo,
        amount: order.total,
        status: 'pending',
      }),
    }),
  ]);
  const refused = await closeDay(day, {});
  expect(refused.status).toBe(409);
  expect(refused.body.error).toMatchObject({ code: 'not_final' });
  expect(refused.body.error!.message).toContain(order.orderNo);

  await customerPays(payment);
  expect((await report(day)).blockers).toEqual([]);
  const closed = await closeDay(day, {});
  expect(closed.status).toBe(201);
  expect(closed.body.report.z.sales.orderCount).toBe(1);
});

describe('a payment asked for on another business day than its order', () => {
  // The order is placed at 03:50, the QR made at 04:05: the store's day starts at 04:00.
  const today = businessDayOf(Date.now(), demo.settings);
  const dayStart = businessDayStartMs(today, demo.settings);
  const orderDay = addBusinessDays(today, -1);

  test("is listed as awaiting WeChat on the order's day, where its tender would count", async () => {
    await start(new TestClock(dayStart - 10 * 60_000));
    const order = await placeOpenOrder(till);
    expect(order.businessDay).toBe(orderDay);
    till.clock.advance(15 * 60_000);
    const { payment } = (await requestPayment(till, { orderId: order.id })).body;

    const onOrderDay = (await report(orderDay)).report;
    expect(onOrderDay.z.openOrders.list.map((o) => o.orderNo)).toEqual([order.orderNo]);
    expect(onOrderDay.wechat.pendingList.map((p) => [p.orderNo, p.amount])).toEqual([
      [order.orderNo, order.total],
    ]);
    expect([onOrderDay.wechat.pendingCount, onOrderDay.wechat.pending]).toEqual([1, order.total]);
    expect((await report(today)).report.wechat.pendingList).toEqual([]);

    // Paid, its WeChat tender counts on that same day.
    await customerPays(payment);
    const paid = (await report(orderDay)).report;
    expect(paid.wechat).toMatchObject({ paid: order.total, pendingCount: 0, pendingList: [] });
  });

  test('a top-up whose QR was made before the day start and paid after it counts on the QR’s day', async () => {
    await start(new TestClock(dayStart - 60_000));
    const payment = await topUp(5_000);
    till.clock.advance(2 * 60_000);
    await customerPays(payment);
    const topUps = async (day: string) => (await report(day)).report.storedValue;
    // The member activity counts it on the QR's day (memberDays); the day report agrees.
    expect(till.server.store.state.memberDays[orderDay]?.topUps.wechat.amount).toBe(5_000);
    expect(await topUps(orderDay)).toMatchObject({ topUpCount: 1, toppedUp: 5_000 });
    expect(await topUps(today)).toMatchObject({ topUpCount: 0, toppedUp: 0 });
  });
});
