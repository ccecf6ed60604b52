// A payment by QR (WeChat Pay or the store's payment simulator) and its state machine:
// pending -> paid | declined | expired | closed, with "pending verification" while the server
// cannot reach the provider, and "paid not recorded" for money the provider took that no order
// takes (to refund). Pure: the provider's answers and the time are passed in.
import { z } from 'zod';
import { formatFen, type Fen } from './money';
import { nonNegativeFenSchema } from './money-schema';
import { epochMsSchema } from './epoch-ms';
import { tenderSchema } from './order';
import { topUpAmountSchema } from './stored-value';

const outTradeNoSchema = z.string().regex(/^[0-9A-Za-z_-]{6,32}$/);

/** What a payment pays for when it is no order: a member's stored value, credited when paid. */
export const paymentTopUpSchema = z.object({
  /** The member's id (a provisional id the server has merged is resolved before it is kept). */
  memberId: z.string().min(1).max(60),
  /** The signed-in cashier who took it (null: staff on the dashboard). */
  staffId: z.string().min(1).max(40).nullable(),
});
export type PaymentTopUp = z.infer<typeof paymentTopUpSchema>;

export const paymentStatusSchema = z.enum([
  'pending',
  'pending_verification',
  'paid',
  'declined',
  'expired',
  'closed',
  /** The provider took money the server does not record (after it closed it, another amount). */
  'paid_not_recorded',
]);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

export const paymentProviderSchema = z.enum(['simulator', 'wechatpay']);
export type PaymentProviderName = z.infer<typeof paymentProviderSchema>;

export const paymentSchema = z.object({
  /** Short and alphanumeric: it is the reference inside the pay QR's signed payload. */
  id: z.string().regex(/^[0-9A-Za-z]{1,9}$/),
  orderId: z.string().min(1).max(80),
  orderNo: z.string().min(1).max(20),
  businessDay: z.string().min(1).max(10),
  /** The device that asked for the QR, and the cashier the paid order is recorded for. */
  deviceId: z.string().min(1).max(40),
  cashierId: z.string().min(1).max(40).nullable(),
  provider: paymentProviderSchema,
  /**
   * The provider trade that is live: polled, closed and refunded. Unique per attempt and derived
   * from the order (WeChat: 6-32 of [0-9A-Za-z_-]).
   */
  outTradeNo: outTradeNoSchema,
  /**
   * Trades of this payment closed at the provider before `outTradeNo` replaced them (the Native
   * order, once the customer pays inside the mini-program: WeChat Pay refuses a second trade type
   * under one out_trade_no, OUT_TRADE_NO_USED).
   */
  earlierTradeNos: z.array(outTradeNoSchema).max(20).optional(),
  /** Set for a stored-value top-up: `orderId` is then `top-up:<id>` and names no order. */
  topUp: paymentTopUpSchema.optional(),
  /** What the QR takes: the order's total less the other tenders of a split. */
  amount: nonNegativeFenSchema,
  /** Tenders already taken at the till (a split with cash), recorded with the WeChat one. */
  otherTenders: z.array(tenderSchema),
  /** When that cash was taken, on the till's clock: the paid order's cashTakenAt. */
  cashTakenAt: epochMsSchema.optional(),
  status: paymentStatusSchema,
  createdAt: epochMsSchema,
  expiresAt: epochMsSchema,
  updatedAt: epochMsSchema,
  /** The nonce of the signed pay QR, and WeChat's code_url for a Native order. */
  nonce: z.string().max(10),
  codeUrl: z.string().max(512).nullable(),
  transactionId: z.string().max(64).nullable(),
  paidAt: epochMsSchema.nullable(),
  /** What the provider took, when it is paid but not recorded: the money to give back. */
  paidAmount: nonNegativeFenSchema.optional(),
  /** Why it was declined, or what the server could not check (while pending verification). */
  problem: z.string().max(300).nullable(),
  /** When the provider last answered about it. */
  lastCheckedAt: epochMsSchema.nullable(),
  /**
   * When the till gave up on its QR. A close the provider did not hear (unreachable) is tried
   * again until it answers: the customer must not be able to pay a sale taken another way.
   */
  closeAskedAt: epochMsSchema.optional(),
});
export type Payment = z.infer<typeof paymentSchema>;

