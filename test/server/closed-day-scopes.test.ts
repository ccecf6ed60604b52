// Scoped reports of a closed day over real HTTP: the close freezes the store's report and one per
// device and per cashier, which are answered as frozen; a scope it did not freeze (one device's
// cashier) is refused with a reason rather than answered with zeros it never counted.
import { businessDayOf, type ZReport } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let till: PairedTestDevice;
let manager: string;
let socket: ProtocolClient | undefined;
const day = () => businessDayOf(Date.now(), demo.settings);

serverForEachTest((started) => (server = started), { beforeClose: () => socket?.close() });
beforeEach(async () => {
  till = await pairTestDevice(server, 'Till 1', 'tablet');
  manager = await signIn(server);
  socket = await ProtocolClient.open(server.url, till.token);
});

const scoped = (query: string) =>
  api<{ z: ZReport; error?: { code: string; message: string } }>(
    server,
    'GET',
    `/api/reports/days/${day()}?${query}`,
    { token: manager },
  );

it("answers a closed day's device and cashier reports as frozen, and refuses a scope the close did not freeze", async () => {
  const sales = [1, 2].map((seq) => saleOperation({ device: till, seq }));
  await socket!.push(sales);
  const total = sales.reduce((sum, sale) => sum + sale.payload.total, 0);
  const both = `device=${till.deviceId}&cashier=staff-cashier-1`;
  const before = await scoped(both);
  expect(before.status).toBe(200);
  expect(before.body.z.sales).toMatchObject({ orderCount: 2, total });

  const closed = await api(server, 'POST', `/api/reports/days/${day()}/close`, {
    token: manager,
    body: { override: true, note: 'end of day' },
  });
  expect(closed.status).toBe(201);

  for (const query of [`device=${till.deviceId}`, 'cashier=staff-cashier-1']) {
    const frozen = await scoped(query);
    expect(frozen.status).toBe(200);
    expect(frozen.body.z.sales).toMatchObject({ orderCount: 2, total });
  }
  const refused = await scoped(both);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toEqual({
    code: 'scope_not_frozen',
    message: `business day ${day()} is closed; only the store, each device and each cashier were frozen at the close`,
  });
});
