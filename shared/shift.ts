// Shifts as a till records them: the float, cash moved in and out, the count at the close, and the
// drawer's expected cash from its flows. Which sales and refunds are a shift's: shift-cash-book.ts.
import { z } from 'zod';
import type { Fen } from './money';
import { fenSchema, nonNegativeFenSchema } from './money-schema';
import { epochMsSchema } from './epoch-ms';
import type { TopUp, TopUpMethod } from './stored-value';

/** Chinese notes and coins, in fen, largest first. */
export const denominations = [10000, 5000, 2000, 1000, 500, 100, 50, 10] as const;

export const shiftOpenedSchema = z.object({
  shiftId: z.string().min(1).max(80),
  staffId: z.string().min(1).max(40),
  float: nonNegativeFenSchema,
  at: epochMsSchema,
});
export type ShiftOpened = z.infer<typeof shiftOpenedSchema>;

export const cashMovementSchema = z.object({
  shiftId: z.string().min(1).max(80),
  staffId: z.string().min(1).max(40),
  direction: z.enum(['in', 'out']),
  amount: nonNegativeFenSchema.refine((n) => n > 0, 'must be more than zero'),
  reason: z.string().min(1, 'say why cash went in or out').max(200),
  at: epochMsSchema,
});
export type CashMovement = z.infer<typeof cashMovementSchema>;

export const cashCountSchema = z.array(
  z.object({
    denomination: z
      .number()
      .int()
      .refine((d) => (denominations as readonly number[]).includes(d), 'is not a note or coin'),
    count: z.number().int().nonnegative(),
  }),
);
export type CashCount = z.infer<typeof cashCountSchema>;

export const shiftClosedSchema = z.object({
  shiftId: z.string().min(1).max(80),
  staffId: z.string().min(1).max(40),
  counted: cashCountSchema,
  countedTotal: nonNegativeFenSchema,
  /** Can be negative: a cash refund larger than the float and the day's cash sales. */
  expected: fenSchema,
  note: z.string().max(200),
  /** The manager who approved a variance above the threshold at the till, when one did. */
  approvedBy: z.string().min(1).max(40).nullable().optional(),
  at: epochMsSchema,
});
export type ShiftClosed = z.infer<typeof shiftClosedSchema>;

/** The notes and coins counted, in fen. */
export function countedTotal(count: CashCount): Fen {
  let total = 0;
  for (const { denomination, count: pieces } of count) total += denomination * pieces;
  return total;
}

/** The cash that moved through a drawer during a shift, in fen. */
export interface CashFlows {
  float: Fen;
  /** Cash tender amounts (what cash paid, not what was handed over). */
  cashSales: Fen;
  cashRefunds: Fen;
  /** Cash handed back when a paid order was voided: out of the drawer the void was made at. */
  cashVoids: Fen;
  cashIn: Fen;
  cashOut: Fen;
  /** Cash paid for members' stored value: in the drawer, outside any order. */
  cashTopUps: Fen;
}

/**
 * What should be in the drawer: the float, plus cash taken, less cash given back (refunds and
 * voids), plus and minus movements, plus cash paid for stored value.
 */
export function expectedCash(flows: CashFlows): Fen {
  return (
    flows.float +
    flows.cashSales -
    flows.cashRefunds -
    flows.cashVoids +
    flows.cashIn -
    flows.cashOut +
    flows.cashTopUps
  );
}

/**
 * A stored-value top-up as a drawer sees it: one paid in cash is money in the drawer of the device
 * and cashier that took it. The server's report rows (StoredValueTopUp) have this shape too.
 */
export interface DrawerTopUp {
  method: TopUpMethod;
  deviceId: string | null;
  staffId: string | null;
  amount: Fen;
  at: number;
}

/** A 'member.topped_up' operation's payload, made on this device, as a drawer sees it. */
export function drawerTopUpOf(topUp: TopUp, deviceId: string): DrawerTopUp {
  const { amount, staffId, at } = topUp;
  return { method: topUp.payment.method, deviceId, staffId, amount, at };
}
