// A discount on a line or on the whole order: a share of the amount, or a fixed amount.
import { z } from 'zod';
import { nonNegativeFenSchema } from './money-schema';

export const discountSchema = z.discriminatedUnion('kind', [
  /** 1200 basis points = 12% off (八八折). */
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int().min(0).max(10000) }),
  z.object({ kind: z.literal('amount'), fen: nonNegativeFenSchema }),
]);
export type Discount = z.infer<typeof discountSchema>;
