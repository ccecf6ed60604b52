// Payment tests' helpers: a server with fast polling and a clock the test moves, a paired device
// that places open orders over the real sync protocol, and reading QR images back with jsqr.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import {
  operationId,
  type AckResult,
  type Operation,
  type Order,
  type PaymentView,
  type Refund,
} from '@pos/shared';
import { ProtocolClient } from '../../support/protocol-client';
import { saleOperation } from '../../support/sales';
import {
  api,
  pairTestDevice,
  startTestServer,
  type PairedTestDevice,
  type TestServer,
} from '../../support/test-server';
import type { StartOptions } from '../../../sync-server/server';

export class TestClock {
  constructor(public ms = Date.now()) {}
  now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface PaymentTill {
  server: TestServer;
  device: PairedTestDevice;
  sync: ProtocolClient;
  clock: TestClock;
  seq: number;
}

export async function openTill(
  options: Partial<StartOptions> = {},
  clock = new TestClock(),
): Promise<PaymentTill> {
  const server = await startTestServer({
    now: clock.now,
    ...options,
    payments: { pollMs: 40, retryMs: 80, refundPollMs: 40, ...options.payments },
  });
  const device = await pairTestDevice(server);
  const sync = await ProtocolClient.open(server.url, device.token);
  return { server, device, sync, clock, seq: 0 };
}

/** Pushes one operation with the till's next sequence number over sync, as a device does; its answer. */
export async function pushOperation<T extends Operation['type']>(
  till: PaymentTill,
  type: T,
  payload: Extract<Operation, { type: T }>['payload'],
): Promise<AckResult> {
  till.seq++;
  const op = {
    id: operationId(till.device.deviceId, till.seq),
    deviceId: till.device.deviceId,
    seq: till.seq,
    createdAt: till.clock.now(),
    type,
    payload,
  } as Operation;
  const { results } = await till.sync.push([op]);
  return results[0];
}

/** Places an order left open for payment (as the checkout does before showing a pay QR). */
export async function placeOpenOrder(
  till: PaymentTill,
  items?: Array<{ skuId: string; qty: number }>,
): Promise<Order> {
  till.seq++;
  const op = saleOperation({ device: till.device, seq: till.seq, items, at: till.clock.now() });
  op.payload = { ...op.payload, status: 'open', tenders: [], paidAt: null };
  const { results } = await till.sync.push([op]);
  if (results[0].status !== 'applied') throw new Error(JSON.stringify(results[0]));
  return op.payload;
}

/**
 * A manager-approved refund of the whole order (or `amount` of its first line) given back by
 * WeChat, pushed by the till over sync as a device does. Returns the refund.
 */
export async function pushRefund(
  till: PaymentTill,
  order: Order,
  { amount = order.total, method = 'wechat' as 'wechat' | 'cash' } = {},
): Promise<Refund> {
  const whole = amount === order.total;
  const refund: Refund = {
    // Named by the sequence number pushOperation is about to give it.
    id: `${till.device.deviceId}:refund:${till.seq + 1}`,
    orderId: order.id,
    deviceId: till.device.deviceId,
    staffId: 'staff-cashier-1',
    approvedBy: 'staff-manager',
    reason: '顾客退货',
    createdAt: till.clock.now(),
    businessDay: order.businessDay,
    lines: whole
      ? order.lines.map((line) => ({ lineId: line.lineId, qty: line.qty, amount: line.total }))
      : [{ lineId: order.lines[0].lineId, qty: 1, amount }],
    tenders: [{ method, amount }],
    restock: true,
  };
  const answer = await pushOperation(till, 'order.refunded', refund);
  if (answer.status !== 'applied') throw new Error(JSON.stringify(answer));
  return refund;
}

/** Waits for the server's state to satisfy `done` (the refund service works on its own). */
export async function serverUntil<T>(
  read: () => T,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function requestPayment(till: PaymentTill, body: Record<string, unknown>) {
  return api<{ payment: PaymentView; error?: { code: string; message: string } }>(
    till.server,
    'POST',
    '/api/payments',
    {
      token: till.device.token,
      body,
    },
  );
}

export async function paymentStatus(till: PaymentTill, id: string): Promise<PaymentView> {
  const response = await api<{ payment: PaymentView }>(till.server, 'GET', `/api/payments/${id}`, {
    token: till.device.token,
  });
  return response.body.payment;
}

/** Polls the status until `done` (the server's poller moves it on its own). */
export async function statusUntil(
  till: PaymentTill,
  id: string,
  done: (view: PaymentView) => boolean,
  what: string,
): Promise<PaymentView> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const view = await paymentStatus(till, id);
    if (done(view)) return view;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The text of a QR code in a PNG, read by an independent decoder. */
export function decodePng(png: Buffer): string {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('no QR code found in the image');
  return code.data;
}

export async function fetchBuffer(
  url: string,
  token?: string,
): Promise<{ status: number; type: string; body: Buffer; headers: Headers }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: Buffer.from(await response.arrayBuffer()),
    headers: response.headers,
  };
}

export async function closeTill(till: PaymentTill): Promise<void> {
  till.sync.close();
  await till.server.close();
}
