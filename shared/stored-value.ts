// Stored value (储值): top-ups, spending at the till with its offline caps, and the server's
// rule that a balance never goes below zero (what it cannot cover is flagged, never dropped).
import { z } from 'zod';
import { deviceIdSchema } from './ids';
import { formatFen, type Fen } from './money';
import { epochMsSchema } from './epoch-ms';
import { businessDaySchema, type Tender } from './order';
import type { StoreSettings } from './settings';
import { ruleError, type Checked } from './tenders';

/** The most one top-up may add (¥5,000): a mistyped amount is refused, not credited. */
export const MAX_TOP_UP: Fen = 500_000;

/** What one top-up may put on a balance, in cash or by WeChat Pay. */
export const topUpAmountSchema = z
  .number()
  .int()
  .positive()
  .max(MAX_TOP_UP, `a top-up may add at most ${formatFen(MAX_TOP_UP)}`);

/** How a top-up was paid. WeChat Pay names its payment, as a wechat tender does. */
export const topUpPaymentSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('cash') }),
  z.object({
    method: z.literal('wechat'),
    /** The payment's reference (out_trade_no or the simulator's id). */
    reference: z.string().min(1).max(64),
  }),
]);
export type TopUpPayment = z.infer<typeof topUpPaymentSchema>;
export type TopUpMethod = TopUpPayment['method'];

/** A member's stored value topped up at the till (the payload of a 'member.topped_up' operation). */
export const topUpSchema = z.object({
  /** Unique without the server: the device id and its operation sequence. */
  id: z.string().min(1).max(80),
  /** The member's id, or the provisional id of a member who joined offline. */
  memberId: z.string().min(1).max(60),
  amount: topUpAmountSchema,
  payment: topUpPaymentSchema,
  staffId: z.string().min(1).max(40),
  at: epochMsSchema,
  businessDay: businessDaySchema,
});
export type TopUp = z.infer<typeof topUpSchema>;

/** What these tenders take from stored value, for one member or for any. */
export function storedValueSpent(tenders: readonly Tender[], memberId?: string): Fen {
  let spent = 0;
  for (const tender of tenders)
    if (
      tender.method === 'stored_value' &&
      (memberId === undefined || tender.memberId === memberId)
    )
      spent += tender.amount;
  return spent;
}

export type SpendErrorCode =
  'amount_invalid' | 'balance_short' | 'offline_member_cap' | 'offline_device_cap';

export interface SpendCheck {
  amount: Fen;
  /** The member's balance as this device knows it: the server's, less what it has not seen yet. */
  available: Fen;
  /** Whether the device is connected to the server right now. */
  online: boolean;
  /** This device's stored-value spending the server has not seen yet: for this member, and in all. */
  unsyncedForMember: Fen;
  unsyncedOnDevice: Fen;
  cap: StoreSettings['offlineStoredValueCap'];
}

/**
 * Whether a device may take `amount` from a member's stored value. Never more than the balance it
 * knows; offline also never past the caps: what it spent unsynced for this member, and in all.
 */
export function checkStoredValueSpend(check: SpendCheck): Checked<null, SpendErrorCode> {
  const { amount, available, cap } = check;
  if (!Number.isSafeInteger(amount) || amount <= 0)
    return ruleError('amount_invalid', 'a stored-value payment must be whole fen above zero');
  if (amount > available)
    return ruleError(
      'balance_short',
      `the member's stored value is ${formatFen(Math.max(0, available))}, less than ${formatFen(amount)}`,
    );
  if (check.online) return { ok: true, value: null };
  if (check.unsyncedForMember + amount > cap.perMember)
    return ruleError(
      'offline_member_cap',
      `offline, a member may spend at most ${formatFen(cap.perMember)} of stored value until this device reconnects: ${formatFen(check.unsyncedForMember)} spent already, so ${formatFen(amount)} more is refused (${formatFen(Math.max(0, cap.perMember - check.unsyncedForMember))} left). Take another payment method, or reconnect.`,
    );
  if (check.unsyncedOnDevice + amount > cap.perDevice)
    return ruleError(
      'offline_device_cap',
      `offline, this device may take at most ${formatFen(cap.perDevice)} of stored value in all until it reconnects: ${formatFen(check.unsyncedOnDevice)} taken already, so ${formatFen(amount)} more is refused (${formatFen(Math.max(0, cap.perDevice - check.unsyncedOnDevice))} left). Take another payment method, or reconnect.`,
    );
  return { ok: true, value: null };
}

/** The most a device may take from a member's stored value right now (0 when nothing). */
export function spendableNow(check: Omit<SpendCheck, 'amount'>): Fen {
  let most = Math.max(0, check.available);
  if (!check.online) {
    most = Math.min(most, check.cap.perMember - check.unsyncedForMember);
    most = Math.min(most, check.cap.perDevice - check.unsyncedOnDevice);
  }
  return Math.max(0, most);
}

/** A debit the server applies: the balance covers what it can and never goes below zero. */
export interface Debit {
  balance: Fen;
  covered: Fen;
  /** What the balance could not cover: flagged for the manager. */
  shortfall: Fen;
}

export function debit(balance: Fen, amount: Fen): Debit {
  const covered = Math.min(Math.max(0, balance), Math.max(0, amount));
  return { balance: balance - covered, covered, shortfall: Math.max(0, amount) - covered };
}

/**
 * Money given back to stored value (a refund, a void) for an order whose spending the balance did
 * not wholly cover: the uncovered part is settled first, since it was never taken.
 */
export function refundCredit(amount: Fen, outstanding: Fen): { credit: Fen; outstanding: Fen } {
  const settled = Math.min(Math.max(0, amount), Math.max(0, outstanding));
  return { credit: Math.max(0, amount) - settled, outstanding: Math.max(0, outstanding) - settled };
}

/**
 * What the server could not take when it applied a device's operation: stored value or points spent
 * beyond the member's balance (two devices at once, or offline). The order stands; the manager
 * settles the difference with the customer and marks it resolved.
 */
export const overspendSchema = z.object({
  id: z.string().min(1).max(100),
  kind: z.enum(['stored_value', 'points']),
  /** The member, resolved (a merged provisional id becomes the member's id). */
  memberId: z.string().min(1).max(60),
  orderId: z.string().min(1).max(80).nullable(),
  orderNo: z.string().max(20).nullable(),
  deviceId: deviceIdSchema,
  businessDay: businessDaySchema,
  at: epochMsSchema,
  /** In fen for stored value, in points for points. */
  requested: z.number().int().nonnegative(),
  covered: z.number().int().nonnegative(),
  shortfall: z.number().int().positive(),
  /** Still owed: the shortfall less what a later refund or void of the order settled. */
  outstanding: z.number().int().nonnegative(),
  resolvedAt: epochMsSchema.nullable(),
  resolvedBy: z.string().max(40).nullable(),
  note: z.string().max(200),
});
export type Overspend = z.infer<typeof overspendSchema>;
