// The HTTP API over real HTTP: errors, catalog writes going out over sync, orders, members, staff.
import { PROTOCOL_VERSION } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
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

test('health answers without a token', async () => {
  const response = await api(server, 'GET', '/api/health');
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({
    status: 'ok',
    protocol: PROTOCOL_VERSION,
    orders: 0,
  });
});

test('errors have one shape: unknown endpoint, invalid JSON, no token', async () => {
  expect(await api(server, 'GET', '/api/nothing')).toEqual({
    status: 404,
    body: { error: { code: 'no_such_endpoint', message: 'no such endpoint: GET /api/nothing' } },
  });
  const invalid = await api(server, 'POST', '/api/pair', { rawBody: '{"code": 12' });
  expect(invalid.status).toBe(400);
  expect(invalid.body).toMatchObject({ error: { code: 'invalid_json' } });
  expect(await api(server, 'GET', '/api/catalog')).toMatchObject({
    status: 401,
    body: { error: { code: 'unauthorized' } },
  });
});

test('a wrong PIN is refused; a right one opens a session with its role', async () => {
  const manager = demo.staffPins.find((s) => s.role === 'manager')!;
  const wrong = await api(server, 'POST', '/api/sessions', {
    body: { staffId: manager.staffId, pin: '000000' },
  });
  expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'wrong_pin' } } });
  const right = await api(server, 'POST', '/api/sessions', {
    body: { staffId: manager.staffId, pin: manager.pin },
  });
  expect(right).toMatchObject({
    status: 201,
    body: { staff: { id: manager.staffId, role: 'manager' } },
  });
});

test('a manager changes a PIN: the old one stops working, and devices receive the new hash', async () => {
  const device = await pairTestDevice(server);
  const client = await ProtocolClient.open(server.url, device.token);
  const manager = await signIn(server, 'manager');
  const cashier = demo.staffPins.find((s) => s.role === 'cashier')!;
  const weak = await api(server, 'PUT', `/api/staff/${cashier.staffId}/pin`, {
    token: manager,
    body: { pin: '12' },
  });
  expect(weak).toMatchObject({
    status: 400,
    body: { error: { message: 'request body: pin: a PIN is 4 to 6 digits' } },
  });
  expect(
    (
      await api(server, 'PUT', `/api/staff/${cashier.staffId}/pin`, {
        token: manager,
        body: { pin: '4321' },
      })
    ).status,
  ).toBe(200);
  const old = await api(server, 'POST', '/api/sessions', {
    body: { staffId: cashier.staffId, pin: cashier.pin },
  });
  expect(old.status).toBe(401);
  const staffChange = await client.waitFor(
    (m) =>
      m.type === 'changes' &&
      m.changes.some((c) => c.kind === 'staff' && c.staff.id === cashier.staffId),
    'staff change',
  );
  expect(staffChange).not.toBeNull();
  const staffList = await api<{ staff: object[] }>(server, 'GET', '/api/staff', { token: manager });
  expect(JSON.stringify(staffList.body)).not.toContain('pinHash');
  client.close();
});

test('a manager changes a price: every connected device receives it; the server makes the initials', async () => {
  const device = await pairTestDevice(server);
  const client = await ProtocolClient.open(server.url, device.token);
  const manager = await signIn(server, 'manager');
  const product = demo.products.find((p) => p.soldBy === 'piece')!;
  const { initials: _initials, ...body } = {
    ...product,
    name: '燕麦拿铁',
    skus: [{ ...product.skus[0], price: 3300 }],
  };
  const saved = await api<{ product: { initials: string } }>(
    server,
    'PUT',
    `/api/catalog/products/${product.id}`,
    { token: manager, body },
  );
  expect(saved.status).toBe(200);
  expect(saved.body.product.initials).toBe('ymnt');
  const change = await client.waitFor(
    (m) =>
      m.type === 'changes' &&
      m.changes.some((c) => c.kind === 'product' && c.product.id === product.id),
    'price change',
  );
  const received =
    change?.type === 'changes' ? change.changes.find((c) => c.kind === 'product') : undefined;
  expect(received?.kind === 'product' && received.product.skus[0].price).toBe(3300);
  client.close();
});

