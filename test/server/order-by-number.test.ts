// GET /api/orders/by-number/:number over real HTTP: the order a receipt's number names, for a till
// whose own history no longer holds it (a return on day three). A paired device's token (or staff)
// is needed; the number is read as the core reads it (case, leading zeros), refused when it is not
// one; a number no order has is a 404. A number carries no year: the newest order it names up to
// today is the one (orderByNumber, checked on a stand-in store).
import { addBusinessDays, businessDayOf, orderId, type Order } from '@pos/shared';
import { orderByNumber } from '../../sync-server/http/order-routes';
import type { DeviceRecord } from '../../sync-server/store/state';
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

const DAY_MS = 24 * 60 * 60 * 1000;

test('a sale of three business days ago, found by its number with a device token or a staff session', async () => {
  const device = await pairTestDevice(server);
  const client = await ProtocolClient.open(server.url, device.token);
  const at = Date.now() - 3 * DAY_MS;
  const sale = saleOperation({ device, seq: 1, orderSeq: 7, at });
  expect((await client.push([sale])).results[0].status).toBe('applied');
  client.close();
  const today = businessDayOf(Date.now(), demo.settings);
  expect(sale.payload.businessDay).toBe(addBusinessDays(today, -3));
  const { orderNo } = sale.payload;
  expect(orderNo).toMatch(/-0007$/);

  const byNumber = (number: string, token?: string) =>
    api<{ order: Order }>(server, 'GET', `/api/orders/by-number/${encodeURIComponent(number)}`, {
      token,
    });
  const found = await byNumber(orderNo, device.token);
  expect(found.status).toBe(200);
  expect(found.body.order).toEqual(sale.payload);
  // Typed loosely, as the till's search box takes it.
  const loose = orderNo.toLowerCase().replace(/-0+7$/, '-7');
  expect((await byNumber(loose, device.token)).body.order.id).toBe(sale.payload.id);
  // Staff signed in (the dashboard) may ask too.
  expect((await byNumber(orderNo, await signIn(server, 'cashier'))).status).toBe(200);

  expect(await byNumber(orderNo)).toMatchObject({
    status: 401,
    body: { error: { code: 'unauthorized' } },
  });
  expect(await byNumber('T1-1322-0001', device.token)).toMatchObject({
    status: 400,
    body: { error: { code: 'invalid_request' } },
  });
  expect((await byNumber('not a number', device.token)).status).toBe(400);
  expect((await byNumber(orderNo.replace(/-0007$/, '-0008'), device.token)).status).toBe(404);
  expect((await byNumber('T99-1122-0001', device.token)).status).toBe(404);
});

test('a number names the newest order up to today with that device, month, day and sequence', () => {
  const device = { id: 'dev-01', code: 'T1', pairedAt: Date.UTC(2024, 5, 1) } as DeviceRecord;
  const orders = new Map<string, Order>();
  const put = (day: string) =>
    orders.set(orderId('dev-01', day, 42), {
      id: orderId('dev-01', day, 42),
      deviceCode: 'T1',
    } as Order);
  put('2024-11-22');
  put('2025-11-22');
  const store = {
    order: (id: string) => orders.get(id),
    state: { devices: { 'dev-01': device }, settings: demo.settings },
  } as unknown as Parameters<typeof orderByNumber>[0];
  const number = { deviceCode: 'T1', monthDay: '1122', seq: 42 };
  expect(orderByNumber(store, number, '2026-11-21')?.id).toBe('dev-01:2025-11-22:42');
  put('2026-11-22');
  expect(orderByNumber(store, number, '2026-11-22')?.id).toBe('dev-01:2026-11-22:42');
  expect(orderByNumber(store, { ...number, seq: 43 }, '2026-11-22')).toBeUndefined();
  expect(orderByNumber(store, { ...number, deviceCode: 'T2' }, '2026-11-22')).toBeUndefined();
  // 29 February only in leap years.
  expect(orderByNumber(store, { ...number, monthDay: '0229' }, '2026-11-22')).toBeUndefined();
});
