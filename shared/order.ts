// Orders as they are stored and synced: priced lines, tenders, refunds and voids.
// The rules that make and change them live in cart.ts, tenders.ts and order-lifecycle.ts.
import { z } from 'zod';
import type { Fen } from './money';
import { fenSchema, nonNegativeFenSchema } from './money-schema';
import { divideHalfUp } from './rounding';
import { deviceCodeSchema, deviceIdSchema } from './ids';
import { FIRST_YEAR, isBusinessDayInRange, LAST_YEAR } from './business-day';
import { epochMsSchema } from './epoch-ms';
import { pointsRedemptionSchema } from './points';
import { storeSettingsSchema } from './settings';
import { orderPaymentRefundSchema } from './order-payment-refund';

export const businessDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-22')
  .refine(isBusinessDayInRange, `is not a real date from ${FIRST_YEAR} to ${LAST_YEAR}`);

export const orderLineSchema = z.object({
  lineId: z.string().min(1).max(40),
  skuId: z.string().min(1).max(40),
  productId: z.string().min(1).max(40),
  categoryId: z.string().min(1).max(40),
  name: z.string().min(1).max(80),
  soldBy: z.enum(['piece', 'weight']),
  /** Pieces, or grams when sold by weight. */
  qty: z.number().int().positive(),
  /** The catalog price per piece (or per kg) when the line was rung up. */
  listUnitPrice: nonNegativeFenSchema,
  /** The price per unit charged before discounts: list, member or overridden. */
  unitPrice: nonNegativeFenSchema,
  memberPriceApplied: z.boolean(),
  priceOverridden: z.boolean(),
  /** unitPrice x qty (per kg: rounded half-up to the fen). */
  amount: nonNegativeFenSchema,
  lineDiscount: nonNegativeFenSchema,
  /** This line's share of the order discount. */
  orderDiscountShare: nonNegativeFenSchema,
  /** This line's share of the rounding (抹零), negative when rounded down. */
  roundingShare: fenSchema,
  /** amount - lineDiscount - orderDiscountShare + roundingShare; the lines' totals add up to the order total. */
  total: nonNegativeFenSchema,
});
export type OrderLine = z.infer<typeof orderLineSchema>;

/** Items as the customer counts them: the pieces, and one for each line of goods sold by weight. */
/**
 * What a line's quantity costs at `unitPrice`: by weight, qty is grams and the price is per kg
 * (rounded half-up to the fen). The one rule pricing, approvals and the audit share.
 */
export function amountAt(line: Pick<OrderLine, 'soldBy' | 'qty'>, unitPrice: Fen): Fen {
  const gross = unitPrice * line.qty;
  return line.soldBy === 'weight' ? divideHalfUp(gross, 1000) : gross;
}

export function countItems(lines: ReadonlyArray<Pick<OrderLine, 'soldBy' | 'qty'>>): number {
  return lines.reduce((sum, line) => sum + (line.soldBy === 'weight' ? 1 : line.qty), 0);
}

export const tenderSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('cash'),
    /** What the cash pays of the order. */
    amount: nonNegativeFenSchema,
    /** What the customer handed over; only cash may exceed its amount. */
    tendered: nonNegativeFenSchema,
    change: nonNegativeFenSchema,
  }),
  z.object({
    method: z.literal('wechat'),
    amount: nonNegativeFenSchema,
    /** The payment's reference (out_trade_no or the simulator's id). */
    reference: z.string().max(64),
  }),
  z.object({
    method: z.literal('stored_value'),
    amount: nonNegativeFenSchema,
    memberId: z.string().min(1).max(60),
  }),
]);
export type Tender = z.infer<typeof tenderSchema>;
export type TenderMethod = Tender['method'];
export const tenderMethods: readonly TenderMethod[] = ['cash', 'wechat', 'stored_value'];

/**
 * What an approval of a discount or price overrides was given for (approval.ts): the discount (or
 * how far overrides move prices from the list) in fen, and the subtotal it was part of.
 */
export const approvalCoverSchema = z.object({
  fen: nonNegativeFenSchema,
  subtotal: nonNegativeFenSchema,
});
export type ApprovalCover = z.infer<typeof approvalCoverSchema>;

/** Why a manager approved something on an order (a price override, a large discount). */
export const approvalSchema = z.object({
  reason: z.enum(['price_override', 'discount', 'refund', 'void']),
  managerId: z.string().min(1).max(40),
  /**
   * What a discount or price override approval covers (approval.ts). Absent on orders placed
   * before approvals recorded it, which stay valid: only the device checks it, at placing.
   */
  covers: approvalCoverSchema.optional(),
});
export type Approval = z.infer<typeof approvalSchema>;

