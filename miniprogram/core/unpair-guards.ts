// What stops un-pairing, which clears the device: anything the server may not have yet, a shift
// open here (only this device can close it), and a pay QR the customer may still pay (the till
// would forget the order the payment is for, and could take the money for it again).
import { ruleError, type Checked } from '@pos/shared';
import type { Ledger } from './ledger';

/** `payQrOpen`: a pay QR here may still be paid (PaymentStore.mayStillBePaid). */
export function unpairBlock(ledger: Ledger, payQrOpen: boolean): Checked<null> | null {
  return unsyncedBlock(ledger) ?? openShiftBlock(ledger) ?? (payQrOpen ? payQrBlock() : null);
}

function unsyncedBlock(ledger: Ledger): Checked<null> | null {
  const { size: count, unreadable } = ledger.outbox;
  if (unreadable > 0)
    return ruleError(
      'unreadable',
      `cannot un-pair this device: the outbox holds ${unreadable} record${unreadable === 1 ? '' : 's'} this app version cannot read, which may not be on the store's server. Update the app so it can send them`,
    );
  if (count === 0) return null;
  return ruleError(
    'unsynced',
    `cannot un-pair this device: ${count} change${count === 1 ? ' is' : 's are'} not on the store's server yet. Connect to the server and wait until everything is synced (refused changes need a manager first)`,
  );
}

function openShiftBlock(ledger: Ledger): Checked<null> | null {
  const open = ledger.shifts().some((shift) => shift.closed === null);
  if (!open) return null;
  return ruleError(
    'shift_open',
    "cannot un-pair this device: a shift is open on it, and un-pairing would lose its drawer's record. Close the shift first (count the drawer)",
  );
}

function payQrBlock(): Checked<null> {
  return ruleError(
    'payment_open',
    'cannot un-pair this device: a WeChat pay QR on it may still be paid, and un-pairing would forget its order. Finish or cancel the payment at the checkout, then wait until its QR is closed',
  );
}
