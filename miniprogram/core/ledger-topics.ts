// What the ledger tells its listeners changed: the topics a store refreshes on, and the topics a
// recorded operation touches besides the outbox.
import type { Operation } from '@pos/shared';
import type { ReplicaTopic } from './replica';
import { isShiftOperation } from './shift-log';

export type LedgerTopic =
  ReplicaTopic | 'identity' | 'orders' | 'outbox' | 'shifts' | 'storage' | 'problem';

export type LedgerListener = (topics: ReadonlySet<LedgerTopic>) => void;

export const allTopics: LedgerTopic[] = [
  ...(['settings', 'catalog', 'stock', 'staff', 'members', 'devices'] as const),
  ...(['identity', 'orders', 'outbox', 'shifts', 'storage', 'problem'] as const),
];

/** What a recorded operation changes, besides the outbox. */
export function topicsOf(op: Operation): LedgerTopic[] {
  switch (op.type) {
    case 'order.placed':
    case 'order.paid':
    case 'order.refunded':
    case 'order.voided':
      return ['orders', 'stock'];
    case 'shift.opened':
    case 'shift.cash_moved':
    case 'shift.closed':
      return ['shifts'];
    case 'stock.counted':
    case 'stock.received':
      return ['stock'];
    case 'member.joined':
      return ['members'];
    case 'member.topped_up':
      // Cash put on stored value is in the shift's drawer.
      return isShiftOperation(op) ? ['members', 'shifts'] : ['members'];
    case 'drawer.opened':
      return [];
  }
}
