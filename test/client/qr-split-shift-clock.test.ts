// The cash part of a QR split sale, on a till whose clock is a few minutes off the server's: it
// went into the drawer of the shift open at the till when the cash was taken, so it counts there
// (on the till and in the server's Z-report alike), however far WeChat's time of payment falls
// outside that shift as the till's clock measures it: a fast till's QR paid "before" its shift
// opened, a slow till's paid "after" it closed.
import { businessDayOf, cashTender, type Order } from '@pos/shared';
import { api, demo, signIn as signInOnServer, type TestServer } from '../support/test-server';
import { launch, pair, serverPerTest, signIn, type TestDevice } from './support/device';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const MINUTE = 60_000;
const FLOAT = 20000;
const CASH_PART = 5000;

/** A till whose clock runs `skewMs` off the server's (and WeChat's), paired, a cashier signed in. */
async function skewedTill(skewMs: number): Promise<TestDevice> {
  const till = launch({ client: { now: () => Date.now() + skewMs } });
  await pair(till, server, server.pos.pairingCodes.issue().code);
  signIn(till);
  return till;
}

/**
 * Four lattes, ¥50 of them taken in cash at the till and the rest by the pay QR, which the customer
 * pays in the simulator; resolves once the paid order has synced back to the till.
 */
async function splitSalePaid(till: TestDevice): Promise<Order> {
  const { catalog, cart, payments, orders } = till.client;
  const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  expect(cart.addItem(latte, 4).ok).toBe(true);
  expect(cart.total).toBeGreaterThan(CASH_PART);
  const placed = payments.payCartByQr([cashTender(CASH_PART, CASH_PART)]);
  if (!placed.ok) throw new Error(placed.error.message);
  await until(() => payments.phase === 'showing', 'the pay QR');
  const confirmed = await fetch(payments.payment!.qrText, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=confirm',
  });
  expect(confirmed.status).toBe(200);
  await until(
    () => orders.find(placed.value.id)?.order.status === 'paid',
    'the paid order to sync back',
  );
  return orders.find(placed.value.id)!.order;
}

const synced = (till: TestDevice) =>
  until(() => till.client.sync.unsyncedCount === 0, 'the outbox to sync');

/** The shift rows of the server's Z-report of the day the till's shift opened. */
async function zReportShifts(openedAt: number) {
  const manager = await signInOnServer(server);
  const day = businessDayOf(openedAt, demo.settings);
  const { body } = await api<{
    report: { z: { shifts: Array<{ cashSales: number; expected: number }> } };
  }>(server, 'GET', `/api/reports/days/${day}`, { token: manager });
  return body.report.z.shifts;
}

test('a till 5 minutes fast: a QR paid before its shift opened by the till’s clock still puts its cash part in the shift', async () => {
  const till = await skewedTill(5 * MINUTE);
  const { shift } = till.client;
  expect(shift.open(FLOAT).ok).toBe(true);
  const openedAt = shift.current!.opened.at;

  const order = await splitSalePaid(till);
  // WeChat's time, a few minutes before the shift opened as the till's clock has it.
  expect(order.paidAt).toBeLessThan(openedAt);
  expect(order.tenders).toContainEqual(expect.objectContaining({ method: 'cash', amount: 5000 }));

  const expected = FLOAT + CASH_PART;
  expect(shift.currentSummary).toMatchObject({ cashSales: CASH_PART, expected });
  // The drawer holds the float and the ¥50: counted so, there is nothing for a manager to approve.
  const counted = [
    { denomination: 10000, count: 2 },
    { denomination: 5000, count: 1 },
  ];
  expect(shift.closingCheck(counted)).toMatchObject({ variance: 0, needsApproval: false });
  const closed = shift.close(counted);
  if (!closed.ok) throw new Error(closed.error.message);
  expect(closed.value).toMatchObject({ cashSales: CASH_PART, expected, variance: 0 });

  await synced(till);
  expect(await zReportShifts(openedAt)).toEqual([
    expect.objectContaining({ cashSales: CASH_PART, expected, variance: 0 }),
  ]);
});

test('a till 5 minutes slow: a QR paid just before the close, after it by the till’s clock, still puts its cash part in the shift', async () => {
  const till = await skewedTill(-5 * MINUTE);
  const { shift } = till.client;
  expect(shift.open(FLOAT).ok).toBe(true);
  const openedAt = shift.current!.opened.at;

  const order = await splitSalePaid(till);
  const expected = FLOAT + CASH_PART;
  const counted = [
    { denomination: 10000, count: 2 },
    { denomination: 5000, count: 1 },
  ];
  const closed = shift.close(counted);
  if (!closed.ok) throw new Error(closed.error.message);
  // WeChat's time, a few minutes after the shift closed as the till's clock has it.
  expect(order.paidAt).toBeGreaterThan(closed.value.closedAt!);
  expect(closed.value).toMatchObject({ cashSales: CASH_PART, expected, variance: 0 });

  await synced(till);
  expect(await zReportShifts(openedAt)).toEqual([
    expect.objectContaining({ cashSales: CASH_PART, expected, variance: 0 }),
  ]);
});
