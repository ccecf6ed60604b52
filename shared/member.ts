// Store members: member price, points and a stored-value balance kept by the server.
import { z } from 'zod';
import { epochMsSchema } from './epoch-ms';
import { nonNegativeFenSchema } from './money-schema';

export const phoneSchema = z
  .string()
  .regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number');

/** C0, DEL and C1 controls, and the line and paragraph separators that act as line breaks. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029)
      return true;
  }
  return false;
}

/**
 * A member's name as a person gives it (a customer's join page, staff joining someone): trimmed,
 * at most 40 characters, no control character (a line break or NUL breaks receipts, CSV exports
 * and the till's lists). For input only: memberSchema reads stored members, journals and devices'
 * joins as they were written.
 */
export const memberNameInputSchema = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .refine(
    (name) => !hasControlCharacter(name),
    'must not contain control characters (line breaks, tabs, NUL)',
  );

/**
 * The most provisional ids a member's record lists: each fills every till's storage and every
 * snapshot. The server maps every one it merged (its alias table); the record keeps the newest.
 */
export const MAX_MEMBER_ALIASES = 100;

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
  aliases: z.array(z.string().min(1).max(60)).max(MAX_MEMBER_ALIASES).optional(),
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
