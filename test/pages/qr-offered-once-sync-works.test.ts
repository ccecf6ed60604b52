/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A WeChat Pay QR is offered (the checkout's 微信扫码收款, the kiosk's 扫码支付) only once the
// store's server is seen to work, as the sync badge says 在线: a welcome alone is not enough. On
// half-open Wi-Fi the welcome arrives and then nothing does: the badge says 连接中, and a payment
// begun then may start on a server that cannot record it. Against the real server, through a proxy
// that holds what the server says after its welcome; once that arrives, the QR is offered again.
import {
  launch,
  pair,
  shutDownAll,
  signIn,
  wifiBlip,
  type TestDevice,
} from '../client/support/device';
import { ManualClock } from '../client/support/manual-clock';
import {
  startQuietAfterWelcomeProxy,
  type QuietAfterWelcomeProxy,
  type QuietSocket,
} from '../client/support/quiet-after-welcome';
import { until } from '../client/support/until';
import { serverForEachTest, type TestServer } from '../support/test-server';
import {
  clickButton,
  count,
  find,
  own,
  textOf,
  typeInto,
  vant,
  type Node,
} from './support/interact';
import { setUpPages, settle } from './support/pages';

const pages = setUpPages();

let server: TestServer;
let proxy: QuietAfterWelcomeProxy | null = null;
serverForEachTest((started) => (server = started), {
  beforeClose: async () => {
    await shutDownAll();
    await proxy?.close();
    proxy = null;
  },
});

/**
 * A device paired through the proxy, with the pages rendering its client. The kiosk's clock moves
 * only by hand: its idle wait must not run on after the test, against a page already gone.
 */
async function pairedThroughProxy(kind: 'tablet' | 'kiosk'): Promise<TestDevice> {
  proxy = await startQuietAfterWelcomeProxy(server.port);
  const device = launch(kind === 'kiosk' ? { client: { clock: new ManualClock(Date.now()) } } : {});
  await pair(
    device,
    { url: `http://${proxy.address}` },
    server.pos.pairingCodes.issue().code,
    kind,
  );
  if (kind === 'tablet') signIn(device);
  await until(() => device.client.sync.status.working, 'the first socket to work');
  pages.useClient(device.client);
  return device;
}

/** A Wi-Fi blip; the next socket is welcomed and then hears nothing more from the server. */
async function welcomedThenQuiet(device: TestDevice): Promise<QuietSocket> {
  const quieted = proxy!.quietNextSync();
  wifiBlip(device);
  const quiet = await quieted;
  const { sync } = device.client;
  await until(() => sync.status.connection === 'online', 'the welcome');
  expect(sync.status.working).toBe(false);
  await settle(pages);
  return quiet;
}

const disabled = (page: Node, selector: string) =>
  count(find(page, selector), vant('van-button', 'van-button--disabled')) === 1;

test('the checkout offers no QR while the badge says 连接中, and does once the socket works', async () => {
  const device = await pairedThroughProxy('tablet');
  const { cart, catalog, orders } = device.client;
  expect(cart.addItem(catalog.products.find((p) => p.name === '拿铁')!.skus[0].id, 2).ok).toBe(
    true,
  );
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  expect(disabled(page, '#wechat-qr')).toBe(false);

  const quiet = await welcomedThenQuiet(device);
  expect(textOf(page, 'sync-badge')).toContain('连接中');
  expect(disabled(page, '#wechat-qr')).toBe(true);
  expect(textOf(page, own('checkout__wechat-offline'))).toBe(
    '离线：微信扫码收款要连上门店服务器，现在请收现金或用储值',
  );
  clickButton(page, '#wechat-qr');
  await settle(pages);
  expect(page.data.openOrder).toBeNull();
  expect(orders.views).toHaveLength(0);

  // What the server said after its welcome arrives: the socket works, and the QR is offered.
  quiet.release();
  await until(() => device.client.sync.status.working, 'the socket to work');
  await settle(pages);
  expect(textOf(page, 'sync-badge')).toContain('在线');
  expect(disabled(page, '#wechat-qr')).toBe(false);
  expect(count(page, own('checkout__wechat-offline'))).toBe(0);
  clickButton(page, '#wechat-qr');
  await until(() => page.data.qr.url !== '', 'the pay QR');
  // Given up on, so nothing is left polling it once the test ends.
  clickButton(page, '#cancel-qr');
  await until(() => !page.data.qr.active, 'the QR to be closed');
});

test('the kiosk offers no 扫码支付 while its socket is welcomed but silent, and does once it works', async () => {
  const device = await pairedThroughProxy('kiosk');
  const page = pages.render('pages/kiosk/index');
  await settle(pages);
  page.querySelectorAll('.kiosk-tile')[0].dispatchEvent('tap');
  await settle(pages);
  expect(device.client.cart.itemCount).toBe(1);
  expect(disabled(page, '#pay-by-scan')).toBe(false);
  expect(textOf(page, 'sync-badge')).toBe('');

  const quiet = await welcomedThenQuiet(device);
  expect(disabled(page, '#pay-by-scan')).toBe(true);
  expect(textOf(page, own('kiosk__scan-note'))).toBe('扫码支付暂不可用：请选择到柜台付款');
  // The customer's one word says why 扫码支付 is off.
  expect(textOf(page, 'sync-badge')).toBe('离线');
  clickButton(page, '#pay-by-scan');
  await settle(pages);
  expect(page.data.stage).toBe('ordering');
  expect(device.client.orders.counterQueue).toHaveLength(0);

  quiet.release();
  await until(() => device.client.sync.status.working, 'the socket to work');
  await settle(pages);
  expect(disabled(page, '#pay-by-scan')).toBe(false);
  expect(count(page, own('kiosk__scan-note'))).toBe(0);
  expect(textOf(page, 'sync-badge')).toBe('');
});

test("a member's WeChat top-up asks for cash while the badge says 连接中, and makes a QR once the socket works", async () => {
  const device = await pairedThroughProxy('tablet');
  const page = pages.render('pages/register/index');
  await settle(pages);
  const panel = find(page, '#member-panel');
  clickButton(panel, '#member-open');
  await settle(pages);
  // 陈女士 in the demo.
  typeInto(panel, '#member-phone', '13912345678');
  await settle(pages);
  clickButton(panel, '#member-find');
  await until(() => device.client.cart.member !== null, 'the member attached');
  await settle(pages);
  clickButton(panel, '#member-top-up-open');
  await settle(pages);
  const topUp = find(panel, '#member-top-up');
  topUp
    .querySelectorAll('.member-top-up__amount')[0]
    .querySelector('.van-button')!
    .dispatchEvent('tap');
  await settle(pages);

  const quiet = await welcomedThenQuiet(device);
  const payments = Object.keys(server.store.state.payments).length;
  clickButton(topUp, '#top-up-wechat');
  await settle(pages);
  expect(textOf(topUp, vant('member-top-up', 'member-top-up__error'))).toBe(
    '微信收款需要连接门店服务器：请收现金，或联网后再试',
  );
  expect(Object.keys(server.store.state.payments)).toHaveLength(payments);

  quiet.release();
  await until(() => device.client.sync.status.working, 'the socket to work');
  await settle(pages);
  clickButton(topUp, '#top-up-wechat');
  await until(() => topUp.data.qr.url !== '', 'the pay QR');
  expect(Object.keys(server.store.state.payments)).toHaveLength(payments + 1);
  clickButton(topUp, '#top-up-wechat-cancel');
  await until(() => !topUp.data.qr.active, 'the QR to be closed');
});
