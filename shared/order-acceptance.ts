// What the server checks of an order a device placed: the device cannot be trusted to have
// run the same rules (an old app version, a bug, a tampered client), so its figures are re-checked.
import { checkOrderArithmetic } from './order-lifecycle';
import type { Order } from './order';
import { checkTenders, ruleError, type Checked } from './tenders';

export function checkPlacedOrder(order: Order, deviceId: string): Checked<Order> {
  if (order.deviceId !== deviceId)
    return ruleError(
      'wrong_device',
      `order ${order.orderNo} belongs to device ${order.deviceId}, not ${deviceId}`,
    );
  if (order.refunds.length > 0 || order.void !== null)
    return ruleError(
      'order_status',
      `order ${order.orderNo} must be placed before it is refunded or voided`,
    );
  // Only a later payment (order.paid) says another device took the money.
  if (order.paidDeviceId !== undefined)
    return ruleError(
      'order_status',
      `order ${order.orderNo} must be placed before another device takes its payment`,
    );
  // Only the server, recording a payment by QR, says when the cash of its split was taken.
  if (order.cashTakenAt !== undefined)
    return ruleError(
      'order_status',
      `order ${order.orderNo} must be placed before the server records its payment by QR`,
    );
  const arithmetic = checkOrderArithmetic(order);
  if (!arithmetic.ok) return arithmetic;
  if (order.status === 'open') {
    if (order.tenders.length > 0 || order.paidAt !== null)
      return ruleError('order_status', `open order ${order.orderNo} cannot carry payments`);
    return { ok: true, value: order };
  }
  if (order.status !== 'paid')
    return ruleError(
      'order_status',
      `order ${order.orderNo} must be placed as paid or open, not ${order.status}`,
    );
  if (order.paidAt === null)
    return ruleError('order_status', `paid order ${order.orderNo} has no payment time`);
  const tenders = checkTenders(order.total, order.tenders);
  return tenders.ok ? { ok: true, value: order } : tenders;
}
