/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The sync status "at all times" on the till's screens: the sync badge in each page's header (the
// settings page's too) says how long the oldest unsynced sale has waited and when the till last
// synced, on the store's clock.
import { storeDateTime } from '@pos/shared';
import { sellForCash } from '../client/support/device';
import { textOf, type Node } from './support/interact';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

const oldestShown = (page: Node) => textOf(page, '.sync-badge--sync-badge__oldest');
const lastSyncShown = (page: Node) => textOf(page, '.sync-badge--sync-badge__last');

function sellOne(): void {
  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  sellForCash(till.device, [{ skuId: latte.skus[0].id, qty: 1 }]);
}

test('the badge on the settings and register pages says how long the oldest unsynced sale has waited', async () => {
  sellOne();
  const settings = pages.render('pages/settings/index');
  const register = pages.render('pages/register/index');
  await settle(pages);
  expect(oldestShown(settings)).toBe('· 最早 1 分钟内');

  const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 3 * 3_600_000);
  try {
    till.device.client.sync.refresh(); // as the status tick does every second
    await settle(pages);
    expect(oldestShown(settings)).toBe('· 最早 3 小时前');
    expect(oldestShown(register)).toBe('· 最早 3 小时前');
  } finally {
    later.mockRestore();
  }
});

test('the badge on the settings and register pages says when the till last synced, on the store’s clock', async () => {
  const { sync, catalog } = till.device.client;
  const lastSyncAt = sync.status.lastSyncAt;
  expect(lastSyncAt).not.toBeNull();
  const settings = pages.render('pages/settings/index');
  const register = pages.render('pages/register/index');
  await settle(pages);
  const hhmm = storeDateTime(lastSyncAt!, catalog.settings.utcOffsetMinutes).slice(11, 16);
  expect(lastSyncShown(settings)).toBe(`· 上次同步 ${hhmm}`);
  expect(lastSyncShown(register)).toBe(`· 上次同步 ${hhmm}`);
  // Nothing waits: no age, the badge stays short.
  expect(oldestShown(settings)).toBe('');
});
