// A manager revokes a device: it stops syncing at once, says why, keeps what it sold since, and
// does not keep knocking on the server, also after a restart.
import { trackedSkus } from '../../support/sales';
import { api, signIn as signInOnServer, type TestServer } from '../../support/test-server';
import { launch, pair, relaunch, sellForCash, signIn, serverPerTest } from '../support/device';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

test('a revoked device stops syncing and says it was revoked', async () => {
  let tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  const first = sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  await until(() => tablet.client.sync.unsyncedCount === 0, 'the first sale to sync');
  expect(server.store.order(first.id)).toBeDefined();

  const { deviceId } = tablet.client.ledger.identity!;
  const managerToken = await signInOnServer(server, 'manager');
  const revoked = await api(server, 'POST', `/api/devices/${deviceId}/revoke`, {
    token: managerToken,
  });
  expect(revoked.status).toBe(200);

  await until(() => tablet.client.sync.status.connection === 'revoked', 'the tablet to stop');
  expect(tablet.client.sync.status.reason).toBe('this device was revoked by a manager');
  expect(tablet.client.sync.summary).toBe('revoked: this device was revoked by a manager');
  // The server's error frame stops the engine before the socket's close handshake is done.
  await until(() => tablet.standIn.openSockets() === 0, 'the tablet to close its socket');

  // Selling still records locally, and nothing goes out.
  const later = sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  expect(tablet.client.sync.unsyncedCount).toBe(1);
  expect(tablet.client.sync.status.nextRetryAt).toBeNull();
  expect(tablet.client.session.unpair()).toMatchObject({ ok: false, error: { code: 'unsynced' } });

  tablet = await relaunch(tablet);
  await until(
    () => tablet.client.sync.status.connection === 'revoked',
    'the restarted tablet to stop',
  );
  expect(tablet.client.sync.status.nextRetryAt).toBeNull();
  await until(() => tablet.standIn.openSockets() === 0, 'the restarted tablet to close its socket');
  expect(server.store.order(later.id)).toBeUndefined();
});

test('reinstated by a manager, the device sends what it sold meanwhile, once, at 重试', async () => {
  const tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  const { deviceId } = tablet.client.ledger.identity!;
  const manager = await signInOnServer(server, 'manager');
  await api(server, 'POST', `/api/devices/${deviceId}/revoke`, { token: manager });
  await until(() => tablet.client.sync.status.connection === 'revoked', 'the tablet to stop');
  const kept = [
    sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]),
    sellForCash(tablet, [{ skuId: trackedSkus[1].id, qty: 2 }]),
  ];

  // Still revoked: 重试 asks once, is told so again, and does not keep knocking.
  tablet.client.sync.retryNow();
  await until(() => tablet.client.sync.status.connection === 'revoked', 'the refusal again');
  await until(() => tablet.standIn.openSockets() === 0, 'the socket to close');
  expect(tablet.client.sync.status.nextRetryAt).toBeNull();
  expect(server.store.order(kept[0].id)).toBeUndefined();

  const reinstated = await api(server, 'POST', `/api/devices/${deviceId}/reinstate`, {
    token: manager,
    body: { reason: '误停用' },
  });
  expect(reinstated.status).toBe(200);
  tablet.client.sync.retryNow();
  await until(() => tablet.client.sync.unsyncedCount === 0, 'the kept sales to sync');
  expect(tablet.client.sync.status.connection).toBe('online');
  expect(tablet.client.sync.refused).toEqual([]);
  for (const order of kept) expect(server.store.order(order.id)?.status).toBe('paid');
  expect(
    server.store.ordersOfDay(kept[0].businessDay).filter((o) => o.deviceId === deviceId),
  ).toHaveLength(2);
});
