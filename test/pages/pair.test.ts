/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The pairing page against a real server: typed address and code, or the scanned pairing QR;
// a wrong code is explained, and so is a phone with no network; a cancelled scan is not an error. Once paired, the catalog syncs and
// the register shows it.
import { startTestServer, type TestServer } from '../support/test-server';
import { removeDir } from '../support/temp-dir';
import { addressOf, launch, shutDownAll, signIn, type TestDevice } from '../client/support/device';
import { until } from '../client/support/until';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, own, textOf, typeInto, vant } from './support/interact';

const pages = setUpPages();
let server: TestServer;
let device: TestDevice;
beforeAll(async () => (server = await startTestServer()));
afterAll(async () => {
  await server.close();
  removeDir(server.dataDir);
});
beforeEach(() => {
  device = launch();
  pages.useClient(device.client);
  pages.navigations.length = 0;
});
afterEach(() => {
  pages.network.set({ isConnected: true, networkType: 'wifi' });
  return shutDownAll();
});

test('pairs with the typed address and code, then the register shows the synced catalog', async () => {
  const page = pages.render('pages/pair/index');
  await settle(pages);
  expect(count(page, vant('van-field'))).toBe(3);
  expect(count(page, vant('van-button'))).toBeGreaterThanOrEqual(5);
  typeInto(page, '#address', addressOf(server));
  typeInto(page, '#code', server.pos.pairingCodes.issue().code);
  await settle(pages);
  clickButton(page, '#submit');
  await until(() => pages.navigations.length > 0, 'pairing to finish');
  expect(pages.navigations).toEqual([{ api: 'reLaunch', url: '/pages/sign-in/index' }]);
  expect(device.client.session.device).toMatchObject({ kind: 'tablet', name: '收银台' });

  await until(() => device.client.catalog.products.length > 0, 'the catalog to sync');
  signIn(device, 'cashier');
  const register = pages.render('pages/register/index');
  await settle(pages);
  expect(register.querySelectorAll('.tile').length).toBeGreaterThan(0);
  expect(textOf(register, own('tile__name'))).toBe('美式咖啡 中杯');
});

test('pairs from the scanned pairing QR', async () => {
  const page = pages.render('pages/pair/index');
  await settle(pages);
  pages.scanResult = `${server.url}/pair?code=${server.pos.pairingCodes.issue().code}`;
  clickButton(page, '.pair__scan');
  await until(() => device.client.session.isPaired, 'pairing from the QR');
  expect(device.client.session.device?.serverAddress).toBe(addressOf(server));
});

test('a scan the person cancels is no error', async () => {
  const page = pages.render('pages/pair/index');
  await settle(pages);
  pages.scanResult = null;
  clickButton(page, '.pair__scan');
  await settle(pages);
  expect(page.data.error).toBe('');
  expect(page.dom?.querySelector(own('pair__error'))).toBeNull();
});

test('a wrong code and a QR that is not a pairing link are explained in Chinese', async () => {
  const page = pages.render('pages/pair/index');
  await settle(pages);
  pages.scanResult = 'https://example.com/something-else';
  clickButton(page, '.pair__scan');
  await until(() => page.data.error !== '', 'the scan to be refused');
  expect(page.data.error).toBe('这不是配对二维码：请扫描服务器显示的二维码');

  typeInto(page, '#address', addressOf(server));
  typeInto(page, '#code', '000000');
  await settle(pages);
  clickButton(page, '#submit');
  await until(() => page.data.error.startsWith('服务器拒绝配对'), 'the refusal');
  await settle(pages);
  expect(textOf(page, vant('van-notice-bar', 'van-notice-bar__content'))).toContain(
    '服务器拒绝配对',
  );
  expect(device.client.session.isPaired).toBe(false);
});

test('no network: the page says so at once; pairing then fails with the reason; back online it clears', async () => {
  pages.network.set({ isConnected: false });
  device.standIn.network.set({ isConnected: false });
  const page = pages.render('pages/pair/index');
  await until(() => page.data.offline === true, 'the offline notice');
  await settle(pages);
  expect(textOf(page, own('pair__offline'))).toBe('本机没有联网：请先连上门店的 Wi-Fi，再配对');

  typeInto(page, '#address', addressOf(server));
  typeInto(page, '#code', server.pos.pairingCodes.issue().code);
  await settle(pages);
  clickButton(page, '#submit');
  await until(() => page.data.error !== '', 'the pairing to fail');
  expect(page.data.error).toContain('连不上门店服务器');
  expect(device.client.session.isPaired).toBe(false);

  pages.network.set({ isConnected: true, networkType: 'wifi' });
  await until(() => page.data.offline === false, 'the notice to clear');
  await settle(pages);
  expect(count(page, own('pair__offline'))).toBe(0);
});

test('a double tap on 配对 sends one pairing request: the button is busy, and no refusal flashes', async () => {
  const redeem = jest.spyOn(server.pos.pairingCodes, 'redeem');
  const devicesBefore = server.store.devices().length;
  try {
    const page = pages.render('pages/pair/index');
    await settle(pages);
    typeInto(page, '#address', addressOf(server));
    typeInto(page, '#code', server.pos.pairingCodes.issue().code);
    await settle(pages);
    clickButton(page, '#submit');
    clickButton(page, '#submit');
    await until(() => pages.navigations.length > 0, 'pairing to finish');
    await settle(pages);
    expect(redeem).toHaveBeenCalledTimes(1);
    expect(server.store.devices().length).toBe(devicesBefore + 1);
    expect(pages.navigations).toEqual([{ api: 'reLaunch', url: '/pages/sign-in/index' }]);
    expect(page.data.error).toBe('');
    expect(page.dom?.querySelector(own('pair__error'))).toBeNull();
  } finally {
    redeem.mockRestore();
  }
});
