// What the server does for membership outside the sync channel: a join (a customer's counter-QR
// page, or staff), the manager resolving an overspend, and the day's figures for the report.
// Every write is a journal event folded by store/apply-member.ts; callers hand in the Store.
import {
  checkMemberNameInput,
  emptyMemberDay,
  phoneSchema,
  ruleError,
  type Checked,
  type Member,
  type MemberDay,
  type Overspend,
} from '@pos/shared';
import { memberById } from '../store/apply-member';
import type { Store } from '../store/store';

export interface JoinRequest {
  phone: string;
  name?: string;
  /** Who asked: staff on a device or dashboard, or a customer from the counter QR. */
  via: 'staff' | 'customer';
}

/**
 * Joins a customer by phone number, or finds the member who already has it (one member per phone).
 * A customer's join never names an existing member: whoever types a phone on the join page need
 * not be its owner, so only staff fill in a name the member does not have yet.
 * Resolves once the join is durable.
 */
export async function joinMember(
  store: Store,
  request: JoinRequest,
): Promise<Checked<{ member: Member; created: boolean }>> {
  const phone = phoneSchema.safeParse(request.phone.trim());
  if (!phone.success)
    return ruleError('phone_invalid', `${request.phone} is not an 11-digit mainland mobile number`);
  const name = checkMemberNameInput(request.name ?? '');
  if (!name.ok) return name;
  const existed = store.memberByPhone(phone.data) !== undefined;
  // Left out of the event rather than ignored by the fold: a journal written before replays as it was.
  const named = existed && request.via === 'customer' ? '' : name.value;
  await store.commit({ kind: 'member.join', phone: phone.data, name: named, via: request.via });
  const member = store.memberByPhone(phone.data);
  if (!member) return ruleError('internal', 'the member was not recorded');
  return { ok: true, value: { member, created: !existed } };
}

/** A member by id, also by a provisional id a device made offline and the server merged. */
export function findMember(store: Store, id: string): Member | undefined {
  return memberById(store.state, id);
}

/** Overspends, newest first: open ones (not yet resolved) unless `all`. */
export function overspends(
  store: Store,
  filter: { all?: boolean; businessDay?: string } = {},
): Overspend[] {
  return Object.values(store.state.overspends)
    .filter((o) => filter.all || o.resolvedAt === null)
    .filter((o) => filter.businessDay === undefined || o.businessDay === filter.businessDay)
    .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
}

/** The manager has settled an overspend with the customer. */
export async function resolveOverspend(
  store: Store,
  id: string,
  staffId: string,
  note: string,
): Promise<Checked<Overspend>> {
  const overspend = store.state.overspends[id];
  if (!overspend) return ruleError('not_found', `no overspend ${id}`);
  if (overspend.resolvedAt !== null)
    return ruleError('already_resolved', `overspend ${id} was already resolved`);
  await store.commit({ kind: 'member.overspend_resolved', id, staffId, note });
  return { ok: true, value: store.state.overspends[id] };
}

/** Membership of one business day for the day-end report: the tallies and that day's overspends. */
export function memberActivity(
  store: Store,
  businessDay: string,
): { businessDay: string; summary: MemberDay; overspends: Overspend[] } {
  return {
    businessDay,
    summary: store.state.memberDays[businessDay] ?? emptyMemberDay(businessDay),
    overspends: overspends(store, { all: true, businessDay }),
  };
}
