// The sync status's "last successful sync": what really reached the store's server or came from
// it (an ack, the server's changes, a whole snapshot), never a welcome alone. It is kept in
// storage (at a full storage too) so a till reopened offline still says when it last synced, not
// "never"; and a server that answers but takes nothing (its disk failed) neither moves it nor
// shows as 在线 on the badge.
import type { FileHandle } from 'node:fs/promises';
import { syncTargetOf } from '../../miniprogram/core/client';
import { LAST_SYNC_WRITE_MS } from '../../miniprogram/core/last-sync';
import { Ledger } from '../../miniprogram/core/ledger';
import { storageKeys, WECHAT_QUOTA_BYTES } from '../../miniprogram/core/storage-layout';
import { syncStatus } from '../../miniprogram/core/sync-status';
import { syncBadge } from '../../miniprogram/view/sync-view';
import { trackedSkus } from '../support/sales';
import { removeDir } from '../support/temp-dir';
import { startTestServer, type TestServer } from '../support/test-server';
import { launch, pair, relaunch, sellForCash, shutDownAll, signIn } from './support/device';
import { recordSales } from './support/offline-seed';
import type { RecordingStorage } from './support/recording-storage';
import { connectAndWelcome, scriptedEngine, type ScriptedEngine } from './support/scripted-engine';
import { until } from './support/until';

describe('on a scripted server', () => {
  let setting: ScriptedEngine;
  beforeEach(() => (setting = scriptedEngine()));
  afterEach(() => {
    setting.engine.dispose();
    return setting.storage.standIn.dispose();
  });

  test('a welcome alone is no successful sync, and the badge says 连接中 until an ack shows the connection works', () => {
    const { engine, ledger, clock } = setting;
    const badge = () => syncBadge(syncStatus(engine.status(), ledger));
    recordSales(ledger, clock, 1);
    const socket = connectAndWelcome(setting);
    expect(engine.status()).toMatchObject({ connection: 'online', lastSyncAt: null });
    expect(badge()).toMatchObject({ connection: '连接中', tone: 'warning' });

    clock.advance(1000);
    const [{ ops }] = socket.pushes();
    socket.deliver({
      type: 'ack',
      results: ops.map((op) => ({ id: op.id, seq: op.seq, status: 'applied' as const })),
      ackedSeq: ops[ops.length - 1].seq,
    });
    expect(engine.status().lastSyncAt).toBe(clock.now());
    expect(badge()).toMatchObject({ connection: '在线', tone: 'success' });
  });

  /** What else the phone holds takes every byte left. */
  function fillStorage(storage: RecordingStorage): void {
    const used = () => storage.standIn.storage.usedBytes();
    for (let n = 0; used() < WECHAT_QUOTA_BYTES; n++) {
      const key = `filler.${n}`;
      const room = Math.min(WECHAT_QUOTA_BYTES - used(), 1000 * 1024) - key.length - 2;
      storage.standIn.wx.setStorageSync(key, 'x'.repeat(room));
    }
  }

  test('kept at once, then at most every few seconds (the latest when the pause ends), at a full storage too', () => {
    const { engine, clock, storage } = setting;
    const stored = () => {
      const relaunched = new Ledger(storage, clock);
      relaunched.load();
      return syncTargetOf(relaunched).lastSyncAt();
    };
    const socket = connectAndWelcome(setting);
    socket.deliver({ type: 'changes', changes: [], cursor: 1, caughtUp: true });
    const first = clock.now();
    expect(stored()).toBe(first);

    clock.advance(1000);
    socket.deliver({ type: 'changes', changes: [], cursor: 1 });
    expect(engine.status().lastSyncAt).toBe(first + 1000);
    expect(stored()).toBe(first);

    fillStorage(storage);
    clock.advance(LAST_SYNC_WRITE_MS);
    expect(storage.writes).toContain(storageKeys.lastSync);
    expect(stored()).toBe(first + 1000);
  });
});

describe('against a real server', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer()));
  afterEach(async () => {
    await shutDownAll();
    // A server whose journal was closed under it may fail to close cleanly.
    await server.close().catch(() => undefined);
    removeDir(server.dataDir);
  });

  test('a till relaunched offline still knows when it last synced', async () => {
    let tablet = launch();
    await pair(tablet, server, server.pos.pairingCodes.issue().code);
    signIn(tablet);
    sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
    await until(() => tablet.client.sync.unsyncedCount === 0, 'the sale to sync');
    const synced = tablet.client.sync.status.lastSyncAt!;
    expect(synced).not.toBeNull();

    // Closed at once, as WeChat may kill it: what was written, at most a pause behind.
    tablet = await relaunch(tablet, {
      wx: { network: { isConnected: false, networkType: 'none' } },
    });
    const kept = tablet.client.sync.status.lastSyncAt;
    expect(kept).not.toBeNull();
    expect(synced - kept!).toBeGreaterThanOrEqual(0);
    expect(synced - kept!).toBeLessThan(LAST_SYNC_WRITE_MS);
  });

  test('a server that refuses every push (its disk failed) is no successful sync, nor 在线', async () => {
    const tablet = launch();
    await pair(tablet, server, server.pos.pairingCodes.issue().code);
    signIn(tablet);
    const { sync, engine, ledger } = tablet.client;
    await until(() => sync.isCaughtUp, 'caught up');

    tablet.standIn.network.set({ isConnected: false });
    await until(() => sync.status.connection === 'offline', 'offline');
    const before = sync.status.lastSyncAt;
    expect(before).not.toBeNull();
    sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);

    const { journal } = server.store as unknown as { journal: { handle: FileHandle } };
    await journal.handle.close(); // as a dead or full disk leaves it: every later write fails

    const states: string[] = [];
    const badgeWords: string[] = [];
    const stop = engine.onStatus((status) => {
      states.push(status.connection);
      badgeWords.push(syncBadge(syncStatus(status, ledger)).connection);
    });
    tablet.standIn.network.set({ isConnected: true });
    await until(
      () => sync.status.lastError?.includes('could not store') ?? false,
      'the server to refuse the push',
    );
    await until(() => sync.status.connection === 'offline', 'the socket to close');
    stop();

    expect(sync.unsyncedCount).toBe(1);
    // The server did say welcome...
    expect(states).toContain('online');
    // ...but nothing reached it since `before`, and the badge never said the till was in touch.
    expect(sync.status.lastSyncAt).toBe(before);
    expect(badgeWords).not.toContain('在线');
  });
});