/** What the provider says about a payment when asked (or told, by a notification). */
export type ProviderObservation =
  | { kind: 'paid'; transactionId: string; paidAt: number; amount: Fen }
  | { kind: 'waiting' }
  | { kind: 'declined'; reason: string }
  | { kind: 'closed' }
  | { kind: 'unreachable'; detail: string };

export const terminalPaymentStatuses: readonly PaymentStatus[] = [
  'paid',
  'declined',
  'expired',
  'closed',
  'paid_not_recorded',
];

export function isPaymentSettled(payment: Pick<Payment, 'status'>): boolean {
  return terminalPaymentStatuses.includes(payment.status);
}

/**
 * The payment after the provider's answer at `now`. A settled payment never changes (a second
 * notification of the same success is nothing new), except that money taken after the server
 * closed it is kept, paid but not recorded, for a refund: never dropped. Paid wins over expiry:
 * money taken counts. A success for another amount is suspect: never recorded as paid, but kept
 * paid but not recorded, to refund.
 */
export function observePayment(
  payment: Payment,
  observation: ProviderObservation,
  now: number,
): Payment {
  if (isPaymentSettled(payment)) {
    if (observation.kind !== 'paid' || payment.status === 'paid') return payment;
    if (payment.status === 'paid_not_recorded') return payment;
    return notRecorded(
      payment,
      observation,
      now,
      `the provider reported ${formatFen(observation.amount)} paid after the server held this payment ${payment.status}`,
    );
  }
  const checked = { ...payment, updatedAt: now, lastCheckedAt: now };
  switch (observation.kind) {
    case 'paid':
      // Suspect, so not the order's; but money taken all the same, to give back, never "declined"
      // (the till would ask the customer to pay again as if nothing had been taken).
      if (observation.amount !== payment.amount)
        return notRecorded(
          payment,
          observation,
          now,
          `the provider reported ${formatFen(observation.amount)} paid, not ${formatFen(payment.amount)}`,
        );
      return {
        ...checked,
        status: 'paid',
        transactionId: observation.transactionId,
        paidAt: observation.paidAt,
        problem: null,
      };
    case 'declined':
      return { ...checked, status: 'declined', problem: observation.reason };
    case 'closed':
      return { ...checked, status: now >= payment.expiresAt ? 'expired' : 'closed', problem: null };
    case 'waiting':
      return {
        ...checked,
        status: now >= payment.expiresAt ? 'expired' : 'pending',
        problem: null,
      };
    case 'unreachable':
      // The customer may have paid while the store was cut off: nothing is decided until the
      // provider answers again, however long that takes.
      return {
        ...payment,
        updatedAt: now,
        status: 'pending_verification',
        problem: observation.detail.slice(0, 300),
      };
  }
}

/** A paid observation the order does not take: kept on the payment as money to give back. */
function notRecorded(
  payment: Payment,
  paid: Extract<ProviderObservation, { kind: 'paid' }>,
  now: number,
  why: string,
): Payment {
  return {
    ...payment,
    status: 'paid_not_recorded',
    updatedAt: now,
    lastCheckedAt: now,
    transactionId: paid.transactionId,
    paidAt: paid.paidAt,
    // A total the provider's answer did not give (-1) is not a sum to give back: the asked one is.
    paidAmount: paid.amount >= 0 ? paid.amount : payment.amount,
    problem: `${why}: not recorded on the order; refund it`.slice(0, 300),
  };
}

/** Whether a payment still open should be closed at the provider (its QR has run out). */
export function paymentDue(payment: Payment, now: number): boolean {
  return payment.status === 'pending' && now >= payment.expiresAt;
}

/**
 * The WeChat Pay out_trade_no of an order's n-th payment attempt: unique in the store and
 * traceable to the order ("T1-20261122-0042-2" -> "T120261122004202"), 6-32 characters.
 */
export function outTradeNoFor(
  order: { deviceCode: string; businessDay: string; orderNo: string },
  attempt: number,
): string {
  const seq = order.orderNo.slice(order.orderNo.lastIndexOf('-') + 1);
  return `${order.deviceCode}${order.businessDay.replace(/-/g, '')}${seq}${String(attempt).padStart(2, '0')}`;
}

/**
 * The out_trade_no of a payment's next trade inside the mini-program (JSAPI): the first trade's
 * number with `J` and the attempt ("T120261122004201J1"), so no number is placed twice.
 */
