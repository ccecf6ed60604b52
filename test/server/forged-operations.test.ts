// What one device's push cannot do to the store's books or another device's, over real WebSockets
// with the data on disk: operations naming another device, or made-up figures, are refused one by
// one (naming what is wrong), the rest of the push is stored and the server goes on.
import {
  operationId,
  type Operation,
  type OperationPayload,
  type OperationType,
  type Refund,
} from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation } from '../support/sales';
import { removeDir } from '../support/temp-dir';
import {
  pairTestDevice,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let till1: PairedTestDevice;
let till2: PairedTestDevice;
const clients: ProtocolClient[] = [];
const cashier = 'staff-cashier-1';
const manager = 'staff-manager';

beforeEach(async () => {
  server = await startTestServer();
  till1 = await pairTestDevice(server, 'Till 1', 'tablet');
  till2 = await pairTestDevice(server, 'Till 2', 'tablet');
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
  removeDir(server.dataDir);
});

async function open(device: PairedTestDevice): Promise<ProtocolClient> {
  const client = await ProtocolClient.open(server.url, device.token, null, { pending: true });
  clients.push(client);
  return client;
}

function op<T extends OperationType>(
  device: PairedTestDevice,
  type: T,
  seq: number,
  payload: OperationPayload<T>,
): Operation {
  const at = Date.now();
  return {
    id: operationId(device.deviceId, seq),
    deviceId: device.deviceId,
    seq,
    createdAt: at,
    type,
    payload,
  } as Operation;
}

/** A whole cash refund of a sale, given back at `device`. */
function refundOf(
  sale: ReturnType<typeof saleOperation>,
  device: PairedTestDevice,
  seq: number,
): Refund {
  const { payload: order } = sale;
  return {
    id: `${device.deviceId}:refund:${seq}`,
    orderId: order.id,
    deviceId: device.deviceId,
    staffId: cashier,
    approvedBy: manager,
    reason: 'returned',
    createdAt: Date.now(),
    businessDay: order.businessDay,
    lines: order.lines.map((line) => ({ lineId: line.lineId, qty: line.qty, amount: line.total })),
    tenders: [{ method: 'cash', amount: order.total }],
    restock: true,
  };
}

test("a refund naming another device's drawer is refused; the rest of the push is stored", async () => {
  const sale = saleOperation({ device: till1, seq: 1 });
  await (await open(till1)).push([sale]);
  const other = saleOperation({ device: till2, seq: 2 });
  const client = await open(till2);
  const { results } = await client.push([
    op(till2, 'order.refunded', 1, { ...refundOf(sale, till2, 1), deviceId: till1.deviceId }),
    other,
  ]);
  expect(results[0]).toMatchObject({ status: 'refused', error: { code: 'bad_operation' } });
  expect(results[0].error?.message).toMatch(/payload\.deviceId: must be the device that sends/);
  expect(results[1].status).toBe('applied');
  expect(server.store.order(sale.payload.id)).toMatchObject({ status: 'paid', refunds: [] });

  // Made at its own drawer, the same refund is taken.
  const { results: own } = await client.push([
    op(till2, 'order.refunded', 1, refundOf(sale, till2, 1)),
  ]);
  expect(own[0].status).toBe('applied');
  expect(server.store.order(sale.payload.id)?.status).toBe('refunded');
});
