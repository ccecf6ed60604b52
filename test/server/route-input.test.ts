// Requests the HTTP routes' schemas let through once: each is refused with its own error, and
// nothing reaches the journal.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
serverForEachTest((started) => (server = started));

/** The journal's size on disk: a refused request must not have written to it. */
function journalBytes(): number {
  const dir = join(server.dataDir, 'journal');
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

test('a product with one SKU id twice is refused, not saved with two SKUs under one id', async () => {
  const manager = await signIn(server, 'manager');
  const product = demo.products[0];
  const sku = product.skus[0];
  const before = journalBytes();
  for (const [id, skus] of [
    [product.id, [sku, { ...sku, label: 'again' }]],
    [
      'new-product',
      [
        { ...sku, id: 'new-sku' },
        { ...sku, id: 'new-sku', barcodes: [] },
      ],
    ],
  ] as const) {
    const response = await api(server, 'PUT', `/api/catalog/products/${id}`, {
      token: manager,
      body: { ...product, skus },
    });
    expect(response).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.stringMatching(/given twice/) } },
    });
  }
  expect(journalBytes()).toBe(before);
  expect(server.store.state.products[product.id].skus).toEqual(product.skus);
  expect(server.store.state.products['new-product']).toBeUndefined();
});

test('a price or member price past what fen can hold is refused by name, not a 500', async () => {
  // Found by test/server/api-fuzz.test.ts: the member-price rule formatted the amount as money.
  const manager = await signIn(server, 'manager');
  const product = demo.products[1];
  const before = journalBytes();
  for (const [field, amount] of [
    ['memberPrice', 1e21],
    ['memberPrice', Number.MAX_SAFE_INTEGER + 2],
    ['price', 1e21],
  ] as const) {
    const skus = [{ ...product.skus[0], [field]: amount }, ...product.skus.slice(1)];
    const response = await api(server, 'PUT', `/api/catalog/products/${product.id}`, {
      token: manager,
      body: { ...product, skus },
    });
    expect(response).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'invalid_request',
          message: expect.stringContaining(`skus.0.${field}: is too large`),
        },
      },
    });
  }
  expect(journalBytes()).toBe(before);
  expect(server.store.state.products[product.id].skus).toEqual(product.skus);
});

test('revoking a revoked device again is refused, not a second revocation in the audit', async () => {
  const manager = await signIn(server, 'manager');
  const device = await pairTestDevice(server);
  const revoke = (reason: string) =>
    api(server, 'POST', `/api/devices/${device.deviceId}/revoke`, {
      token: manager,
      body: { reason },
    });
  expect((await revoke('lost')).status).toBe(200);
  const revokedAt = server.store.device(device.deviceId)?.revokedAt;
  const before = journalBytes();
  expect(await revoke('lost again')).toMatchObject({
    status: 409,
    body: { error: { code: 'already_revoked', message: expect.stringMatching(/already revoked/) } },
  });
  expect(journalBytes()).toBe(before);
  expect(server.store.device(device.deviceId)?.revokedAt).toBe(revokedAt);
  const audit = await api<{ entries: Array<{ kind: string }> }>(
    server,
    'GET',
    '/api/reports/audit?kind=device_revoked',
    { token: manager },
  );
  expect(audit.body.entries).toHaveLength(1);
});

test("the manager's refund list refuses a business day that is no date", async () => {
  const manager = await signIn(server, 'manager');
  for (const day of ['2026-13-45', '9999-99-99', '2026-02-30'])
    expect(
      await api(server, 'GET', `/api/payments/refunds?businessDay=${day}`, { token: manager }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.stringMatching(/businessDay/) } },
    });
});

test('a day report for a day outside the years a business day may fall in is refused, not a 500', async () => {
  const manager = await signIn(server, 'manager');
  for (const path of ['/api/reports/days/9999-12-31', '/api/reports/days/9999-12-31?device=x'])
    expect(await api(server, 'GET', path, { token: manager })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.stringMatching(/1970 to 9998/) } },
    });
  expect(
    (await api(server, 'GET', '/api/reports/days/9998-12-31', { token: manager })).status,
  ).toBe(200);
});
