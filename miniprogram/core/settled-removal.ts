// Acknowledged operations leave the outbox only once what they leave behind is on storage: their
// orders in the history, and what they laid on the replica (stored value, points, stock, a member
// joined here). Gone with that only in memory, a relaunch would lose the sales (and the drawer's
// cash) or show a member's old balance, there to be spent again.
import { ownOrderSeqs } from './counters';
import { orderIdOf } from './local-view';
import type { OrderHistory } from './order-history';
import type { Outbox, OutboxEntry } from './outbox';
import type { Replica } from './replica';
import { RoomBudget } from './room-budget';
import type { WriteProblems } from './write-problems';

export interface SettledData {
  outbox: Outbox;
  history: OrderHistory;
  replica: Replica;
  writes: WriteProblems;
  /** What storage holds now: the room the server's data sharing these chunks may take. */
  storage: { info(): { usedBytes: number; limitBytes: number } };
}

/**
 * Removes acknowledged entries once what they leave behind is written. At a full storage their
 * removal frees the room those writes need: they are removed and the writes tried again, and if
 * storage still refuses they are put back, acknowledged (never pushed again), for the next settle.
 * Put back so, they are not marked laidOn: what they leave is not on storage, and after a relaunch
 * the server's `duplicate` must lay it on.
 */
export function removeSettled(data: SettledData, entries: readonly OutboxEntry[]): void {
  if (entries.length === 0) return;
  const { outbox, writes } = data;
  const seqs = entries.map((entry) => entry.op.seq);
  const remove = () => writes.attempt('outbox', () => outbox.remove(seqs, ownOrderSeqs(entries)));
  if (writeSettled(data, entries)) {
    const removed = remove();
    keepLaidOn(data, removed ? entries.filter((entry) => outbox.get(entry.op.seq)) : entries);
    return;
  }
  if (remove() && !writeSettled(data, entries))
    writes.attempt('outbox', () => outbox.restore(entries));
}

/**
 * Entries storage kept after what they leave was written (a refused removal drops them from memory
 * only): kept, marked laidOn. Unmarked, a relaunch would count them over the replica and lay them
 * on it again at the server's `duplicate`. Marked only when a removal fails, so an ack costs no
 * more writes; should storage refuse the mark as well, the entries wait acknowledged in memory and
 * go at the next settle. Its success clears no problem: the removal still waits.
 */
function keepLaidOn({ outbox, writes }: SettledData, entries: readonly OutboxEntry[]): void {
  const unmarked = entries.filter((entry) => !entry.laidOn);
  if (unmarked.length > 0) writes.attemptPart('outbox', () => outbox.keepLaidOn(unmarked));
}

/**
 * This device's own settled data, and only that: never held back with the server's at a full
 * storage, nor carrying the server's data held beside it past 95% (that waits for the room the
 * removal frees, room-budget.ts). An area of its own: written, it does not clear the notice that
 * the server's data still waits.
 */
function writeSettled(
  { history, replica, writes, storage }: SettledData,
  entries: readonly OutboxEntry[],
): boolean {
  return writes.attempt('settled', () => {
    const room = new RoomBudget(storage.info());
    history.flushOrders(
      entries.flatMap((entry) => orderIdOf(entry) ?? []),
      room,
    );
    replica.flushSettled(room);
  });
}
