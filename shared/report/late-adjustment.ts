// Operations for a business day that was already closed when they arrived, and payments by QR paid
// after their day closed: kept and applied like any other, and reported as late adjustments on the
// next report, so a frozen report is never rewritten.
import { businessDayOf, type BusinessDaySettings } from '../business-day';
import { formatFen, type Fen } from '../money';
import type { Operation } from '../operation';
import type { Order, TenderMethod } from '../order';
import type { Payment } from '../payment';

/**
 * What arrived late: a device's operation, or a payment by QR the server saw paid after its day
 * closed (no operation carries it): `payment.paid` paid its order, `payment.top_up` a member's
 * stored value, `payment.not_recorded` is money its order could not take (to refund).
 */
export type LateAdjustmentType =
  Operation['type'] | 'payment.paid' | 'payment.top_up' | 'payment.not_recorded';

/** What a late operation or payment changes of its closed day's figures. */
export interface LateAdjustment {
  /** When the server received it (a payment: when the server recorded it paid). */
  receivedAt: number;
  /** The closed business day it belongs to. */
  forDay: string;
  /** The operation's id; `payment:<id>` for a payment by QR. */
  opId: string;
  /** The device that made the operation, or asked for the payment's QR. */
  deviceId: string;
  type: LateAdjustmentType;
  orderNo: string | null;
  /** The refund a late `order.refunded` gave: the sheets mark its rows, not its order's others. */
  refundId?: string;
  /**
   * The shift a late `shift.closed` closed: its variance may still await a manager's approval,
   * which the dashboard can give after its day's close (see report-service.ts).
   */
  shiftId?: string;
  /** Change to that day's net sales: + a late sale, - a late refund or void. */
  netSales: Fen;
  /** Change per tender method, signed like netSales. */
  tenders: Array<{ method: TenderMethod; amount: Fen }>;
  description: string;
}

/**
 * The business day an operation's figures belong to: an order's day for sales, payments and voids,
 * the refund's own day for refunds, the opening's day for shift events. Null for stock operations,
 * which no report counts. `order` is the order the operation touched (after it), when there is one;
 * `shiftDay` finds the day a shift opened on.
 */
export function operationBusinessDay(
  op: Operation,
  order: Order | null,
  settings: BusinessDaySettings,
  shiftDay: (shiftId: string) => string | undefined,
): string | null {
  switch (op.type) {
    case 'order.placed':
      return op.payload.businessDay;
    case 'order.paid':
    case 'order.voided':
      return order?.businessDay ?? null;
    case 'order.refunded':
      return op.payload.businessDay;
    case 'shift.opened':
      return businessDayOf(op.payload.at, settings);
    case 'shift.cash_moved':
    case 'shift.closed':
      return shiftDay(op.payload.shiftId) ?? businessDayOf(op.payload.at, settings);
    case 'member.joined':
      return businessDayOf(op.payload.joinedAt, settings);
    case 'member.topped_up':
      return op.payload.businessDay;
    case 'drawer.opened':
      return (
        (op.payload.shiftId === null ? undefined : shiftDay(op.payload.shiftId)) ??
        businessDayOf(op.payload.at, settings)
      );
    case 'stock.counted':
    case 'stock.received':
      return null;
    default: {
      // Operation types added later (top-ups...) that carry their day or their moment.
      const payload = (op as { payload: { businessDay?: unknown; at?: unknown } }).payload;
      if (typeof payload.businessDay === 'string') return payload.businessDay;
      return typeof payload.at === 'number' ? businessDayOf(payload.at, settings) : null;
    }
  }
}

function byMethod(
  parts: ReadonlyArray<{ method: TenderMethod; amount: Fen }>,
  sign: 1 | -1,
): LateAdjustment['tenders'] {
  const sums = new Map<TenderMethod, Fen>();
  for (const { method, amount } of parts) sums.set(method, (sums.get(method) ?? 0) + amount);
  return [...sums]
    .filter(([, amount]) => amount !== 0)
    .map(([method, amount]) => ({ method, amount: sign * amount }));
}

