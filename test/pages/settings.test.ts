/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Settings on a paired tablet: the server, this device and its storage; un-pairing is refused
// while anything is unsynced (the reason shown, nothing forgotten), and once all is synced it asks
// to confirm and forgets the pairing; sign-out; the menu between screens.
import { Bluetooth } from '../../miniprogram/adapters/bluetooth';
import { systemClock } from '../../miniprogram/adapters/clock';
import { wxStorage } from '../../miniprogram/adapters/storage';
import { PrinterStore } from '../../miniprogram/stores/printer-store';
import { receiptFixtureContext } from '../support/receipt-fixture';
import { sellForCash } from '../client/support/device';
import { until } from '../client/support/until';
import { addressOf } from '../client/support/device';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, find, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

function sellOne(): void {
  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  sellForCash(till.device, [{ skuId: latte.skus[0].id, qty: 1 }]);
}

test('shows the server, this device and storage; un-pairing is refused while unsynced', async () => {
  sellOne();
  const page = pages.render('pages/settings/index');
  await settle(pages);
  const cellText = page.dom?.textContent ?? '';
  expect(cellText).toContain(addressOf(till.server));
  expect(cellText).toContain(till.device.client.session.device!.deviceCode);
  expect(cellText).toContain('收银平板');
  expect(textOf(page, own('settings__storage'))).toMatch(/^\d+ KB \/ 10\.0 MB（\d+%）/);
  expect(count(page, vant('van-progress'))).toBe(1);
  expect(textOf(page, own('settings__printer'))).toContain('本机未启用打印');

  clickButton(page, '#unpair');
  await settle(pages);
  expect(textOf(page, own('settings__refusal'))).toContain(
    '还有 1 条数据没有同步到门店服务器，不能解除配对',
  );
  expect(till.device.client.session.isPaired).toBe(true);
  expect(till.device.client.ledger.outbox.size).toBe(1);
  expect(page.querySelector('#unpair-confirm')).toBeUndefined();
});

test('all synced: un-pairing asks to confirm, then forgets the pairing', async () => {
  sellOne();
  till.device.standIn.network.set({ isConnected: true });
  await until(() => till.device.client.ledger.outbox.size === 0, 'the sale to sync');
  const page = pages.render('pages/settings/index');
  await settle(pages);
  clickButton(page, '#unpair');
  await settle(pages);
  expect(till.device.client.session.isPaired).toBe(true);
  clickButton(page, '#unpair-confirm');
  await settle(pages);
  expect(till.device.client.session.isPaired).toBe(false);
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/pair/index' });
});

test('sign out, and the menu: a cashier sees no manager screen; the tabs switch screens', async () => {
  const page = pages.render('pages/settings/index');
  await settle(pages);
  const menu = find(page, '#menu');
  const labels = menu
    .querySelectorAll('.page-menu__item')
    .map((item) => item.dom?.textContent?.trim());
  expect(labels).toEqual(['收银', '订单', '交班', '设置']);
  expect(menu.dom?.querySelectorAll(vant('van-icon'))).toHaveLength(4);
  menu.querySelectorAll('.page-menu__item')[1].dispatchEvent('tap');
  await settle(pages);
  expect(pages.navigations.at(-1)).toEqual({ api: 'redirectTo', url: '/pages/orders/index' });

  clickButton(page, '#sign-out');
  await settle(pages);
  expect(till.device.client.session.isSignedIn).toBe(false);
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/sign-in/index' });
});

test('with the app’s printer store, the printer settings show in place of the note', async () => {
  const { wx } = till.device.standIn;
  const clock = systemClock();
  const printer = new PrinterStore({
    wx: wx as never,
    storage: wxStorage(wx),
    clock,
    receiptContext: () => receiptFixtureContext,
    bluetooth: new Bluetooth(wx as never, clock, { retryDelayMs: 5, statusTimeoutMs: 100 }),
  });
  const globals = globalThis as unknown as { getApp: () => object };
  const harnessApp = globals.getApp;
  globals.getApp = () => ({ ...harnessApp(), printer });
  const page = pages.render('pages/settings/index');
  try {
    await settle(pages);
    expect(page.querySelector('.settings__printer')).toBeUndefined();
    expect(textOf(page, vant('printer-settings', 'printer-settings'))).toContain(
      '还没有连接打印机',
    );
    expect(find(page, '#printer').dom?.querySelectorAll(vant('van-button')).length).toBeGreaterThan(
      0,
    );
  } finally {
    (page as Node & { detach(): void }).detach();
    globals.getApp = harnessApp;
    await settle(pages);
    await printer.dispose();
  }
});
