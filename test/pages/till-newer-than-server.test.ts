/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A till updated by WeChat to a newer sync protocol before the shop updated its server: the badge
// says the store's server is too old (not the app), that selling goes on and what staff should do,
// and offers 重试; once the server is updated the till is back 在线 without being relaunched.
import { sellForCash } from '../client/support/device';
import { speakNextProtocol } from '../client/support/newer-till';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle, until as untilShown } from './support/pages';
import { clickButton, count, find, textOf, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

const badgePart = (page: Node, className: string) => textOf(page, `.sync-badge--${className}`);

test('the badge asks for the store’s server to be updated, and the till syncs once it is', async () => {
  const page = pages.render('pages/register/index');
  const { client, standIn } = till.device;
  const newer = speakNextProtocol(till.device);
  // The Wi-Fi drops and comes back: the next socket speaks the newer protocol.
  standIn.network.set({ isConnected: false });
  await until(() => client.sync.status.connection === 'offline', 'the till to go offline');
  standIn.network.set({ isConnected: true });
  await until(() => client.sync.status.connection === 'server_outdated', 'the refusal');
  const latte = client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  const kept = sellForCash(till.device, [{ skuId: latte, qty: 1 }]);
  // Read between two knocks: the till knocks again on its backoff, showing 连接中 while it does.
  await untilShown(
    pages,
    () =>
      badgePart(page, 'sync-badge__state') === '门店服务器版本过旧' &&
      badgePart(page, 'sync-badge__unsynced') === '1 条未同步',
    'the badge to say the server is too old',
  );
  expect(badgePart(page, 'sync-badge__unsynced')).toBe('1 条未同步');
  expect(badgePart(page, 'sync-badge__advice')).toBe(
    '本机可以照常收银，未同步的销售都保留着：请店长更新门店服务器，更新后本机会自动连上',
  );
  expect(count(page, '.sync-badge--sync-badge__retry')).toBe(1);

  newer.serverUpdated = true;
  clickButton(find(page, '.register__sync'), '.sync-badge__retry');
  await until(() => till.server.store.order(kept.id) !== undefined, 'the kept sale on the server');
  await until(() => client.sync.isCaughtUp && client.sync.unsyncedCount === 0, 'in sync');
  await settle(pages);
  expect(badgePart(page, 'sync-badge__state')).toBe('在线');
  expect(badgePart(page, 'sync-badge__advice')).toBe('');
});
