// What an order carries of the money a refund sends back through WeChat Pay (or the simulator):
// the server keeps it on the order, so every device sees through sync whether it went through.
import { z } from 'zod';
import { epochMsSchema } from './epoch-ms';
import { nonNegativeFenSchema } from './money-schema';

export const paymentRefundStatusSchema = z.enum([
  /** Recorded, not yet accepted by the provider (about to be sent, or being sent). */
  'pending',
  /** Accepted by the provider, the money is on its way back. */
  'processing',
  /** No trustworthy answer from the provider: sent again (the same out_refund_no) until one comes. */
  'pending_verification',
  'succeeded',
  /** Refused by the provider, or it could not pay back: a manager must act. */
  'failed',
]);
export type PaymentRefundStatus = z.infer<typeof paymentRefundStatusSchema>;

/** WeChat Pay's out_refund_no: 1-64 of digits, letters and _-|*@, one refund however often sent. */
export const outRefundNoSchema = z.string().regex(/^[0-9A-Za-z_\-|*@]{1,64}$/);

export const orderPaymentRefundSchema = z.object({
  outRefundNo: outRefundNoSchema,
  /** The order's refund (or void) whose money this sends back. */
  refundId: z.string().min(1).max(80),
  /** The payment it goes back through (the wechat tender's reference). */
  outTradeNo: z.string().max(64),
  amount: nonNegativeFenSchema,
  status: paymentRefundStatusSchema,
  /** Why it failed, or what the server could not check (while pending verification). */
  problem: z.string().max(300).nullable(),
  updatedAt: epochMsSchema,
});
export type OrderPaymentRefund = z.infer<typeof orderPaymentRefundSchema>;
