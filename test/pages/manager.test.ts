/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The manager's screen on a paired tablet: a cashier needs a manager's PIN to look; this device's
// day (the core's Z-report over its orders and its shift), the whole store's from the server (a
// second device's sale included), the devices with their sync state; offline, the store's
// figures say they need the server while this device's still show. A kiosk order this till took
// cash for is in this device's figures, as in its shift.
import { cashTender } from '@pos/shared';
import { demo } from '../support/test-server';
import { launch, pair, sellForCash, signIn } from '../client/support/device';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { count, own, textOf, vant, type Node } from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const till = tillPerTest(pages);

/** The value of the figure row titled `label` in a cell group of the page. */
function figure(page: Node, group: 'device' | 'store', label: string): string {
  const root = page.dom?.querySelector(own(`manager__${group}`));
  const cells = [...(root?.querySelectorAll(vant('van-cell')) ?? [])];
  const cell = cells.find(
    (c) => c.querySelector(vant('van-cell', 'van-cell__title'))?.textContent?.trim() === label,
  );
  return cell?.querySelector(vant('van-cell', 'van-cell__value'))?.textContent?.trim() ?? '';
}

function latteId(): string {
  return till.device.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
}

test('a cashier needs a manager’s PIN to look', async () => {
  const page = pages.render('pages/manager/index');
  await settle(pages);
  expect(textOf(page, own('manager__locked-title'))).toBe('只有店长可以查看：请店长输入 PIN');
  expect(page.querySelector('.manager__body')).toBeUndefined();
  await typePin(pages, page, '#manager-pin', demo.staffPins.find((s) => s.role === 'cashier')!.pin);
  expect(page.data.error).toBe('不是店长的 PIN');
  await typePin(pages, page, '#manager-pin', demo.staffPins.find((s) => s.role === 'manager')!.pin);
  expect(page.data.unlocked).toBe(true);
  expect(count(page, vant('van-cell'))).toBeGreaterThan(3);
});

test('this device’s day with its shift, the store’s from the server, and the devices', async () => {
  // Another till sells a latte; it reaches the server.
  const other = launch();
  await pair(other, till.server, till.server.pos.pairingCodes.issue().code, 'tablet', '2 号收银台');
  signIn(other);
  sellForCash(other, [{ skuId: latteId(), qty: 1 }]);
  await until(() => other.client.ledger.outbox.size === 0, 'the other till to sync');

  // This till: a shift with a ¥200 float, two lattes for cash, all synced.
  expect(till.device.client.shift.open(20000).ok).toBe(true);
  sellForCash(till.device, [{ skuId: latteId(), qty: 2 }]);
  await until(() => till.device.client.ledger.outbox.size === 0, 'this till to sync');
  await until(() => till.device.client.catalog.devices.length >= 2, 'the devices to sync');
  signIn(till.device, 'manager');

  const page = pages.render('pages/manager/index');
  await until(() => page.data.storeState === 'ready', 'the store’s figures');
  await settle(pages);
  expect(page.data.device.orderCount).toBe(1);
  expect(figure(page, 'device', '销售额')).toBe('¥36.00');
  expect(figure(page, 'device', '净收入')).toBe('¥36.00');
  expect(figure(page, 'device', '现金（1）')).toBe('¥36.00');
  expect(figure(page, 'device', '应有现金')).toBe('¥236.00');
  expect(figure(page, 'store', '订单数')).toBe('2');
  expect(figure(page, 'store', '销售额')).toBe('¥54.00');
  expect(textOf(page, own('manager__note'))).toBeTruthy();

  const rows = page.data.devices as Array<{ name: string; state: string; isThis: boolean }>;
  expect(rows.length).toBeGreaterThanOrEqual(2);
  expect(rows[0]).toMatchObject({ isThis: true, state: '已同步' });
  expect(rows[0].name).toContain('（本机）');
  expect(rows.some((row) => row.name === '2 号收银台')).toBe(true);
  expect(count(page, own('device-row'))).toBe(rows.length);
});

test('offline: the store’s figures need the server; this device’s still show', async () => {
  signIn(till.device, 'manager');
  till.device.standIn.network.set({ isConnected: false });
  sellForCash(till.device, [{ skuId: latteId(), qty: 1 }]);
  const page = pages.render('pages/manager/index');
  await until(() => page.data.storeState === 'offline', 'the store’s figures to give up');
  await settle(pages);
  expect(textOf(page, own('manager__store-offline'))).toContain('全店数据需要连接门店服务器');
  expect(figure(page, 'device', '销售额')).toBe('¥18.00');
  expect(page.data.devices[0]).toMatchObject({ isThis: true, state: '1 条未同步' });
});

test('a kiosk order this till took cash for is in this device’s figures, as in its shift', async () => {
  // The kiosk sends two lattes (¥36) to the counter; this till, in a shift with a ¥100 float, takes
  // ¥50 in cash for them.
  const kiosk = launch();
  await pair(kiosk, till.server, till.server.pos.pairingCodes.issue().code, 'kiosk');
  expect(kiosk.client.cart.addItem(latteId(), 2).ok).toBe(true);
  const sent = kiosk.client.orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  await until(() => till.device.client.orders.find(sent.value.id) != null, 'the kiosk order');
  expect(till.device.client.shift.open(10000).ok).toBe(true);
  const paid = till.device.client.orders.payOpenOrder(sent.value.id, [cashTender(3600, 5000)]);
  if (!paid.ok) throw new Error(paid.error.message);
  expect(till.device.client.shift.currentSummary?.expected).toBe(13600);
  signIn(till.device, 'manager');

  const page = pages.render('pages/manager/index');
  await settle(pages);
  expect(page.data.device.orderCount).toBe(1);
  expect(figure(page, 'device', '销售额')).toBe('¥36.00');
  expect(figure(page, 'device', '现金（1）')).toBe('¥36.00');
  expect(figure(page, 'device', '应有现金')).toBe('¥136.00');
});
