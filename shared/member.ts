// Store members: member price, points and a stored-value balance kept by the server.
import { z } from 'zod';
import { epochMsSchema } from './epoch-ms';
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
  joinedAt: epochMsSchema,
  /**
   * Provisional ids (made by a device offline) that the server merged into this member. Orders and
   * operations that name one of them are this member's.
   */
  aliases: z.array(z.string().min(1).max(60)).max(100).optional(),
});
export type Member = z.infer<typeof memberSchema>;

/** The member an id names, directly or as a merged provisional id. */
export function findMemberById<M extends Member>(members: readonly M[], id: string): M | undefined {
  return members.find((member) => member.id === id || (member.aliases?.includes(id) ?? false));
}

/** Whether an id is one a device made offline (the server replaces it with its own). */
export function isProvisionalMemberId(id: string): boolean {
  return id.includes(':member:');
}