test('catalog writes are checked: bad barcode, duplicate barcode, unknown category, cashier refused', async () => {
  const manager = await signIn(server, 'manager');
  const cashier = await signIn(server, 'cashier');
  const [first, second] = demo.products.filter((p) => p.skus[0].barcodes.length > 0);
  const withBarcode = (barcode: string) => ({
    ...first,
    skus: [{ ...first.skus[0], barcodes: [barcode] }],
  });
  const put = (body: object, token = manager) =>
    api(server, 'PUT', `/api/catalog/products/${first.id}`, { token, body });

  expect(await put(withBarcode('6901234567890'))).toMatchObject({
    status: 400,
    body: { error: { message: expect.stringMatching(/wrong check digit/) } },
  });
  expect(await put(withBarcode(second.skus[0].barcodes[0]))).toMatchObject({ status: 409 });
  expect(await put({ ...first, categoryId: 'nope' })).toMatchObject({
    status: 400,
    body: { error: { message: 'categoryId: no category nope' } },
  });
  expect(await put({ ...first, skus: [{ ...first.skus[0], price: 12.5 }] })).toMatchObject({
    status: 400,
    body: { error: { message: expect.stringMatching(/skus\.0\.price/) } },
  });
  expect(await put(first, cashier)).toMatchObject({ status: 403 });
});

test('orders by business day, one order, and member lookup', async () => {
  const device = await pairTestDevice(server);
  const client = await ProtocolClient.open(server.url, device.token);
  const sale = saleOperation({ device, seq: 1 });
  await client.push([sale]);
  client.close();
  const day = sale.payload.businessDay;
  const orders = await api<{ orders: Array<{ id: string }> }>(
    server,
    'GET',
    `/api/orders?day=${day}`,
    { token: device.token },
  );
  expect(orders.body.orders.map((o) => o.id)).toEqual([sale.payload.id]);
  expect(
    (await api(server, 'GET', `/api/orders?day=2026-13-01x`, { token: device.token })).status,
  ).toBe(400);
  expect(
    (
      await api(server, 'GET', `/api/orders/${encodeURIComponent(sale.payload.id)}`, {
        token: device.token,
      })
    ).status,
  ).toBe(200);

  const member = demo.members[0];
  expect(
    await api(server, 'GET', `/api/members?phone=${member.phone}`, { token: device.token }),
  ).toMatchObject({
    status: 200,
    body: { member: { id: member.id } },
  });
  expect((await api(server, 'GET', `/api/members?phone=123`, { token: device.token })).status).toBe(
    400,
  );
  expect(
    (await api(server, 'GET', `/api/members?phone=13900000000`, { token: device.token })).status,
  ).toBe(404);
});

test('a manager sets a counted stock level; sales made before the count do not move it again', async () => {
  const device = await pairTestDevice(server);
  const client = await ProtocolClient.open(server.url, device.token);
  const manager = await signIn(server, 'manager');
  const sku = demo.products.find((p) => p.stockTracked)!.skus[0].id;
  const early = saleOperation({
    device,
    seq: 1,
    items: [{ skuId: sku, qty: 2 }],
    at: Date.now() - 60_000,
  });
  expect(
    (await api(server, 'PUT', `/api/stock/${sku}`, { token: manager, body: { level: 50 } })).status,
  ).toBe(200);
  await client.push([early]);
  expect(server.store.state.stock[sku].level).toBe(50);
  await client.push([saleOperation({ device, seq: 2, items: [{ skuId: sku, qty: 2 }] })]);
  expect(server.store.state.stock[sku].level).toBe(48);
  client.close();
});
