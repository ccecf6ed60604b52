// The sync badge's 重试 is offered only where it can help (offline; revoked or unknown, which a
// manager can fix on the server), with advice in words for each stop retrying alone cannot end.
import type { ConnectionState } from '../../../miniprogram/core/connection-state';
import type { SyncStatus } from '../../../miniprogram/core/sync-status';
import { syncBadge } from '../../../miniprogram/view/sync-view';

function statusOf(connection: ConnectionState): SyncStatus {
  return {
    connection,
    reason: null,
    network: null,
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
  ['replaced', false, /另一处/],
  ['stopped', false, ''],
  ['unpaired', false, ''],
])('%s: 重试 %p, advice %p', (connection, canRetry, advice) => {
  const badge = syncBadge(statusOf(connection));
  expect(badge.canRetry).toBe(canRetry);
  if (advice === '') expect(badge.advice).toBe('');
  else expect(badge.advice).toMatch(advice);
});
