// GET /api/orders?day over real HTTP and WebSockets: the day's orders as the Z-report counts them,
// so the till's store-wide figures (the core's Z-report over this list) match the day's report: an
// order sold yesterday and refunded today is in today's list, and counts its refund today and its
// sale on its own day.
import { addBusinessDays, buildZReport, businessDayOf, type Order } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { cashRefundOfFirstLine } from '../support/refunds';
import { saleOperation } from '../support/sales';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
const clients: ProtocolClient[] = [];
serverForEachTest((started) => (server = started), {
  beforeClose: () => clients.splice(0).forEach((client) => client.close()),
});

const today = () => businessDayOf(Date.now(), demo.settings);

test("a day's orders hold other days' orders refunded on it, as the Z-report counts them", async () => {
  const till = await pairTestDevice(server);
  const socket = await ProtocolClient.open(server.url, till.token);
  clients.push(socket);
  const yesterday = addBusinessDays(today(), -1);
  // Sold yesterday (an offline till's order, say), refunded today; and a sale of today's.
  const old = saleOperation({ device: till, seq: 1, at: Date.now() - 24 * 60 * 60 * 1000 });
  expect(old.payload.businessDay).toBe(yesterday);
  const refund = cashRefundOfFirstLine(till, old, 2);
  const fresh = saleOperation({ device: till, seq: 3, orderSeq: 1 });
  const { results } = await socket.push([old, refund, fresh]);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  const refunded = old.payload.lines[0].total;

  const ordersOf = async (day: string) => {
    const answer = await api<{ businessDay: string; orders: Order[] }>(
      server,
      'GET',
      `/api/orders?day=${day}`,
      { token: till.token },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.businessDay).toBe(day);
    return answer.body.orders;
  };
  const todays = await ordersOf(today());
  expect(todays.map((o) => o.id).sort()).toEqual([old.payload.id, fresh.payload.id].sort());
  expect((await ordersOf(yesterday)).map((o) => o.id)).toEqual([old.payload.id]);

  // The till folds the list with the core's Z-report: the refund counts today, the old sale not.
  const z = buildZReport({
    businessDay: today(),
    orders: todays,
    shifts: { opened: [], movements: [], closed: [] },
    settings: demo.settings,
  });
  expect(z.sales).toMatchObject({ orderCount: 1, total: fresh.payload.total });
  expect(z.refunds).toMatchObject({ count: 1, total: refunded });
  expect(z.netSales).toBe(fresh.payload.total - refunded);
  // The same as the day's report on the server.
  const manager = await signIn(server);
  const report = await api<{ report: { z: { netSales: number; refunds: { total: number } } } }>(
    server,
    'GET',
    `/api/reports/days/${today()}`,
    { token: manager },
  );
  expect(report.body.report.z.refunds.total).toBe(refunded);
  expect(report.body.report.z.netSales).toBe(z.netSales);
});
