// A device revoked by mistake, reinstated by a manager: its token is good again, its socket is
// welcomed, and the audit says who did it. Only a manager may; a device not revoked answers 409.
import { closeCodes, PROTOCOL_VERSION } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import {
  api,
  pairTestDevice,
  serverForEachTest,
  signIn,
  startTestServer,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
serverForEachTest((started) => (server = started));

async function hello(token: string): Promise<ProtocolClient> {
  const client = await ProtocolClient.connect(server.url);
  client.send({ type: 'hello', protocol: PROTOCOL_VERSION, token, cursor: null });
  return client;
}

test('a reinstated device syncs again with its own token, also after a restart', async () => {
  const device = await pairTestDevice(server);
  const manager = await signIn(server, 'manager');
  await api(server, 'POST', `/api/devices/${device.deviceId}/revoke`, { token: manager });
  expect(await (await hello(device.token)).closed()).toBe(closeCodes.revoked);

  const reinstated = await api<{ device: { id: string; revokedAt: number | null } }>(
    server,
    'POST',
    `/api/devices/${device.deviceId}/reinstate`,
    { token: manager, body: { reason: '误停用' } },
  );
  expect(reinstated.status).toBe(200);
  expect(reinstated.body.device).toMatchObject({ id: device.deviceId, revokedAt: null });
  expect((await api(server, 'GET', '/api/catalog', { token: device.token })).status).toBe(200);

  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  const client = await ProtocolClient.open(server.url, device.token);
  client.close();

  const audit = await api<{ entries: Array<{ kind: string; reason: string; staffId: string }> }>(
    server,
    'GET',
    '/api/reports/audit',
    { token: await signIn(server, 'manager') },
  );
  expect(audit.body.entries.slice(0, 2)).toMatchObject([
    { kind: 'device_reinstated', reason: '误停用' },
    { kind: 'device_revoked' },
  ]);
});

test('reinstating a device that is not revoked, or unknown, or as a cashier is refused by name', async () => {
  const device = await pairTestDevice(server);
  const manager = await signIn(server, 'manager');
  const cashier = await signIn(server, 'cashier');
  const path = `/api/devices/${device.deviceId}/reinstate`;

  const notRevoked = await api(server, 'POST', path, { token: manager });
  expect(notRevoked.status).toBe(409);
  expect(notRevoked.body).toMatchObject({ error: { code: 'not_revoked' } });

  const unknown = await api(server, 'POST', '/api/devices/nobody/reinstate', { token: manager });
  expect(unknown.status).toBe(404);

  await api(server, 'POST', `/api/devices/${device.deviceId}/revoke`, { token: manager });
  expect((await api(server, 'POST', path, { token: cashier })).status).toBe(403);
  // Nor can the revoked device itself: its token is no longer good for anything.
  expect((await api(server, 'POST', path, { token: device.token })).status).toBe(401);
  const dashboard = await api(
    server,
    'POST',
    `/dashboard/api/devices/${device.deviceId}/reinstate`,
    {
      token: manager,
      body: { reason: '找回了' },
    },
  );
  expect(dashboard.status).toBe(200);
  expect(server.store.device(device.deviceId)?.revokedAt).toBeNull();
});
