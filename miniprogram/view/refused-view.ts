// The changes the server refused, as the manager screen lists them: what each one was, why the
// server refused it and when it was made, in the UI's words, so a manager can deal with it. Pure.
import { formatFen, storeDateTime, type Operation } from '@pos/shared';
import type { RefusedOperation } from '../core/sync-status';
import { describeError, text } from '../i18n/index';
import { methodName } from './order-view';

export interface RefusedRow {
  seq: number;
  what: string;
  why: string;
  when: string;
}

/** What the device knows to name an operation's order and goods by. */
export interface RefusedNames {
  orderNo(orderId: string): string | null;
  skuName(skuId: string): string | null;
}

export function refusedRows(
  refused: readonly RefusedOperation[],
  names: RefusedNames,
  utcOffsetMinutes: number,
): RefusedRow[] {
  return refused.map((refusal) => ({
    seq: refusal.seq,
    what: describeChange(refusal.op, names),
    why: describeError({ code: refusal.code, message: refusal.message }),
    when: storeDateTime(refusal.op.createdAt, utcOffsetMinutes).slice(0, 16),
  }));
}

function describeChange(op: Operation, names: RefusedNames): string {
  const words = text.changes;
  const orderNo = (orderId: string) => names.orderNo(orderId) ?? orderId;
  const skuName = (skuId: string) => names.skuName(skuId) ?? skuId;
  switch (op.type) {
    case 'order.placed': {
      const { status, orderNo: no, total } = op.payload;
      return status === 'open'
        ? words.counterOrder(no, formatFen(total))
        : words.sale(no, formatFen(total));
    }
    case 'order.paid':
      return words.payment(orderNo(op.payload.orderId));
    case 'order.refunded': {
      const amount = op.payload.tenders.reduce((sum, tender) => sum + tender.amount, 0);
      return words.refund(orderNo(op.payload.orderId), formatFen(amount));
    }
    case 'order.voided':
      return words.void(orderNo(op.payload.orderId));
    case 'shift.opened':
      return words.shiftOpened(formatFen(op.payload.float));
    case 'shift.cash_moved':
      return words.cashMoved(op.payload.direction, formatFen(op.payload.amount));
    case 'shift.closed':
      return words.shiftClosed(formatFen(op.payload.countedTotal));
    case 'stock.counted':
      return words.stockCounted(skuName(op.payload.skuId));
    case 'stock.received':
      return words.stockReceived(skuName(op.payload.skuId), op.payload.qty);
    case 'member.joined':
      return words.memberJoined(op.payload.phone);
    case 'member.topped_up':
      return words.topUp(formatFen(op.payload.amount), methodName(op.payload.payment.method));
    case 'drawer.opened':
      return words.drawerOpened(op.payload.reason);
  }
}
