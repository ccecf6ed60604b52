// Who asks for a pay QR (an order's or a top-up's): the device or staff on the dashboard, and the
// cashier the payment is recorded for, whom the paid order and the day's books credit.
import type { Staff } from '@pos/shared';
import type { Caller } from './auth';
import { HttpError } from './errors';

/**
 * Staff signed in ask for themselves; a device names its signed-in cashier (null at a kiosk), who
 * must be one of the store's staff and still active: the payment is online, so unlike an offline
 * sale there is no device that could not have heard of a change yet.
 */
export function askedBy(
  caller: Caller,
  cashierId: string | null,
  staffById: (id: string) => Staff | undefined,
): { deviceId: string; cashierId: string | null } {
  if (caller.kind === 'staff') return { deviceId: 'staff', cashierId: caller.staffId };
  if (cashierId !== null) {
    const staff = staffById(cashierId);
    if (!staff)
      throw new HttpError(
        400,
        'staff_unknown',
        `cashierId: staff ${cashierId} is not known to the server`,
      );
    if (!staff.active)
      throw new HttpError(
        403,
        'staff_inactive',
        `cashierId: staff ${cashierId} (${staff.name}) is no longer active; sign in again`,
      );
  }
  return { deviceId: caller.deviceId, cashierId };
}
