/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// What the cashier reads about the tablet's clock, against the real server: the sync badge on
// every staff screen warns of a clock hours off the store server's, and of a date set back before
// the till's last sale, which also refuses a new sale (the register) and the payment (checkout)
// with the time of that sale, until the tablet's date and time are set right.
import { cashTender, storeDateTime } from '@pos/shared';
import { launch, pair, shutDownAll, signIn, type TestDevice } from '../client/support/device';
import { until } from '../client/support/until';
import { demo, serverForEachTest, type TestServer } from '../support/test-server';
import { clickButton, count, own, textOf, type Node } from './support/interact';
import { setUpPages, settle } from './support/pages';

const pages = setUpPages();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 09:00 on 22 November in the store (UTC+8).
const base = Date.UTC(2026, 10, 22, 1, 0);
const started = Date.now();
const serverNow = () => base + (Date.now() - started);

let server: TestServer;
serverForEachTest((s) => (server = s), { options: { now: serverNow }, beforeClose: shutDownAll });

/** A tablet on a clock `offset()` ms off the server's, paired, a cashier signed in, online. */
async function tablet(offset: () => number): Promise<TestDevice> {
  const device = launch({ client: { now: () => serverNow() + offset() } });
  await pair(device, server, server.pos.pairingCodes.issue().code);
  signIn(device);
  await until(() => device.client.sync.isOnline, 'the tablet to be online');
  pages.useClient(device.client);
  return device;
}

const clockNotice = (page: Node) => textOf(page, '.sync-badge--sync-badge__clock');

test('a tablet 6 hours slow: every staff screen’s badge says so and how to fix it', async () => {
  await tablet(() => -6 * HOUR);
  const register = pages.render('pages/register/index');
  await settle(pages);
  expect(clockNotice(register)).toBe(
    '本机时间比门店服务器慢 6 小时：请在系统设置里校准时间，否则销售会记到错误的营业日',
  );
  const shift = pages.render('pages/shift/index');
  await settle(pages);
  expect(clockNotice(shift)).toContain('本机时间比门店服务器慢 6 小时');
});

test('a tablet 20 minutes fast is told so; one a minute off is not', async () => {
  let offset = 20 * 60_000;
  const device = await tablet(() => offset);
  const page = pages.render('pages/register/index');
  await settle(pages);
  expect(clockNotice(page)).toBe(
    '本机时间比门店服务器快 20 分钟：请在系统设置里校准时间，否则销售会记到错误的营业日',
  );

  // Set right, and back in the app: measured again, the warning goes.
  offset = 60_000;
  device.client.sync.reconnectNow();
  await until(
    () => Math.abs(device.client.sync.status.serverClock!.skewMs) < 2 * 60_000,
    'a new welcome',
  );
  await settle(pages);
  expect(count(page, '.sync-badge--sync-badge__clock')).toBe(0);
});

test('a date set back before the last sale: the badge names it, and the register and checkout refuse', async () => {
  let offset = 0;
  const device = await tablet(() => offset);
  const latte = device.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  const { cart, orders, ledger } = device.client;
  cart.addItem(latte, 1);
  const sold = orders.checkout([cashTender(cart.total, cart.total)]);
  if (!sold.ok) throw new Error(sold.error.message);
  const stampedAt = ledger.outbox.entries().at(-1)!.op.createdAt;
  const lastAt = storeDateTime(stampedAt, demo.settings.utcOffsetMinutes).slice(0, 16);
  expect(cart.addItem(latte, 1).ok).toBe(true);

  // Someone sets the tablet's date back a week in the phone's settings, and comes back to the app.
  offset = -7 * DAY;
  device.client.sync.reconnectNow();
  const checkout = pages.render('pages/checkout/index');
  await settle(pages);
  expect(clockNotice(checkout)).toBe(
    `本机时间比本机上一笔操作（${lastAt}）还早：请在系统设置里校准平板的日期和时间，校准前不能收款`,
  );
  clickButton(checkout, '.checkout__quick-button');
  await settle(pages);
  clickButton(checkout, '#pay');
  await settle(pages);
  const refusal = `本机的日期时间比本机上一笔操作（${lastAt}）还早，可能被调回过：请在系统设置里把平板的日期和时间校准为现在，校准前不能收款，也不能记其他操作`;
  expect(textOf(checkout, own('checkout__error'))).toBe(refusal);
  expect(checkout.data.paid).toBeNull();
  expect(orders.views.map((view) => view.order.id)).toEqual([sold.value.id]);

  // A new sale does not start on the register either.
  cart.clear();
  const register = pages.render('pages/register/index');
  await settle(pages);
  register.querySelectorAll('.tile')[0].dispatchEvent('tap');
  await settle(pages);
  expect(cart.isEmpty).toBe(true);
  expect(textOf(register, own('register__error'))).toBe(refusal);
  expect(clockNotice(register)).toContain(lastAt);
});
