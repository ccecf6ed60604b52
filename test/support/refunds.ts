// A device's refund as an operation, as a till makes it: for tests that push one over the socket.
import { businessDayOf, type Operation } from '@pos/shared';
import type { saleOperation } from './sales';
import { demo } from './test-server';

/** `device` gives back the sale's first line in cash now (today's business day), as operation `seq`. */
export function cashRefundOfFirstLine(
  device: { deviceId: string },
  sale: ReturnType<typeof saleOperation>,
  seq: number,
  reason = 'returned',
): Operation {
  const [line] = sale.payload.lines;
  const now = Date.now();
  return {
    id: `${device.deviceId}:${seq}`,
    deviceId: device.deviceId,
    seq,
    createdAt: now,
    type: 'order.refunded',
    payload: {
      id: `${device.deviceId}:refund:${seq}`,
      orderId: sale.payload.id,
      deviceId: device.deviceId,
      staffId: 'staff-cashier-1',
      approvedBy: 'staff-manager',
      reason,
      createdAt: now,
      businessDay: businessDayOf(now, demo.settings),
      lines: [{ lineId: line.lineId, qty: 1, amount: line.total }],
      tenders: [{ method: 'cash', amount: line.total }],
      restock: true,
    },
  };
}
