// Records a local change through the outbox and turns every way that can fail into a message the
// UI shows instead of "done": nothing was recorded then, and the sale or change can be retried.
import { ruleError, type Checked, type Operation } from '@pos/shared';
import { StorageError, StorageFullError } from '../adapters/storage';
import { RecordTooLargeError } from './chunked-table';
import type { Ledger } from './ledger';
import { InvalidOperationError, type OperationDraft } from './outbox';

export function commit(
  ledger: Ledger,
  draft: (seq: number) => OperationDraft,
  cartId: string | null = null,
): Checked<Operation> {
  if (!ledger.identity)
    return ruleError('not_paired', "pair this device with the store's server first");
  // A clock set back would stamp it before this till's last change (and reuse order numbers).
  const clock = ledger.tillClock.check();
  if (!clock.ok) return clock;
  try {
    return { ok: true, value: ledger.record(draft, cartId) };
  } catch (error) {
    if (error instanceof StorageFullError)
      return ruleError(
        'storage_full',
        `not recorded: the device's storage is full. Connect to the store's server so synced data can be cleared (${error.detail})`,
      );
    if (error instanceof StorageError)
      return ruleError('storage_error', `not recorded: ${error.message}`);
    if (error instanceof RecordTooLargeError)
      return ruleError('too_large', `not recorded: ${error.message}; split it into smaller orders`);
    if (error instanceof InvalidOperationError) return ruleError('invalid', error.message);
    throw error;
  }
}
