// The cash drawer opened without a sale (开钱箱): who, when, on which shift and why, for the audit log.
import { z } from 'zod';
import { epochMsSchema } from './epoch-ms';

/** The payload of a 'drawer.opened' operation; the device comes from the operation's envelope. */
export const drawerOpenedSchema = z.object({
  /** The shift open on the device at the time; null when none was. */
  shiftId: z.string().min(1).max(80).nullable(),
  staffId: z.string().min(1).max(40),
  reason: z
    .string()
    .max(200)
    .refine((reason) => reason.trim().length > 0, 'say why the drawer was opened without a sale'),
  at: epochMsSchema,
});
export type DrawerOpened = z.infer<typeof drawerOpenedSchema>;
