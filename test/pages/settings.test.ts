/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Settings on a paired tablet: the server, this device and its storage; un-pairing is refused
// while anything is unsynced, a shift is open or a pay QR may be paid here (the reason shown,
// nothing forgotten), and once all is synced it asks to confirm, a manager's tap or, for a
// cashier, a manager's PIN, and forgets the pairing; sign-out; the menu between screens.
import { Bluetooth } from '../../miniprogram/adapters/bluetooth';
import { systemClock } from '../../miniprogram/adapters/clock';
import { wxStorage } from '../../miniprogram/adapters/storage';
import { PrinterStore } from '../../miniprogram/stores/printer-store';
import { receiptFixtureContext } from '../support/receipt-fixture';
import { sellForCash, signIn } from '../client/support/device';
import { demo } from '../support/test-server';
import { until } from '../client/support/until';
import { addressOf } from '../client/support/device';
import { typePin } from './support/pin-pad';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, find, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

const manager = demo.staffPins.find((s) => s.role === 'manager')!;
const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;

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
  // Offline because the tablet has no network: the fix is its Wi-Fi, not the store's server.
  expect(cellText).toContain('无网络：请检查本机的 Wi-Fi。照常收银，恢复后自动同步');
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

async function synced(): Promise<void> {
  till.device.standIn.network.set({ isConnected: true });
  await until(() => till.device.client.ledger.outbox.size === 0, 'the outbox to sync');
}

test('all synced, a manager signed in: un-pairing asks to confirm, then forgets the pairing', async () => {
  sellOne();
  await synced();
  signIn(till.device, 'manager');
  const page = pages.render('pages/settings/index');
  await settle(pages);
  clickButton(page, '#unpair');
  await settle(pages);
  expect(till.device.client.session.isPaired).toBe(true);
  expect(page.querySelector('#unpair-pin')).toBeUndefined();
  clickButton(page, '#unpair-confirm');
  await settle(pages);
  expect(till.device.client.session.isPaired).toBe(false);
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/pair/index' });
});

test('a cashier: un-pairing needs a manager’s PIN; the cashier’s own is refused', async () => {
  sellOne();
  await synced();
  const page = pages.render('pages/settings/index');
  await settle(pages);
  clickButton(page, '#unpair');
  await settle(pages);
  expect(page.querySelector('#unpair-confirm')).toBeUndefined();
  expect(textOf(page, own('settings__confirm'))).toContain('解除配对需要店长批准：请店长输入 PIN');

  await typePin(pages, page, '#unpair-pin', cashier.pin);
  expect(textOf(page, own('settings__error'))).toContain('不是店长的 PIN，未解除配对');
  expect(till.device.client.session.isPaired).toBe(true);
  expect(till.device.client.session.staff?.id).toBe(cashier.staffId);

  await typePin(pages, page, '#unpair-pin', manager.pin);
  expect(till.device.client.session.isPaired).toBe(false);
  expect(pages.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/pair/index' });
});

test('a shift open here: un-pairing is refused though all is synced, even for a manager', async () => {
  signIn(till.device, 'manager');
  expect(till.device.client.shift.open(20000).ok).toBe(true);
  await synced();
  const page = pages.render('pages/settings/index');
  await settle(pages);
  clickButton(page, '#unpair');
  await settle(pages);
  expect(textOf(page, own('settings__refusal'))).toContain('本机还有未结的班次，不能解除配对');
  expect(textOf(page, own('settings__refusal'))).toContain('请先结班');
  expect(page.querySelector('#unpair-confirm')).toBeUndefined();
  expect(till.device.client.session.isPaired).toBe(true);
  expect(till.device.client.shift.current).not.toBeNull();
});

test('a pay QR on this till that may still be paid: un-pairing is refused, with the reason', async () => {
  signIn(till.device, 'manager');
  await synced();
  const { catalog, cart, payments } = till.device.client;
  const latte = catalog.products.find((p) => p.name === '拿铁')!;
  expect(cart.addItem(latte.skus[0].id, 1).ok).toBe(true);
  expect(payments.payCartByQr([]).ok).toBe(true);
  await until(() => payments.phase === 'showing', 'the pay QR');
  await synced();

  const page = pages.render('pages/settings/index');
  await settle(pages);
  clickButton(page, '#unpair');
  await settle(pages);
  clickButton(page, '#unpair-confirm');
  await settle(pages);
  expect(textOf(page, own('settings__refusal'))).toContain(
    '本机的微信收款码还可能被付款，不能解除配对',
  );
  expect(till.device.client.session.isPaired).toBe(true);
  expect(payments.phase).toBe('showing');
  await payments.cancel();
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

test('a record from the server this app could not read: the badge says so, settings says which', async () => {
  const page = pages.render('pages/settings/index');
  await settle(pages);
  const badgeProblem = '.sync-badge--sync-badge__problem';
  expect(count(page, badgeProblem)).toBe(0);
  expect(page.querySelector('.settings__problem')).toBeUndefined();

  // As the sync engine hands over a changes frame with a product this build cannot read.
  const { ledger } = till.device.client;
  const [product] = ledger.replica.products.values();
  const record = { table: 'products', id: product.id, reason: 'product.soldBy: Invalid option' };
  ledger.applyChanges([{ kind: 'unreadable', record }], ledger.replica.cursor! + 1);
  await settle(pages);
  expect(textOf(page, badgeProblem)).toBe('本机数据有问题：详见设置');
  expect(textOf(page, own('settings__problem'))).toContain(
    `本机数据问题，请告知店长：products ${product.id} could not be read (product.soldBy`,
  );

  // Sent again readable: both go.
  ledger.applyChanges([{ kind: 'product', cursor: 0, product }], ledger.replica.cursor! + 1);
  await settle(pages);
  expect(count(page, badgeProblem)).toBe(0);
  expect(page.querySelector('.settings__problem')).toBeUndefined();
});
