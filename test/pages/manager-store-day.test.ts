/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The manager screen's store column and the store's business day: an order another till sold
// yesterday and refunded today counts its refund today and not its sale, as the day's Z-report on
// the server does (a day with only such a refund shows its figures, not "nothing today"); and when
// the store's next business day starts, the store column moves to it with the header.
import { addBusinessDays, businessDayOf, formatFen } from '@pos/shared';
import { launch, pair, sellForCash, serverPerTest, signIn } from '../client/support/device';
import { until } from '../client/support/until';
import { ProtocolClient } from '../support/protocol-client';
import { cashRefundOfFirstLine } from '../support/refunds';
import { saleOperation } from '../support/sales';
import {
  api,
  demo,
  pairTestDevice,
  signIn as managerSession,
  type TestServer,
} from '../support/test-server';
import { clickButton, count, own, textOf, vant, type Node } from './support/interact';
import { setUpPages, settle } from './support/pages';

const pages = setUpPages();
let server: TestServer;
serverPerTest((started) => (server = started));

const DAY = 24 * 60 * 60 * 1000;
const today = () => businessDayOf(Date.now(), demo.settings);

/** The value of the store column's figure row titled `label`. */
function storeFigure(page: Node, label: string): string {
  const root = page.dom?.querySelector(own('manager__store'));
  const cells = [...(root?.querySelectorAll(vant('van-cell')) ?? [])];
  const cell = cells.find(
    (c) => c.querySelector(vant('van-cell', 'van-cell__title'))?.textContent?.trim() === label,
  );
  return cell?.querySelector(vant('van-cell', 'van-cell__value'))?.textContent?.trim() ?? '';
}

/** A tablet paired with the server, its clock `skew` ms off, for the page harness. */
async function till(skew: () => number = () => 0) {
  const device = launch({ client: { now: () => Date.now() + skew() } });
  await pair(device, server, server.pos.pairingCodes.issue().code);
  pages.useClient(device.client);
  return device;
}

/** Another till pushes `ops` straight to the server. */
async function otherTillPushes(
  make: (device: { deviceId: string; deviceCode: string }) => Parameters<ProtocolClient['push']>[0],
): Promise<void> {
  const other = await pairTestDevice(server, '2 号收银台');
  const socket = await ProtocolClient.open(server.url, other.token);
  try {
    const { results } = await socket.push(make(other));
    expect(results.every((r) => r.status === 'applied')).toBe(true);
  } finally {
    socket.close();
  }
}

test('a refund today of yesterday’s order counts today, its sale not, as on the day’s report', async () => {
  // Another till sold two lattes yesterday (offline, say) and gives one back today.
  let refunded = 0;
  await otherTillPushes((other) => {
    const sale = saleOperation({ device: other, seq: 1, at: Date.now() - DAY });
    expect(sale.payload.businessDay).toBe(addBusinessDays(today(), -1));
    refunded = sale.payload.lines[0].total;
    return [sale, cashRefundOfFirstLine(other, sale, 2)];
  });
  const device = await till();
  signIn(device, 'manager');

  const page = pages.render('pages/manager/index');
  await until(() => page.data.storeState === 'ready', 'the store’s figures');
  await settle(pages);
  // Only a refund today: the figures show it, not "nothing today".
  expect(count(page, own('manager__store-empty'))).toBe(0);
  expect(storeFigure(page, '订单数')).toBe('0');
  expect(storeFigure(page, '销售额')).toBe('¥0.00');
  expect(storeFigure(page, '退款')).toBe(formatFen(refunded));
  expect(storeFigure(page, '净收入')).toBe(formatFen(-refunded));

  // This till sells a latte today; 刷新 shows it beside the refund.
  signIn(device, 'cashier');
  const latte = device.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  const sold = sellForCash(device, [{ skuId: latte, qty: 1 }]);
  await until(() => device.client.ledger.outbox.size === 0, 'the sale to sync');
  signIn(device, 'manager');
  await settle(pages);
  clickButton(page, '#store-refresh');
  await until(() => page.data.store?.orderCount === 1, 'the store’s figures again');
  await settle(pages);
  expect(storeFigure(page, '销售额')).toBe(formatFen(sold.total));
  expect(storeFigure(page, '退款')).toBe(formatFen(refunded));
  expect(storeFigure(page, '净收入')).toBe(formatFen(sold.total - refunded));

  // The same net as the day's report on the server (the dashboard's).
  const report = await api<{ report: { z: { netSales: number } } }>(
    server,
    'GET',
    `/api/reports/days/${today()}`,
    { token: await managerSession(server) },
  );
  expect(report.body.report.z.netSales).toBe(sold.total - refunded);
});

test('the store column moves to the next business day with the header', async () => {
  // Another till's sale today.
  await otherTillPushes((other) => [saleOperation({ device: other, seq: 1 })]);
  // This till's clock says yesterday: the manager opens the screen before the day's start.
  let skew = -DAY;
  const device = await till(() => skew);
  signIn(device, 'manager');
  const yesterday = addBusinessDays(today(), -1);
  expect(device.client.orders.businessDay).toBe(yesterday);

  const page = pages.render('pages/manager/index');
  await until(() => page.data.storeState === 'ready', 'yesterday’s store figures');
  await settle(pages);
  expect(textOf(page, own('manager__day'))).toBe(`营业日 ${yesterday}`);
  expect(count(page, own('manager__store-empty'))).toBe(1);

  // The day starts: the header, and the store column with it, move on without a tap on 刷新.
  skew = 0;
  device.client.checkDay();
  await until(() => page.data.store?.orderCount === 1, 'today’s store figures');
  await settle(pages);
  expect(textOf(page, own('manager__day'))).toBe(`营业日 ${today()}`);
  expect(page.data.storeState).toBe('ready');
  expect(storeFigure(page, '订单数')).toBe('1');
  expect(count(page, own('manager__store-empty'))).toBe(0);
});
