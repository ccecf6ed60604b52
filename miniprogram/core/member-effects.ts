// What this device's unsynced operations do to members' stored value and points: the server's
// balances are the truth, and these pending amounts are laid over them until it has seen them.
// Pure: it reads outbox entries and nothing else.
import { pointsEarned, type Fen, type Member, type Order } from '@pos/shared';
import type { OutboxEntry } from './outbox';

export interface PendingMemberEffects {
  /** Stored value spent here and not yet synced, by the member id the tender names. */
  spentByMember: Map<string, Fen>;
  /** All of it, every member: what the offline cap per device counts. */
  spentOnDevice: Fen;
  /** Top-ups taken here and not yet synced, by member id. */
  toppedUpByMember: Map<string, Fen>;
  pointsRedeemedByMember: Map<string, number>;
  pointsEarnedByMember: Map<string, number>;
}

function add(map: Map<string, number>, id: string, amount: number): void {
  if (amount !== 0) map.set(id, (map.get(id) ?? 0) + amount);
}

/** A paid order's effect on its members (stored-value tenders, points redeemed and earned). */
function layPaidOrder(effects: PendingMemberEffects, order: Order, pointsPerYuan: number): void {
  for (const tender of order.tenders)
    if (tender.method === 'stored_value') {
      add(effects.spentByMember, tender.memberId, tender.amount);
      effects.spentOnDevice += tender.amount;
    }
  if (order.memberId === null) return;
  if (order.pointsRedeemed)
    add(effects.pointsRedeemedByMember, order.memberId, order.pointsRedeemed.points);
  add(effects.pointsEarnedByMember, order.memberId, pointsEarned(order.total, pointsPerYuan));
}

/**
 * The pending effects of the outbox. Refused entries count for nothing (the server did not apply
 * them); an open order paid here counts through its 'order.paid' entry, found in `orderOf`.
 */
export function pendingMemberEffects(
  entries: readonly OutboxEntry[],
  pointsPerYuan: number,
  orderOf: (id: string) => Order | undefined,
): PendingMemberEffects {
  const effects: PendingMemberEffects = {
    spentByMember: new Map(),
    spentOnDevice: 0,
    toppedUpByMember: new Map(),
    pointsRedeemedByMember: new Map(),
    pointsEarnedByMember: new Map(),
  };
  for (const { op, refused } of entries) {
    if (refused) continue;
    switch (op.type) {
      case 'order.placed':
        if (op.payload.status === 'paid') layPaidOrder(effects, op.payload, pointsPerYuan);
        break;
      case 'order.paid': {
        const order = orderOf(op.payload.orderId);
        // Laid as the order it pays: its own tenders, the order's member and points.
        if (order)
          layPaidOrder(
            effects,
            { ...order, tenders: op.payload.tenders, status: 'paid' },
            pointsPerYuan,
          );
        break;
      }
      case 'member.topped_up':
        add(effects.toppedUpByMember, op.payload.memberId, op.payload.amount);
        break;
      default:
        break;
    }
  }
  return effects;
}

/**
 * The members these effects touch, with the effects laid on their figures: what the server holds
 * once it has applied the operations. The ledger settles an acknowledged operation's effects into
 * the replica's members this way, as it settles an acknowledged sale into the order history: the
 * server's member change comes only after its ack, and until then the till must not show the old
 * balance. `find` resolves an id, or a merged provisional id, to the member known; effects on a
 * member not known (joined here, not merged yet) are left out.
 */
export function settledMembers(
  effects: PendingMemberEffects,
  find: (id: string) => Member | undefined,
): Member[] {
  const touched = new Map<string, Member>();
  for (const map of [
    effects.spentByMember,
    effects.toppedUpByMember,
    effects.pointsRedeemedByMember,
    effects.pointsEarnedByMember,
  ])
    for (const id of map.keys()) {
      const member = find(id);
      if (member) touched.set(member.id, member);
    }
  return [...touched.values()].map((member) => {
    const ids = [member.id, ...(member.aliases ?? [])];
    const balance =
      member.balance - sumFor(effects.spentByMember, ids) + sumFor(effects.toppedUpByMember, ids);
    const points =
      member.points -
      sumFor(effects.pointsRedeemedByMember, ids) +
      sumFor(effects.pointsEarnedByMember, ids);
    return { ...member, balance: Math.max(0, balance), points: Math.max(0, points) };
  });
}

/** A member's figures as this device should show them and spend against. */
export interface MemberAccount {
  member: Member;
  /** The server's figures when it last synced. */
  syncedBalance: Fen;
  syncedPoints: number;
  /** Unsynced here: spent, topped up, points redeemed and earned. */
  pendingSpent: Fen;
  pendingTopUps: Fen;
  pendingPointsRedeemed: number;
  pendingPointsEarned: number;
  /** What may be spent: the server's balance, less unsynced spending, plus unsynced top-ups. */
  balance: Fen;
  /** Points that may be redeemed (points earned but not yet synced are not spendable yet). */
  points: number;
  /** Whether the server has not confirmed this member yet (joined here, offline). */
  provisional: boolean;
}

/** Sums a by-id map over every id a member is known by. */
function sumFor(map: ReadonlyMap<string, number>, ids: readonly string[]): number {
  let sum = 0;
  for (const id of ids) sum += map.get(id) ?? 0;
  return sum;
}

export function memberAccount(
  member: Member,
  effects: PendingMemberEffects,
  provisional: boolean,
): MemberAccount {
  const ids = [member.id, ...(member.aliases ?? [])];
  const pendingSpent = sumFor(effects.spentByMember, ids);
  const pendingTopUps = sumFor(effects.toppedUpByMember, ids);
  const pendingPointsRedeemed = sumFor(effects.pointsRedeemedByMember, ids);
  return {
    member,
    syncedBalance: member.balance,
    syncedPoints: member.points,
    pendingSpent,
    pendingTopUps,
    pendingPointsRedeemed,
    pendingPointsEarned: sumFor(effects.pointsEarnedByMember, ids),
    balance: Math.max(0, member.balance - pendingSpent + pendingTopUps),
    points: Math.max(0, member.points - pendingPointsRedeemed),
    provisional,
  };
}
