// What a device makes without the server carries its own id: orders (id, device code and number),
// refunds, shifts, members who join offline and top-ups. An operation using another device's
// takes that device's place: its order id (the device's own sale is then refused as a duplicate),
// its shift (closed or counted short from another till), its offline member (top-ups credited to
// another), its refund (whose WeChat refund number the other's would then reuse).
import type { Operation } from './operation';
import { parseOrderId } from './order-number';
import { ruleError, type Checked } from './tenders';

/** The device sending an operation, as the server paired it. */
export interface SendingDevice {
  id: string;
  code: string;
}

/** The ids an operation makes (not those it refers to: a refund of another till's order is fine). */
function madeIds(op: Operation): Array<{ what: string; id: string }> {
  switch (op.type) {
    case 'order.refunded':
      return [{ what: 'refund', id: op.payload.id }];
    case 'shift.opened':
    case 'shift.cash_moved':
    case 'shift.closed':
      return [{ what: 'shift', id: op.payload.shiftId }];
    case 'drawer.opened':
      return op.payload.shiftId === null ? [] : [{ what: 'shift', id: op.payload.shiftId }];
    case 'member.joined':
      return [{ what: 'member', id: op.payload.id }];
    case 'member.topped_up':
      return [{ what: 'top-up', id: op.payload.id }];
    default:
      return [];
  }
}

/** Refused ('wrong_device') when the operation makes or acts on an id of another device. */
export function checkOwnership(op: Operation, device: SendingDevice): Checked<null> {
  if (op.type === 'order.placed') {
    const order = op.payload;
    const parsed = parseOrderId(order.id);
    if (!parsed.ok || parsed.value.deviceId !== device.id)
      return ruleError(
        'wrong_device',
        `order id ${order.id} is not one of device ${device.code}'s (${device.id}:day:number)`,
      );
    if (order.deviceCode !== device.code || !order.orderNo.startsWith(`${device.code}-`))
      return ruleError(
        'wrong_device',
        `order ${order.orderNo} (code ${order.deviceCode}) must carry this device's code ${device.code}`,
      );
  }
  for (const { what, id } of madeIds(op))
    if (!id.startsWith(`${device.id}:`))
      return ruleError(
        'wrong_device',
        `${what} ${id} is not one of device ${device.code}'s: its id starts with ${device.id}:`,
      );
  return { ok: true, value: null };
}