export function jsapiTradeNo(payment: Pick<Payment, 'outTradeNo' | 'earlierTradeNos'>): string {
  const earlier = payment.earlierTradeNos ?? [];
  const first = earlier[0] ?? payment.outTradeNo;
  return `${first}J${earlier.length + 1}`;
}

/**
 * The out_trade_no of a stored-value top-up: device code, business day, `V` and the payment's
 * random id ("T120261122Vab12CD34"), unique without a counter and traceable to the till and day.
 */
export function topUpTradeNo(
  top: { deviceCode: string; businessDay: string },
  paymentId: string,
): string {
  return `${top.deviceCode}${top.businessDay.replace(/-/g, '')}V${paymentId}`;
}

/** The order id a top-up payment carries in place of an order's. */
export function topUpPaymentOrderId(paymentId: string): string {
  return `top-up:${paymentId}`;
}

/** Payments a person must still look at: not settled (pending, or pending verification). */
export function unsettledPayments(payments: Iterable<Payment>, businessDay?: string): Payment[] {
  return [...payments]
    .filter((payment) => !isPaymentSettled(payment))
    .filter((payment) => businessDay === undefined || payment.businessDay === businessDay)
    .sort((a, b) => a.createdAt - b.createdAt);
}

// The HTTP messages of the pay-QR flow, shared by the server and the mini-program.

/** A device asks for an order's pay QR; `otherTenders` is the rest of a split (cash). */
export const paymentRequestSchema = z.object({
  orderId: z.string().min(1).max(80),
  otherTenders: z.array(tenderSchema).max(4).default([]),
  /**
   * The till's clock as it asks, the cash of a split in hand: its drawer's shift is on that clock,
   * not on WeChat's. Absent from older tills (the payment's time then stands for it).
   */
  cashTakenAt: epochMsSchema.optional(),
  /** The signed-in cashier the paid order is recorded for (null at a kiosk). */
  cashierId: z.string().min(1).max(40).nullable().default(null),
});
export type PaymentRequest = z.input<typeof paymentRequestSchema>;

/** A device asks for the pay QR of a stored-value top-up: the server credits it once paid. */
export const topUpPaymentRequestSchema = z.object({
  memberId: z.string().min(1).max(60),
  amount: topUpAmountSchema,
  cashierId: z.string().min(1).max(40).nullable().default(null),
});
export type TopUpPaymentRequest = z.input<typeof topUpPaymentRequestSchema>;

/** What a device or a customer sees of a payment: no secrets, the amount from the server's order. */
export const paymentViewSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  orderNo: z.string(),
  /** An order's payment, or a member's stored-value top-up (then orderNo is the top-up's number). */
  purpose: z.enum(['order', 'top_up']).default('order'),
  provider: paymentProviderSchema,
  amount: nonNegativeFenSchema,
  status: paymentStatusSchema,
  expiresAt: epochMsSchema,
  problem: z.string().nullable(),
  /** What the QR on the screen encodes, and where to get it as an image. */
  qrText: z.string(),
  qrPng: z.string(),
  qrSvg: z.string(),
  /** The scene for a mini-program code (WeChat's unlimited QR code) opening customer/pay/index. */
  scene: z.string(),
});
export type PaymentView = z.infer<typeof paymentViewSchema>;

/** JSAPI parameters for the mini-program's requestPayment call, all made by the server. */
export const jsapiParamsSchema = z.object({
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string().startsWith('prepay_id='),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type JsapiParams = z.infer<typeof jsapiParamsSchema>;

/** The answers of the pay-QR endpoints, as the mini-program checks them. */
export const paymentAnswerSchema = z.object({ payment: paymentViewSchema });
export const jsapiAnswerSchema = z.object({ params: jsapiParamsSchema });

/** What a customer's phone sees of a payment it scanned. */
export const customerPaymentSchema = z.object({
  payment: paymentViewSchema,
  storeName: z.string(),
  amountText: z.string(),
});
export type CustomerPayment = z.infer<typeof customerPaymentSchema>;

/**
 * The answer to a customer joining from a counter code: the same whether or not the phone was a
 * member (the card is public: it must not tell whose number is a customer), nothing of the account.
 */
export const customerJoinAnswerSchema = z.object({ storeName: z.string() });
export type CustomerJoinAnswer = z.infer<typeof customerJoinAnswerSchema>;
