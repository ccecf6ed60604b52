/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A till revoked by a manager: its badge says so, says its unsynced sales are kept and what to do;
// once the manager reinstates it, the badge's 重试 sends them. A version too old has no 重试.
import { api, signIn as signInOnServer } from '../support/test-server';
import { sellForCash } from '../client/support/device';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, find, textOf, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

const badgePart = (page: Node, className: string) => textOf(page, `.sync-badge--${className}`);

test('revoked, the till says what to do; reinstated, 重试 sends what it sold meanwhile', async () => {
  const page = pages.render('pages/register/index');
  const { client } = till.device;
  const { deviceId } = client.ledger.identity!;
  const manager = await signInOnServer(till.server, 'manager');
  await api(till.server, 'POST', `/api/devices/${deviceId}/revoke`, { token: manager });
  await until(() => client.sync.status.connection === 'revoked', 'the till to stop');
  const latte = client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  const kept = sellForCash(till.device, [{ skuId: latte, qty: 1 }]);
  await settle(pages);

  expect(badgePart(page, 'sync-badge__state')).toBe('本机已被停用');
  expect(badgePart(page, 'sync-badge__unsynced')).toBe('1 条未同步');
  expect(badgePart(page, 'sync-badge__advice')).toBe(
    '本机未同步的销售都保留着。请店长在管理后台「设备」页恢复本机，再点重试',
  );

  await api(till.server, 'POST', `/api/devices/${deviceId}/reinstate`, { token: manager });
  clickButton(find(page, '.register__sync'), '.sync-badge__retry');
  await until(() => till.server.store.order(kept.id) !== undefined, 'the kept sale on the server');
  await until(() => client.sync.unsyncedCount === 0, 'the outbox to empty');
  await settle(pages);
  expect(badgePart(page, 'sync-badge__state')).toBe('在线');
  expect(badgePart(page, 'sync-badge__advice')).toBe('');
  expect(count(page, '.sync-badge--sync-badge__retry')).toBe(0);
});
