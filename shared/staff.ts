// Staff who sign in on devices by PIN, and what their role allows.
import { z } from 'zod';
import { verifyPin } from './pin-hash';

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

/** What an edit may change of a staff member. */
export type StaffEdit = Pick<Staff, 'name' | 'role' | 'active'>;

/**
 * Why an edit may not be saved, or null when it may: the store keeps at least one active manager,
 * or no one could manage staff, devices or the day end.
 */
export function staffEditProblem(
  all: readonly Staff[],
  current: Staff,
  edit: StaffEdit,
): string | null {
  if (edit.role === 'manager' && edit.active) return null;
  const otherManagers = all.filter((s) => s.id !== current.id && s.active && s.role === 'manager');
  return otherManagers.length === 0 ? 'the store needs at least one active manager' : null;
}

/**
 * Why `pin` may not be the PIN of `ownerId` (null: someone new), or null when it may: another staff
 * member, active or not, signs in with it. Dashboard sign-in and a manager's approval at the till
 * find a manager by the PIN alone, so two managers sharing one would be taken for each other; and a
 * promotion or a reactivation cannot check the PIN it brings (only its salted hash is kept), so a
 * PIN is checked against everyone's when it is set. One slow hash per person: fine for an admin act.
 */
export function pinProblem(
  all: readonly Staff[],
  pin: string,
  ownerId: string | null,
): string | null {
  const taken = all.some((staff) => staff.id !== ownerId && verifyPin(pin, staff.pinHash));
  return taken ? 'another staff member already signs in with this PIN: choose another one' : null;
}

/** Whether the person's open sessions must end: what they may do has changed. */
export function editEndsSessions(current: Staff, edit: StaffEdit): boolean {
  return !edit.active || edit.role !== current.role;
}
