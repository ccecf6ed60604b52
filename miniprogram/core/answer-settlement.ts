// The server's answers to pushed operations, settled into the device's data: refusals marked, and
// what the server holds durably moved out of the outbox into the history, replica and shift log.
import type { AckResult } from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { settleAcknowledged } from './ack-settlement';
import { layOverHistory } from './local-view';
import { isAcknowledged } from './outbox';
import { removeSettled, type SettledData } from './settled-removal';
import { isShiftOperation, type ShiftLog } from './shift-log';
import type { ShownData } from './shown-data';

/** The ledger, as settlement works on it. */
export interface SettlementParts extends SettledData {
  readonly clock: Clock;
  readonly shiftLog: ShiftLog;
  readonly shown: ShownData;
  prune(): void;
}

/**
 * Takes the server's answers: refusals are marked; what it holds durably settles into the
 * history, leaves the outbox (counters written before that), and shift events go to the shift
 * log before they leave. Operations acknowledged earlier that are still here are settled again.
 */
export function settleAnswers(ledger: SettlementParts, results: readonly AckResult[]): void {
  const { outbox, history, replica, shiftLog, shown, writes } = ledger;
  const changedOrders: string[] = [];
  shiftLog.noteAnswers(results);
  writes.attempt('outbox', () => outbox.markRefused(results, ledger.clock.now()));
  // Marked in memory even when the write was refused.
  const refused = results.filter((result) => result.status === 'refused');
  shown.view.update({ entries: refused.map((result) => result.seq) });
  const ackedSeqs = results.filter(isAcknowledged).map((r) => r.seq);
  // Acknowledged now for the first time: their stock and member effects are laid on once, not
  // again when an entry whose removal did not happen is settled again. A duplicate too: this
  // till's earlier ack was lost, and nothing laid on. The server's changes, lost with that ack,
  // come only with the catch-up after this push (push before pull: no change comes on a socket
  // before its pushes are answered), which a socket dropped again may put off for long; that
  // catch-up then replaces what is laid here with the server's figures, which hold it once. An
  // entry whose ack did come through stays acknowledged, in memory or, after a relaunch, by its
  // laidOn mark (settled-removal.ts), so it is never laid on twice. A mark rather than counting
  // a duplicate's effects until the catch-up: that would need the end of the catch-up, and its data
  // on storage, before letting go, across relaunches; the mark is written only when storage
  // refuses a removal.
  const fresh = new Set(
    results.filter((r) => isAcknowledged(r) && !outbox.isAcknowledged(r.seq)).map((r) => r.seq),
  );
  const settled = outbox.acknowledge(ackedSeqs);
  if (settled.length === 0) return;
  for (const view of layOverHistory(history, settled))
    if (view.sync !== 'synced') {
      history.stage(view.order);
      changedOrders.push(view.order.id);
    }
  const firstTime = settled.filter((entry) => fresh.has(entry.op.seq));
  // Written with their removal below, not with the server's data (held at a full storage).
  settleAcknowledged(replica, shown.view, history, firstTime);
  // Pruned first, so a nearly full storage is not asked to hold more history than it keeps.
  ledger.prune();
  // Removed once their orders and what they laid on the replica are written (settled-removal.ts).
  // Leaving the outbox frees room, so it comes before the shift log, which may need it: at a
  // full storage the shift events then follow in the same settle.
  const shiftOps = settled.map((entry) => entry.op).filter(isShiftOperation);
  removeSettled(
    ledger,
    settled.filter((entry) => !isShiftOperation(entry.op)),
  );
  // Without the shift log written, the shift's events stay in the outbox a while longer.
  if (writes.attempt('shifts', () => shiftLog.settle(shiftOps)))
    removeSettled(
      ledger,
      settled.filter((entry) => isShiftOperation(entry.op)),
    );
  shown.changed({ entries: settled.map((entry) => entry.op.seq), orders: changedOrders });
}
