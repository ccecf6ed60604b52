// The membership part of the fold: joins (merged by phone), top-ups, and what a sale does to a
// member's stored value and points (refunds and voids: apply-member-returns.ts). Balances never go
// below zero: what the server cannot take is flagged as an overspend for the manager; the sale stands.
import {
  businessDayOf,
  debit,
  emptyMemberDay,
  MAX_MEMBER_ALIASES,
  pointsEarned,
  tally,
  withPointsRate,
  type Member,
  type MemberDay,
  type Operation,
  type OperationOf,
  type Order,
  type Overspend,
} from '@pos/shared';
import type { ApplyContext, ChangeBody, EventResult } from './apply-event';
import type { MemberEvent, StoreState } from './state';

/** The member an id names: the member's own id, or a provisional id merged into it. */
export function resolveMemberId(state: StoreState, id: string): string | undefined {
  if (state.members[id]) return id;
  const merged = state.memberAliases[id];
  return merged && state.members[merged] ? merged : undefined;
}

export function memberById(state: StoreState, id: string): Member | undefined {
  const resolved = resolveMemberId(state, id);
  return resolved === undefined ? undefined : state.members[resolved];
}

export function memberDay(state: StoreState, businessDay: string): MemberDay {
  return (state.memberDays[businessDay] ??= emptyMemberDay(businessDay));
}

/** Server-made ids continue from the highest given, skipping any already taken (the demo's). */
function nextMemberId(state: StoreState): string {
  let id: string;
  do id = `m-${String(++state.memberSerial).padStart(4, '0')}`;
  while (state.members[id] || state.memberAliases[id]);
  return id;
}

/**
 * The provisional ids a member's record lists: the newest MAX_MEMBER_ALIASES, as the stored and
 * synced schema allows (a longer list made the checkpoint unreadable and every till refuse the
 * member). The newest, since a device that just joined the member offline looks for its own id
 * there; older ones were synced long ago. None is lost: `state.memberAliases` maps every one.
 */
export function newestAliases(aliases: readonly string[]): string[] {
  return aliases.slice(-MAX_MEMBER_ALIASES);
}

interface Joining {
  phone: string;
  name: string;
  joinedAt: number;
  businessDay: string;
  /** The id a device made offline; it becomes an alias of the member the server keeps. */
  provisionalId: string | null;
}

/**
 * One member per phone: a join with a known phone is merged into that member, and counted as
 * merged when it brought something to merge (a device's offline member, a missing name). A join
 * again of a phone that brings nothing new is the same member found again, not another merge.
 */
function join(state: StoreState, joining: Joining): Member {
  const { provisionalId } = joining;
  const day = memberDay(state, joining.businessDay);
  const existing = Object.values(state.members).find((member) => member.phone === joining.phone);
  if (existing) {
    const aliases = existing.aliases ?? [];
    const alias =
      provisionalId !== null &&
      provisionalId !== existing.id &&
      !aliases.includes(provisionalId) &&
      state.memberAliases[provisionalId] !== existing.id;
    const name = existing.name || joining.name;
    if (!alias && name === existing.name) return existing;
    day.merged += 1;
    if (alias) state.memberAliases[provisionalId] = existing.id;
    const merged = {
      ...existing,
      name,
      ...(alias ? { aliases: newestAliases([...aliases, provisionalId]) } : {}),
    };
    state.members[existing.id] = merged;
    return merged;
  }
  day.joined += 1;
  const id = nextMemberId(state);
  const member: Member = {
    id,
    phone: joining.phone,
    name: joining.name,
    level: '',
    points: 0,
    balance: 0,
    joinedAt: joining.joinedAt,
    ...(provisionalId !== null ? { aliases: [provisionalId] } : {}),
  };
  if (provisionalId !== null) state.memberAliases[provisionalId] = id;
  state.members[id] = member;
  return member;
}

/** A device's join: whatever points or balance it sent, a new member starts at zero. */
export function applyMemberJoined(
  ctx: ApplyContext,
  op: OperationOf<'member.joined'>,
): EventResult {
  const { state } = ctx;
  const member = join(state, {
    phone: op.payload.phone,
    name: op.payload.name,
    joinedAt: op.payload.joinedAt,
    businessDay: businessDayOf(op.payload.joinedAt, state.settings),
    provisionalId: op.payload.id,
  });
  return { changes: [{ kind: 'member', member }], outcome: { status: 'applied' } };
}

export function applyMemberToppedUp(
  ctx: ApplyContext,
  op: OperationOf<'member.topped_up'>,
): EventResult {
  const { state } = ctx;
  const topUp = op.payload;
  const member = memberById(state, topUp.memberId);
  if (!member)
    return {
      changes: [],
      outcome: {
        status: 'refused',
        error: {
          code: 'member_unknown',
          message: `top-up ${topUp.id}: member ${topUp.memberId} is not known to the server; the ${topUp.payment.method} taken must be given back or credited by a manager`,
        },
      },
    };
  const updated = { ...member, balance: member.balance + topUp.amount };
  state.members[member.id] = updated;
  // Its payment is used: a device's top-up naming it again is refused on receipt.
  ctx.trades.noteTopUp(topUp);
  const day = memberDay(state, topUp.businessDay);
  tally(day.topUps[topUp.payment.method], topUp.amount);
  if (topUp.payment.method === 'cash')
    day.cashTopUpsByDevice[op.deviceId] = (day.cashTopUpsByDevice[op.deviceId] ?? 0) + topUp.amount;
  return { changes: [{ kind: 'member', member: updated }], outcome: { status: 'applied' } };
}

