// A member's figures as this device shows them and spends against: the server's, with this
// device's pending effects (member-effects.ts) laid over them. Pure.
import type { Fen, Member } from '@pos/shared';
import { sumFor, type PendingMemberEffects } from './member-effects';

/** A member's figures as this device should show them and spend against. */
export interface MemberAccount {
  member: Member;
  /** The server's figures when it last synced. */
  syncedBalance: Fen;
  syncedPoints: number;
  /**
   * Unsynced here: spent, topped up, given back by refunds and voids, points redeemed and earned
   * (less what refunds and voids return and take back, so either may be below zero).
   */
  pendingSpent: Fen;
  pendingTopUps: Fen;
  pendingReturned: Fen;
  pendingPointsRedeemed: number;
  pendingPointsEarned: number;
  /** Points this device's open sales redeem (pointsInOpenSales): held, as if redeemed. */
  pointsInOpenSales: number;
  /**
   * What may be spent: the server's balance, less unsynced spending, plus unsynced top-ups and
   * what refunds and voids gave back.
   */
  balance: Fen;
  /**
   * Points that may be redeemed: points earned but not yet synced are not spendable yet, points a
   * refund takes back are already gone, and points an open sale here redeems are held for it.
   */
  points: number;
  /** Whether the server has not confirmed this member yet (joined here, offline). */
  provisional: boolean;
}

/** `ownSale`: an open sale being paid, whose own points are not held against it. */
export function memberAccount(
  member: Member,
  effects: PendingMemberEffects,
  provisional: boolean,
  ownSale?: string,
): MemberAccount {
  const ids = [member.id, ...(member.aliases ?? [])];
  let pointsInOpenSales = 0;
  for (const [orderId, held] of effects.pointsInOpenSales)
    if (orderId !== ownSale && ids.includes(held.memberId)) pointsInOpenSales += held.points;
  const pendingSpent = sumFor(effects.spentByMember, ids);
  const pendingTopUps = sumFor(effects.toppedUpByMember, ids);
  const pendingReturned = sumFor(effects.returnedByMember, ids);
  const pendingPointsRedeemed = sumFor(effects.pointsRedeemedByMember, ids);
  const pendingPointsEarned = sumFor(effects.pointsEarnedByMember, ids);
  return {
    member,
    syncedBalance: member.balance,
    syncedPoints: member.points,
    pendingSpent,
    pendingTopUps,
    pendingReturned,
    pendingPointsRedeemed,
    pendingPointsEarned,
    pointsInOpenSales,
    balance: Math.max(0, member.balance - pendingSpent + pendingTopUps + pendingReturned),
    points: Math.max(
      0,
      member.points - pendingPointsRedeemed - pointsInOpenSales + Math.min(0, pendingPointsEarned),
    ),
    provisional,
  };
}
