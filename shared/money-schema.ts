// Money as the protocol and stored records check it: amounts in whole fen. Apart from money.ts so
// that a page which only shows money (the dashboard) does not carry the validation library.
import { z } from 'zod';

export const fenSchema = z
  .number()
  .int('must be whole fen, not a fraction')
  .refine(Number.isSafeInteger, 'is too large');
export const nonNegativeFenSchema = fenSchema.refine((n) => n >= 0, 'must not be negative');
