// Staff who sign in on devices by PIN, and what their role allows.
import { z } from 'zod';

export const roleSchema = z.enum(['cashier', 'manager']);
export type Role = z.infer<typeof roleSchema>;

export const staffSchema = z.object({
  id: z.string().min(1).max(40),
  name: z.string().min(1).max(40),
  role: roleSchema,
  /** A salted slow hash (see pin-hash.ts), synced to devices so that sign-in works offline. */
  pinHash: z.string().min(1).max(200),
  active: z.boolean(),
});
export type Staff = z.infer<typeof staffSchema>;
