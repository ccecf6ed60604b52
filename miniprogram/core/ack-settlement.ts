// What an acknowledged operation leaves on the device's replica until the server's changes come.
// The server acks first and sends its stock and member changes after; meanwhile the till must show
// what the server now holds, not what it held before the operation, as an acknowledged sale
// already settles into the order history. The server's changes then replace what is laid here.
import { findMemberById, type Order } from '@pos/shared';
import type { LiveView } from './live-view';
import { settledStock } from './local-view';
import { pendingMemberEffects, settledMembers } from './member-effects';
import type { OutboxEntry } from './outbox';
import type { Replica } from './replica';

/**
 * Lays the entries' effects on the replica: stock movements on the levels, a member joined here
 * (under its provisional id), and effects on members (stored value spent and topped up, points,
 * refunds and voids) on their figures. Give only entries acknowledged for the first time, before
 * the view catches up: the stock moved is what the view showed for them (none for a sale whose
 * order the server already sent, its level with it). True when the replica changed.
 */
export function settleAcknowledged(
  replica: Replica,
  view: Pick<LiveView, 'effectOf'>,
  history: { get(orderId: string): Order | undefined },
  entries: readonly OutboxEntry[],
): boolean {
  if (entries.length === 0) return false;
  const effects = entries.flatMap((entry) => view.effectOf(entry.op.seq) ?? []);
  const levels = settledStock(
    (skuId) => replica.stock.get(skuId),
    replica.products.values(),
    effects.flatMap((effect) => effect.stock),
  );
  replica.settleStock(levels);
  // Not when the replica knows the member already (its phone, or the id as a merged alias).
  const joins = effects.flatMap(({ member }) => member ?? []);
  const known = joins.length > 0 ? replica.members.values() : [];
  const joined = joins.filter(
    (member) =>
      !findMemberById(known, member.id) && !known.some((other) => other.phone === member.phone),
  );
  // Joins first: a top-up or sale on the member in the same ack is laid on it next.
  replica.settleMembers(joined);
  // At the rate each sale carries (the server's, or the one this till sold it at), as the server
  // took it; the store's rate now only for what was paid here or carries none.
  const memberEffects = pendingMemberEffects(entries, replica.settings.pointsPerYuan, (id) =>
    history.get(id),
  );
  const { members } = replica;
  const settled = settledMembers(
    memberEffects,
    (id) => members.get(id) ?? findMemberById(members.values(), id),
  );
  replica.settleMembers(settled);
  return levels.length > 0 || joined.length > 0 || settled.length > 0;
}
