// Shifts: a cashier's drawer from the opening float to the closing count.
import { z } from 'zod';
import { nonNegativeFenSchema } from './money';
import { epochMsSchema } from './order';

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
  expected: nonNegativeFenSchema,
  note: z.string().max(200),
  at: epochMsSchema,
});
export type ShiftClosed = z.infer<typeof shiftClosedSchema>;
