// The membership part of the fold that undoes a sale: a refund or a void gives stored value back
// (first settling what an open overspend of the order still owes), returns redeemed points once
// nothing of the order is left paid, and takes earned points back: never below zero, what the
// member has spent already flagged as an overspend of the refund or void.
import {
  businessDayOf,
  debit,
  memberUndo,
  refundCredit,
  storedValueSpent,
  tally,
  type Operation,
  type Order,
  type Overspend,
  type Refund,
  type UndoStep,
} from '@pos/shared';
import type { ApplyContext, ChangeBody } from './apply-event';
import { flagOverspend, memberDay, Touched } from './apply-member';
import type { StoreState } from './state';

/**
 * Gives back to a member: first settling what an open overspend of the order still owes, never
 * below zero. One a manager resolved is settled already (the customer paid the rest, or the store
 * let it go): taking from the give-back too would charge the member for it twice.
 */
function giveBack(
  state: StoreState,
  order: Order,
  kind: Overspend['kind'],
  amount: number,
  at: number,
  staffId: string,
): number {
  let left = amount;
  for (const overspend of Object.values(state.overspends)) {
    if (left === 0) break;
    if (overspend.orderId !== order.id || overspend.kind !== kind) continue;
    if (overspend.resolvedAt !== null || overspend.outstanding === 0) continue;
    const settled = refundCredit(left, overspend.outstanding);
    left = settled.credit;
    overspend.outstanding = settled.outstanding;
    if (settled.outstanding === 0) {
      overspend.resolvedAt = at;
      overspend.resolvedBy = staffId;
      overspend.note = 'settled by a refund or void of the order';
    }
  }
  return left;
}

function refundedAmount(order: Order): number {
  let amount = 0;
  for (const refund of order.refunds) for (const line of refund.lines) amount += line.amount;
  return amount;
}

/** The device's refund or void undoing the sale: an overspend it makes is keyed to it. */
export type UndoSource = Pick<Operation, 'id' | 'deviceId'>;

/**
 * Money and points going back for one step undoing a sale: stored value to the balance, redeemed
 * points returned once nothing is left paid, earned points taken back (never below zero).
 */
function undo(
  ctx: ApplyContext,
  before: Order,
  op: UndoSource,
  step: UndoStep & { businessDay: string; at: number; staffId: string },
): ChangeBody[] {
  const { state } = ctx;
  const touched = new Touched(state);
  const day = memberDay(state, step.businessDay);
  // At the rate the sale earned its points (older files: the rate of the day).
  const rate = state.pointsRates[before.id] ?? state.settings.pointsPerYuan;
  const back = memberUndo(before, step, rate);
  if (back.storedValueTo) {
    const { memberId, amount } = back.storedValueTo;
    const credit = giveBack(state, before, 'stored_value', amount, step.at, step.staffId);
    const member = touched.get(memberId);
    if (member && credit > 0) {
      member.balance += credit;
      tally(day.returned, credit);
    }
  }
  const member = before.memberId === null ? undefined : touched.get(before.memberId);
  if (member) {
    // Returned before the earned points are taken back, so those come out of them first: a void
    // flags nothing while the points it returns cover what it takes.
    if (back.pointsReturned > 0) {
      const returned = giveBack(
        state,
        before,
        'points',
        back.pointsReturned,
        step.at,
        step.staffId,
      );
      member.points += returned;
      day.pointsReturned += returned;
    }
    const taken = debit(member.points, back.pointsTakenBack);
    member.points = taken.balance;
    day.pointsReversed += taken.covered;
    // Points the member spent since cannot be taken: the rest is owed, for the manager to settle.
    if (taken.shortfall > 0)
      flagOverspend(state, {
        id: `${op.id}:points`,
        kind: 'points',
        memberId: member.id,
        orderId: before.id,
        orderNo: before.orderNo,
        deviceId: op.deviceId,
        businessDay: step.businessDay,
        at: step.at,
        requested: back.pointsTakenBack,
        covered: taken.covered,
      });
  }
  return touched.commit();
}

export function settleRefund(
  ctx: ApplyContext,
  before: Order,
  after: Order,
  refund: Refund,
  op: UndoSource,
): ChangeBody[] {
  if (before.status !== 'paid' && before.status !== 'partially_refunded') return [];
  const refundedBefore = refundedAmount(before);
  let lines = 0;
  for (const line of refund.lines) lines += line.amount;
  return undo(ctx, before, op, {
    storedValue: refund.tenders
      .filter((tender) => tender.method === 'stored_value')
      .reduce((sum, tender) => sum + tender.amount, 0),
    refundedBefore,
    refundedAfter: refundedBefore + lines,
    whollyUndone: after.status === 'refunded',
    businessDay: refund.businessDay,
    at: refund.createdAt,
    staffId: refund.staffId,
  });
}

/** A paid order voided: everything it took comes back, everything it earned goes. */
export function settleVoid(
  ctx: ApplyContext,
  before: Order,
  op: UndoSource,
  staffId: string,
  at: number,
): ChangeBody[] {
  if (before.status !== 'paid') return [];
  return undo(ctx, before, op, {
    storedValue: storedValueSpent(before.tenders),
    refundedBefore: 0,
    refundedAfter: before.total,
    whollyUndone: true,
    businessDay: businessDayOf(at, ctx.state.settings),
    at,
    staffId,
  });
}
