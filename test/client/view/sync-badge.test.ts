// The sync badge's 重试 is offered only where it can help (offline or a store's server older than
// the app; revoked or unknown, which a manager can fix on the server), with advice in words for
// each stop retrying alone cannot end and for a server to update; it says 在线 only once the
// connection was seen to work; and its times: how long the oldest unsynced change has waited, and
// the last successful sync on the store's clock.
import type { ConnectionState } from '../../../miniprogram/core/connection-state';
import type { SyncStatus } from '../../../miniprogram/core/sync-status';
import { connectionDetail, syncBadge, syncTimes } from '../../../miniprogram/view/sync-view';

function statusOf(connection: ConnectionState, working = connection === 'online'): SyncStatus {
  return {
    connection,
    reason: null,
    network: null,
    working,
    lastSyncAt: null,
    caughtUp: connection === 'online',
    nextRetryAt: null,
    lastError: null,
    unsynced: 2,
    oldestUnsyncedAt: 0,
    refused: [],
    unreadable: 0,
    storage: { usedBytes: 0, limitBytes: 10, ratio: 0, level: 'ok', message: null },
    problem: null,
    serverClock: null,
    clockBehind: null,
  };
}

test.each<[ConnectionState, boolean, RegExp | '']>([
  ['online', false, ''],
  ['connecting', false, ''],
  ['offline', true, ''],
  ['revoked', true, /恢复本机，再点重试/],
  ['unauthorized', true, /请联系店长/],
  ['outdated', false, /请更新小程序/],
  // Retried on its own too: 重试 saves the wait once the store's server was updated.
  ['server_outdated', true, /照常收银.*请店长更新门店服务器/],
  ['replaced', false, /另一处/],
  ['stopped', false, ''],
  ['unpaired', false, ''],
])('%s: 重试 %p, advice %p', (connection, canRetry, advice) => {
  const badge = syncBadge(statusOf(connection));
  expect(badge.canRetry).toBe(canRetry);
  if (advice === '') expect(badge.advice).toBe('');
  else expect(badge.advice).toMatch(advice);
});

test('welcomed but not yet seen to work: 连接中, not 在线', () => {
  expect(syncBadge(statusOf('online', false))).toMatchObject({
    connection: '连接中',
    tone: 'warning',
  });
  expect(syncBadge(statusOf('online', true))).toMatchObject({
    connection: '在线',
    tone: 'success',
  });
});

describe('the times', () => {
  const utcOffsetMinutes = 480;
  /** 2026-11-22 09:00 on the store's clock (UTC+8). */
  const nineAm = Date.UTC(2026, 10, 22, 1, 0);
  const minutes = (n: number) => n * 60_000;

  test.each<[string, number | null, string]>([
    ['nothing waits', null, ''],
    ['under a minute', nineAm - 20_000, '最早 1 分钟内'],
    ['40 minutes', nineAm - minutes(40), '最早 40 分钟前'],
    ['3 hours', nineAm - minutes(180), '最早 3 小时前'],
    ['3 days', nineAm - minutes(3 * 24 * 60), '最早 3 天前'],
  ])('oldest unsynced, %s', (_, oldestUnsyncedAt, oldest) => {
    expect(
      syncTimes({ oldestUnsyncedAt, lastSyncAt: null }, { now: nineAm, utcOffsetMinutes }).oldest,
    ).toBe(oldest);
  });

  test.each<[string, number | null, string]>([
    ['never', null, '从未同步'],
    ['today: the time alone', nineAm - minutes(5), '上次同步 08:55'],
    ['another day: with the date', nineAm - minutes(10 * 60), '上次同步 11-21 23:00'],
  ])('last sync, %s', (_, lastSyncAt, lastSync) => {
    expect(
      syncTimes({ oldestUnsyncedAt: null, lastSyncAt }, { now: nineAm, utcOffsetMinutes }).lastSync,
    ).toBe(lastSync);
  });
});

test('a data problem on the device is flagged, the detail left to the settings page', () => {
  expect(syncBadge(statusOf('online')).problem).toBe('');
  const problem = 'products coffee-01 could not be read (product.soldBy: Invalid option)';
  expect(syncBadge({ ...statusOf('online'), problem })).toMatchObject({
    problem: '本机数据有问题：详见设置',
    connection: '在线',
  });
});

test('offline says why: the phone has no network (its Wi-Fi), or the store server does not answer', () => {
  const noNetwork = { ...statusOf('offline'), network: { connected: false, type: 'none' } };
  const noServer = { ...statusOf('offline'), network: { connected: true, type: 'wifi' } };
  expect(syncBadge(noNetwork)).toMatchObject({ connection: '无网络', tone: 'danger' });
  // Trying again meanwhile: still 无网络, not 连接中 and 离线 in turn.
  const trying = { ...noNetwork, connection: 'connecting' as const };
  expect(syncBadge(trying)).toMatchObject({ connection: '无网络', tone: 'danger' });
  expect(connectionDetail(trying)).toMatch(/^无网络/);
  expect(connectionDetail(noNetwork)).toMatch(/^无网络：请检查本机的 Wi-Fi/);
  expect(syncBadge(noServer).connection).toBe('离线');
  expect(connectionDetail(noServer)).toMatch(
    /^离线：连不上门店服务器。请确认门店电脑上的服务器开着/,
  );
  // Not yet told (null), the phone is taken to have a network: the server is what to check.
  expect(syncBadge(statusOf('offline')).connection).toBe('离线');
  // Online, or any other state, reads as the badge's word.
  expect(connectionDetail(statusOf('online'))).toBe('在线');
  expect(connectionDetail(statusOf('online', false))).toBe('连接中');
  expect(connectionDetail({ ...statusOf('revoked'), network: noNetwork.network })).toBe(
    '本机已被停用',
  );
});
