// Pairing and device auth over real HTTP and WebSocket: codes, lockout, revocation.
import { closeCodes, PROTOCOL_VERSION } from '@pos/shared';
import { PAIRING_CODE_TTL_MS } from '../../sync-server/auth/pairing-codes';
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
let clock = Date.UTC(2026, 10, 22, 3, 0, 0);

serverForEachTest((started) => (server = started), { options: { now: () => clock } });

const pair = (code: string, name = 'Till 1', kind = 'tablet') =>
  api<Record<string, string>>(server, 'POST', '/api/pair', { body: { code, name, kind } });

test('a code pairs one device, which gets an id, a short code and a token of which only a hash is kept', async () => {
  const { code } = server.pos.pairingCodes.issue();
  const response = await pair(code);
  expect(response.status).toBe(201);
  expect(response.body).toMatchObject({ deviceCode: 'T1', storeName: '示例咖啡便利店' });
  expect(response.body.token.length).toBeGreaterThan(40);
  const stored = JSON.stringify(server.store.state);
  expect(stored).not.toContain(response.body.token);
  expect(server.store.device(response.body.deviceId)?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
});

test('device codes count per kind and are never reused', async () => {
  const codes = [];
  for (const kind of ['tablet', 'phone', 'tablet', 'kiosk'])
    codes.push((await pairTestDevice(server, kind, kind as 'tablet')).deviceCode);
  expect(codes).toEqual(['T1', 'P1', 'T2', 'K1']);
});

test('a code works once', async () => {
  const { code } = server.pos.pairingCodes.issue();
  expect((await pair(code)).status).toBe(201);
  const reuse = await pair(code);
  expect(reuse.status).toBe(400);
  expect(reuse.body).toEqual({
    error: { code: 'code_unknown', message: 'no such pairing code (each code works once)' },
  });
});

test('a code expires after ten minutes', async () => {
  const { code } = server.pos.pairingCodes.issue();
  clock += PAIRING_CODE_TTL_MS + 1;
  const response = await pair(code);
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ error: { code: 'code_expired' } });
});

test('bad pairing requests name the field', async () => {
  const response = await pair('12ab');
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ error: { code: 'invalid_request' } });
  expect((response.body as unknown as { error: { message: string } }).error.message).toMatch(
    /code: must be the 6-digit/,
  );
});

test('five wrong codes lock the address out, even for a right code', async () => {
  for (let i = 0; i < 5; i++) expect((await pair('000000')).status).toBe(400);
  const { code } = server.pos.pairingCodes.issue();
  const locked = await pair(code);
  expect(locked.status).toBe(429);
  expect(locked.body).toMatchObject({ error: { code: 'locked_out' } });
});

test('a revoked device loses its socket at once and is refused next time', async () => {
  const device = await pairTestDevice(server);
  const client = await ProtocolClient.open(server.url, device.token);
  const manager = await signIn(server, 'manager');
  const revoke = await api(server, 'POST', `/api/devices/${device.deviceId}/revoke`, {
    token: manager,
  });
  expect(revoke.status).toBe(200);
  expect(await client.closed()).toBe(closeCodes.revoked);
  expect(client.messages.find((m) => m.type === 'error')).toMatchObject({ code: 'revoked' });

  const again = await ProtocolClient.connect(server.url);
  again.send({ type: 'hello', protocol: PROTOCOL_VERSION, token: device.token, cursor: null });
  expect(await again.closed()).toBe(closeCodes.revoked);
  expect((await api(server, 'GET', '/api/catalog', { token: device.token })).status).toBe(401);
});

test('revocation survives a restart', async () => {
  const device = await pairTestDevice(server);
  const manager = await signIn(server, 'manager');
  await api(server, 'POST', `/api/devices/${device.deviceId}/revoke`, { token: manager });
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir, now: () => clock });
  const again = await ProtocolClient.connect(server.url);
  again.send({ type: 'hello', protocol: PROTOCOL_VERSION, token: device.token, cursor: null });
  expect(await again.closed()).toBe(closeCodes.revoked);
});

test('managers list devices with their sync state; cashiers and devices may not', async () => {
  const device = await pairTestDevice(server);
  const manager = await signIn(server, 'manager');
  const cashier = await signIn(server, 'cashier');
  const list = await api<{ devices: Array<Record<string, unknown>> }>(
    server,
    'GET',
    '/api/devices',
    { token: manager },
  );
  expect(list.body.devices).toEqual([
    expect.objectContaining({ id: device.deviceId, code: 'T1', ackedSeq: 0, missingSeqs: [] }),
  ]);
  expect(JSON.stringify(list.body)).not.toContain('tokenHash');
  expect((await api(server, 'GET', '/api/devices', { token: cashier })).status).toBe(403);
  expect((await api(server, 'GET', '/api/devices', { token: device.token })).status).toBe(403);
  expect((await api(server, 'GET', '/api/devices')).status).toBe(401);
  expect((await api(server, 'POST', '/api/pairing-codes', { token: cashier })).status).toBe(403);
  const issued = await api<{ code: string }>(server, 'POST', '/api/pairing-codes', {
    token: manager,
  });
  expect(issued.body.code).toMatch(/^\d{6}$/);
  expect((await pair(issued.body.code, 'Phone', 'phone')).status).toBe(201);
});
