// An order's life: placed from a priced cart, paid (kiosk orders later), voided (refunds.ts: refunded).
// Each step checks its rules and returns a new order or an error naming what is wrong; nothing throws.
import type { PricedCart } from './pricing';
import { missingApprovals } from './approval';
import { formatFen } from './money';
import type { Approval, Order, Tender, VoidRecord } from './order';
import { checkTenders, ruleError, type Checked } from './tenders';

export interface PlaceOrderInput {
  priced: PricedCart;
  /** Empty for a kiosk order sent to the counter to pay there. */
  tenders: Tender[];
  id: string;
  orderNo: string;
  device: { id: string; code: string };
  businessDay: string;
  createdAt: number;
  /** Null only for a kiosk order, which no cashier has taken. */
  cashierId: string | null;
  memberId: string | null;
  source: Order['source'];
  /** A discount or price override approval must cover the priced cart (approval.ts). */
  approvals: Approval[];
}

type OrderFigures = Pick<
  PricedCart,
  'subtotal' | 'lineDiscountTotal' | 'orderDiscount' | 'rounding' | 'total'
>;

/**
 * Checks that a priced order's figures agree: each line's total follows from its amount, discounts
 * and rounding, and each order figure is the sum of its lines' (so the total is too).
 */
export function checkOrderArithmetic(
  order: OrderFigures & Pick<PricedCart, 'lines'>,
): Checked<null> {
  if (order.lines.length === 0) return ruleError('empty_order', 'an order needs at least one line');
  const sums: OrderFigures = {
    subtotal: 0,
    lineDiscountTotal: 0,
    orderDiscount: 0,
    rounding: 0,
    total: 0,
  };
  for (const line of order.lines) {
    const expected = line.amount - line.lineDiscount - line.orderDiscountShare + line.roundingShare;
    if (line.total !== expected)
      return ruleError(
        'totals_inconsistent',
        `line ${line.lineId}: total ${formatFen(line.total)} is not amount - discounts + rounding = ${formatFen(expected)}`,
      );
    sums.subtotal += line.amount;
    sums.lineDiscountTotal += line.lineDiscount;
    sums.orderDiscount += line.orderDiscountShare;
    sums.rounding += line.roundingShare;
    sums.total += line.total;
  }
  for (const figure of Object.keys(sums) as Array<keyof OrderFigures>)
    if (order[figure] !== sums[figure])
      return ruleError(
        'totals_inconsistent',
        `${figure} ${formatFen(order[figure])} is not the sum of its lines' (${formatFen(sums[figure])})`,
      );
  return { ok: true, value: null };
}

/** Makes the order for a priced cart: paid with its tenders, or open when a kiosk sends it to the counter. */
export function placeOrder(input: PlaceOrderInput): Checked<Order> {
  const { priced, tenders, source } = input;
  const arithmetic = checkOrderArithmetic(priced);
  if (!arithmetic.ok) return arithmetic;
  for (const reason of missingApprovals(priced, input.approvals)) {
    const again = input.approvals.some((a) => a.reason === reason)
      ? ' again: it is larger than the one approved'
      : '';
    return ruleError(
      'approval_missing',
      `a manager must approve the ${reason.replace('_', ' ')}${again}`,
    );
  }
  if (source === 'register' && input.cashierId === null)
    return ruleError('cashier_missing', 'a register order needs the signed-in cashier');
  const sentToCounter = source === 'kiosk' && tenders.length === 0;
  if (!sentToCounter) {
    const checked = checkTenders(priced.total, tenders);
    if (!checked.ok) return checked;
  }
  return {
    ok: true,
    value: {
      id: input.id,
      orderNo: input.orderNo,
      deviceId: input.device.id,
      deviceCode: input.device.code,
      businessDay: input.businessDay,
      createdAt: input.createdAt,
      paidAt: sentToCounter ? null : input.createdAt,
      cashierId: input.cashierId,
      memberId: input.memberId,
      source,
      status: sentToCounter ? 'open' : 'paid',
      lines: priced.lines.map((line) => ({ ...line })),
      subtotal: priced.subtotal,
      lineDiscountTotal: priced.lineDiscountTotal,
      orderDiscount: priced.orderDiscount,
      rounding: priced.rounding,
      total: priced.total,
      tenders: [...tenders],
      approvals: [...input.approvals],
      ...(priced.pointsRedeemed ? { pointsRedeemed: { ...priced.pointsRedeemed } } : {}),
      refunds: [],
      void: null,
    },
  };
}

export interface OrderPayment {
  /** When given (as in the order.paid operation), it must be this order's id. */
  orderId?: string;
  cashierId: string;
  tenders: Tender[];
  paidAt: number;
  /** The device taking the payment, when a device takes it: the order's paidDeviceId. */
  deviceId?: string;
}

/** A cashier takes payment for an open (kiosk) order. */
export function payOrder(order: Order, payment: OrderPayment): Checked<Order> {
  if (payment.orderId !== undefined && payment.orderId !== order.id)
    return ruleError('wrong_order', `the payment is for order ${payment.orderId}, not ${order.id}`);
  // Each says what happened, since the till that took cash for it must give that cash back.
  if (order.status === 'voided')
    return ruleError('voided_meanwhile', `order ${order.orderNo} is voided, not open for payment`);
  if (order.status !== 'open')
    return ruleError(
      'already_paid_elsewhere',
      `order ${order.orderNo} is ${order.status}, already paid: not open for payment`,
    );
  const checked = checkTenders(order.total, payment.tenders);
  if (!checked.ok) return checked;
  return {
    ok: true,
    value: {
      ...order,
      status: 'paid',
      cashierId: payment.cashierId,
      tenders: checked.value,
      paidAt: payment.paidAt,
      ...(payment.deviceId === undefined ? {} : { paidDeviceId: payment.deviceId }),
    },
  };
}

/**
 * Cancels a whole order that nothing has been refunded from; a void after a refund would count
 * money twice. A void naming the status it was made on (`voidedFrom`) applies only to an order
 * still in it: an open order paid meanwhile on another till or by QR is a sale, not to undo.
 */
export function voidOrder(order: Order, record: VoidRecord): Checked<Order> {
  if (order.status === 'voided')
    return ruleError('already_voided', `order ${order.orderNo} is already voided`);
  if (record.voidedFrom === 'open' && order.status !== 'open')
    return ruleError(
      'order_paid_meanwhile',
      `order ${order.orderNo} was voided while open, but it is ${order.status}: paid meanwhile`,
    );
  if (order.refunds.length > 0 || (order.status !== 'paid' && order.status !== 'open'))
    return ruleError(
      'already_refunded',
      `order ${order.orderNo} has refunds; refund the rest instead of voiding`,
    );
  if (record.voidedFrom === 'paid' && order.status !== 'paid')
    return ruleError('order_status', `order ${order.orderNo} is ${order.status}, not paid`);
  return { ok: true, value: { ...order, status: 'voided', void: { ...record } } };
}
