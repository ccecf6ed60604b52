// Store members: member price, points and a stored-value balance kept by the server.
import { z } from 'zod';
import { nonNegativeFenSchema } from './money';

export const phoneSchema = z
  .string()
  .regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number');

export const memberSchema = z.object({
  id: z.string().min(1).max(60),
  phone: phoneSchema,
  name: z.string().max(40),
  level: z.string().max(20),
  points: z.number().int().nonnegative(),
  /** Stored value in fen; the server's figure is the truth. */
  balance: nonNegativeFenSchema,
  joinedAt: z.number().int(),
});
export type Member = z.infer<typeof memberSchema>;
