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