export const refundSchema = z.object({
  id: z.string().min(1).max(80),
  orderId: z.string().min(1).max(80),
  deviceId: deviceIdSchema,
  staffId: z.string().min(1).max(40),
  approvedBy: z.string().min(1).max(40),
  reason: z.string().max(200),
  createdAt: epochMsSchema,
  businessDay: businessDaySchema,
  /** Which lines, how many of each and how much is given back for them. */
  lines: z
    .array(
      z.object({
        lineId: z.string().min(1).max(40),
        qty: z.number().int().positive(),
        amount: nonNegativeFenSchema,
      }),
    )
    .min(1),
  /** How the money goes back, per tender of the original order. */
  tenders: z
    .array(
      z.object({
        method: z.enum(['cash', 'wechat', 'stored_value']),
        amount: nonNegativeFenSchema,
      }),
    )
    .min(1),
  /** Whether the goods go back on the shelf (stock +qty). */
  restock: z.boolean(),
});
export type Refund = z.infer<typeof refundSchema>;

export const voidSchema = z.object({
  staffId: z.string().min(1).max(40),
  approvedBy: z.string().min(1).max(40),
  reason: z.string().max(200),
  at: epochMsSchema,
  /**
   * The device the void was made on: a paid order's cash goes back out of its drawer. Absent in
   * voids recorded before it was kept.
   */
  deviceId: deviceIdSchema.optional(),
  /**
   * The status the order had on the till that voided it: a void of an open order hands nothing
   * back, so it must not void the order once another till or the customer's QR has paid it
   * (voidOrder). Absent in voids recorded before it was kept, which void either status.
   */
  voidedFrom: z.enum(['open', 'paid']).optional(),
});
export type VoidRecord = z.infer<typeof voidSchema>;

export const orderStatusSchema = z.enum([
  'open',
  'paid',
  'partially_refunded',
  'refunded',
  'voided',
]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderSchema = z.object({
  /** Unique in the store without the server: device id, business day and the device's order sequence. */
  id: z.string().min(1).max(80),
  /** What people read and say: device code, business day (MMDD) and sequence, such as T1-1122-0042. */
  orderNo: z.string().min(1).max(20),
  deviceId: deviceIdSchema,
  deviceCode: deviceCodeSchema,
  businessDay: businessDaySchema,
  createdAt: epochMsSchema,
  paidAt: epochMsSchema.nullable(),
  /**
   * The device that took payment for an order paid after it was placed (a kiosk order paid at a
   * register's counter): its tenders count there. Absent when paid where it was placed, and on
   * orders paid before it was kept.
   */
  paidDeviceId: deviceIdSchema.optional(),
  /**
   * When the cash part of a split paid by QR went into the drawer, on the clock of the till that
   * took it (sent with its pay-QR request): the shift it counts in, whose times are on that clock
   * too, while paidAt is WeChat's. Server-set; absent on other orders and on those paid before it
   * was kept, where paidAt stands for it.
   */
  cashTakenAt: epochMsSchema.optional(),
  /** Null for a kiosk order not yet taken by a cashier. */
  cashierId: z.string().min(1).max(40).nullable(),
  memberId: z.string().min(1).max(60).nullable(),
  source: z.enum(['register', 'kiosk']),
  status: orderStatusSchema,
  lines: z.array(orderLineSchema).min(1, 'an order needs at least one line'),
  subtotal: nonNegativeFenSchema,
  lineDiscountTotal: nonNegativeFenSchema,
  orderDiscount: nonNegativeFenSchema,
  rounding: fenSchema,
  total: nonNegativeFenSchema,
  tenders: z.array(tenderSchema),
  approvals: z.array(approvalSchema),
  /** Member points spent on this order; their discount is part of orderDiscount. */
  pointsRedeemed: pointsRedemptionSchema.optional(),
  refunds: z.array(refundSchema),
  void: voidSchema.nullable(),
  /** Money its refunds send back through WeChat Pay, as the server follows it (server-set). */
  paymentRefunds: z.array(orderPaymentRefundSchema).optional(),
  /**
   * The points per yuan a paid member's sale earned at (order-points-rate.ts): the selling till's
   * rate until the server folds the sale, then the rate the server credited. Absent on other
   * orders, and on those kept before it was. Last, where withPointsRate adds it: an order read
   * back has its keys in this order, and the till compares its copy with the server's as JSON.
   */
  pointsPerYuan: storeSettingsSchema.shape.pointsPerYuan.optional(),
});
export type Order = z.infer<typeof orderSchema>;