/** The adjustment a late operation makes; `order` is the order after the operation, when any. */
export function lateAdjustmentOf(
  op: Operation,
  order: Order | null,
  receivedAt: number,
  forDay: string,
): LateAdjustment {
  const base = { receivedAt, forDay, opId: op.id, deviceId: op.deviceId, type: op.type };
  const orderNo = order?.orderNo ?? (op.type === 'order.placed' ? op.payload.orderNo : null);
  const none = { orderNo, netSales: 0, tenders: [] as LateAdjustment['tenders'] };
  switch (op.type) {
    case 'order.placed': {
      const paid = op.payload.status !== 'open';
      return {
        ...base,
        orderNo,
        netSales: paid ? op.payload.total : 0,
        tenders: paid ? byMethod(op.payload.tenders, 1) : [],
        description: paid
          ? `late sale ${op.payload.orderNo} ${formatFen(op.payload.total)}`
          : `late counter order ${op.payload.orderNo} (not paid)`,
      };
    }
    case 'order.paid': {
      const amount = op.payload.tenders.reduce((sum, t) => sum + t.amount, 0);
      return {
        ...base,
        orderNo,
        netSales: amount,
        tenders: byMethod(op.payload.tenders, 1),
        description: `late payment of ${orderNo ?? op.payload.orderId} ${formatFen(amount)}`,
      };
    }
    case 'order.refunded': {
      const amount = op.payload.lines.reduce((sum, l) => sum + l.amount, 0);
      return {
        ...base,
        orderNo,
        refundId: op.payload.id,
        netSales: -amount,
        tenders: byMethod(op.payload.tenders, -1),
        description: `late refund of ${orderNo ?? op.payload.orderId} ${formatFen(amount)}`,
      };
    }
    case 'order.voided': {
      // Only a paid order's void takes money back; an open order's void had none to take.
      const tenders = order ? byMethod(order.tenders, -1) : [];
      const amount = tenders.reduce((sum, t) => sum - t.amount, 0);
      return {
        ...base,
        orderNo,
        netSales: -amount,
        tenders,
        description: `late void of ${orderNo ?? op.payload.orderId} ${formatFen(amount)}`,
      };
    }
    case 'shift.opened':
      return { ...base, ...none, description: `late shift opening ${op.payload.shiftId}` };
    case 'shift.cash_moved':
      return {
        ...base,
        ...none,
        description: `late cash ${op.payload.direction} ${formatFen(op.payload.amount)} (${op.payload.reason})`,
      };
    case 'shift.closed': {
      // The till's own figures: the server's expected (and so the blocker's variance) may differ.
      const { shiftId, countedTotal, expected } = op.payload;
      return {
        ...base,
        ...none,
        shiftId,
        description: `late shift close ${shiftId}: counted ${formatFen(countedTotal)}, expected ${formatFen(expected)}, variance ${formatFen(countedTotal - expected)}${op.payload.approvedBy ? ` approved by ${op.payload.approvedBy}` : ''}`,
      };
    }
    case 'member.joined':
      return { ...base, ...none, description: `late member join ${op.payload.phone}` };
    case 'member.topped_up':
      return {
        ...base,
        ...none,
        description: `late ${op.payload.payment.method} top-up ${formatFen(op.payload.amount)} for member ${op.payload.memberId}`,
      };
    case 'drawer.opened':
      return {
        ...base,
        ...none,
        description: `late drawer opening without a sale (${op.payload.reason})`,
      };
    default:
      return { ...base, ...none, description: `late ${op.type}` };
  }
}

/**
 * The adjustment a payment by QR makes when it is paid after its day closed. `order` is its order
 * as the payment left it: paid by it (with the cash of a split), or null when the order could not
 * take it (paid another way or voided meanwhile) and for a top-up, which is no sale. A payment
 * paid but not recorded (taken after the server closed it, or another amount) is money to refund,
 * a top-up's too.
 */
export function lateAdjustmentOfPayment(
  payment: Pick<Payment, 'id' | 'deviceId' | 'orderNo' | 'amount' | 'topUp'> &
    Partial<Pick<Payment, 'status' | 'paidAmount'>>,
  order: Order | null,
  receivedAt: number,
  forDay: string,
): LateAdjustment {
  const base = {
    receivedAt,
    forDay,
    opId: `payment:${payment.id}`,
    deviceId: payment.deviceId,
    orderNo: payment.orderNo,
  };
  const none = { netSales: 0, tenders: [] as LateAdjustment['tenders'] };
  if (payment.status === 'paid_not_recorded')
    return {
      ...base,
      ...none,
      type: 'payment.not_recorded',
      description: `late wechat payment ${formatFen(payment.paidAmount ?? payment.amount)} for ${payment.orderNo} taken but not recorded on the order: refund it`,
    };
  if (payment.topUp)
    return {
      ...base,
      ...none,
      type: 'payment.top_up',
      description: `late wechat top-up ${formatFen(payment.amount)} for member ${payment.topUp.memberId} (${payment.orderNo})`,
    };
  if (!order)
    return {
      ...base,
      ...none,
      type: 'payment.not_recorded',
      description: `late wechat payment ${formatFen(payment.amount)} for ${payment.orderNo} not recorded on the order (settled another way meanwhile): refund it`,
    };
  const tenders = byMethod(order.tenders, 1);
  const amount = tenders.reduce((sum, t) => sum + t.amount, 0);
  return {
    ...base,
    orderNo: order.orderNo,
    type: 'payment.paid',
    netSales: amount,
    tenders,
    description: `late payment of ${order.orderNo} ${formatFen(amount)}: ${tenders.map((t) => `${t.method} ${formatFen(t.amount)}`).join(' + ')}`,
  };
}

export interface LateAdjustments {
  count: number;
  netSales: Fen;
  byTender: Array<{ method: TenderMethod; amount: Fen }>;
  list: LateAdjustment[];
}

/** Totals of a report's late adjustments, in the order they arrived. */
export function summarizeLateAdjustments(list: readonly LateAdjustment[]): LateAdjustments {
  const sorted = [...list].sort((a, b) => a.receivedAt - b.receivedAt);
  return {
    count: sorted.length,
    netSales: sorted.reduce((sum, a) => sum + a.netSales, 0),
    byTender: byMethod(
      sorted.flatMap((a) => a.tenders),
      1,
    ),
    list: sorted,
  };
}