/** The members an order step touches, copied once and written back together. */
export class Touched {
  private readonly members = new Map<string, Member>();
  constructor(private readonly state: StoreState) {}

  get(id: string): Member | undefined {
    const resolved = resolveMemberId(this.state, id);
    if (resolved === undefined) return undefined;
    let member = this.members.get(resolved);
    if (!member) this.members.set(resolved, (member = { ...this.state.members[resolved] }));
    return member;
  }

  commit(): ChangeBody[] {
    return [...this.members.values()].map((member) => {
      this.state.members[member.id] = member;
      return { kind: 'member' as const, member };
    });
  }
}

/** What paid the order: a device's operation, or a server-made payment ({ id, deviceId, createdAt }). */
export type SaleSource = Pick<Operation, 'id' | 'deviceId' | 'createdAt'>;

/** What an overspend is flagged with; what is still owed and whether it is open follow from it. */
export type Flagged = Omit<
  Overspend,
  'shortfall' | 'outstanding' | 'resolvedAt' | 'resolvedBy' | 'note'
>;

/**
 * Records what the server could not take from a member (stored value or points) as an open
 * overspend for the manager, counted in the day of its business day.
 */
export function flagOverspend(state: StoreState, flagged: Flagged): void {
  const shortfall = flagged.requested - flagged.covered;
  state.overspends[flagged.id] = {
    ...flagged,
    shortfall,
    outstanding: shortfall,
    resolvedAt: null,
    resolvedBy: null,
    note: '',
  };
  const day = memberDay(state, flagged.businessDay);
  tally(flagged.kind === 'points' ? day.overspends.points : day.overspends.storedValue, shortfall);
}

/** A sale as the server keeps and sends it, and what its payment changed of members. */
export interface SettledSale {
  /** Carrying the points rate it earned at here, whatever rate its device wrote on it. */
  order: Order;
  changes: ChangeBody[];
}

/**
 * An order was paid (placed paid, or a kiosk order paid at the counter): its stored-value tenders
 * are taken from the balance, redeemed points from the points, and points are earned on the total
 * at the store's rate now. Keep and send the order returned.
 */
export function settleSale(ctx: ApplyContext, sold: Order, op: SaleSource): SettledSale {
  const { state } = ctx;
  const rate = state.settings.pointsPerYuan;
  // The same object when the till wrote this rate: the journal then writes its order once.
  const order = withPointsRate(sold, rate);
  if (order.status !== 'paid') return { order, changes: [] };
  const touched = new Touched(state);
  const day = memberDay(state, order.businessDay);
  const at = order.paidAt ?? op.createdAt;
  const flag = (
    kind: Overspend['kind'],
    index: number,
    memberId: string,
    requested: number,
    covered: number,
  ) =>
    flagOverspend(state, {
      id: `${op.id}:${kind === 'points' ? 'points' : `sv${index}`}`,
      kind,
      memberId,
      orderId: order.id,
      orderNo: order.orderNo,
      deviceId: op.deviceId,
      businessDay: order.businessDay,
      at,
      requested,
      covered,
    });

  order.tenders.forEach((tender, index) => {
    if (tender.method !== 'stored_value') return;
    const member = touched.get(tender.memberId);
    const taken = debit(member?.balance ?? 0, tender.amount);
    if (member) member.balance = taken.balance;
    if (taken.covered > 0) tally(day.spent, taken.covered);
    if (taken.shortfall > 0)
      flag('stored_value', index, member?.id ?? tender.memberId, tender.amount, taken.covered);
  });

  const member = order.memberId === null ? undefined : touched.get(order.memberId);
  if (member) {
    if (order.pointsRedeemed) {
      const taken = debit(member.points, order.pointsRedeemed.points);
      member.points = taken.balance;
      day.pointsRedeemed += taken.covered;
      if (taken.shortfall > 0)
        flag('points', 0, member.id, order.pointsRedeemed.points, taken.covered);
    }
    // The fold's own record of the rate (orders kept before they carried one have none), so
    // that a refund or void takes back at this rate whatever the store sets later.
    state.pointsRates[order.id] = rate;
    const earned = pointsEarned(order.total, rate);
    member.points += earned;
    day.pointsEarned += earned;
  }
  return { order, changes: touched.commit() };
}

/** Membership events the server makes itself: a join from a customer page or staff, a resolution. */
export function applyMemberEvent(ctx: ApplyContext, event: MemberEvent, at: number): EventResult {
  const { state } = ctx;
  switch (event.kind) {
    case 'member.join': {
      const member = join(state, {
        phone: event.phone,
        name: event.name,
        joinedAt: at,
        businessDay: businessDayOf(at, state.settings),
        provisionalId: null,
      });
      return { changes: [{ kind: 'member', member }] };
    }
    case 'member.overspend_resolved': {
      const overspend = state.overspends[event.id];
      if (!overspend || overspend.resolvedAt !== null) return { changes: [] };
      state.overspends[event.id] = {
        ...overspend,
        resolvedAt: at,
        resolvedBy: event.staffId,
        note: event.note,
      };
      return { changes: [] };
    }
  }
}
