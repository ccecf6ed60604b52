// What the register shows of the attached member: who, the balance and points this device may
// spend now (provisional and unsynced figures said so, the offline cap when offline or catching
// up), the points this sale may redeem, and the cash top-up's amounts. Pure; the member and cart
// stores decide.
import { formatFen, MAX_TOP_UP, parseFen, pointsValue, type Fen, type Member } from '@pos/shared';
import { describeError, text } from '../i18n/index';
import type { MemberAccount } from '../core/member-account';

export interface MemberCard {
  summary: string;
  level: string;
  points: string;
  balance: string;
  /**
   * What stored value may pay now: the balance online, within the offline caps offline and while
   * catching up (said so: the figure is not the balance).
   */
  spendable: string;
  /** The server has not confirmed this member yet (joined here while offline). */
  provisional: boolean;
  /** What this device has not synced yet, in words; '' when everything is synced. */
  unsynced: string;
  /** Points earned here that count once synced; ''. */
  pointsPending: string;
}

export interface SpendingNow {
  online: boolean;
  /** Online, but the server's catch-up is not in yet: the offline caps still hold. */
  catchingUp: boolean;
  /** members.spendable(): the most stored value may pay now. */
  spendable: Fen;
  /** members.offlineCapLeft: what is left of this device's offline cap. */
  capLeft: Fen;
}

function unsyncedParts(account: MemberAccount): string {
  const t = text.member;
  const parts: string[] = [];
  if (account.pendingTopUps > 0) parts.push(t.unsyncedTopUps(formatFen(account.pendingTopUps)));
  if (account.pendingSpent > 0) parts.push(t.unsyncedSpent(formatFen(account.pendingSpent)));
  if (account.pendingPointsRedeemed > 0)
    parts.push(t.unsyncedPointsRedeemed(account.pendingPointsRedeemed));
  return parts.length > 0 ? t.unsynced(parts.join('，')) : '';
}

/** The attached member's card; null when no member is attached (or it is unknown here). */
export function memberCard(
  member: Member | null,
  account: MemberAccount | null,
  now: SpendingNow,
): MemberCard | null {
  if (!member || !account) return null;
  const t = text.member;
  const spendable = formatFen(now.spendable);
  return {
    summary: t.summary(member.name, member.phone),
    level: member.level,
    points: t.points(account.points),
    balance: t.balance(formatFen(account.balance)),
    spendable: !now.online
      ? t.offlineSpendable(spendable, formatFen(now.capLeft))
      : now.catchingUp
        ? t.catchingUpSpendable(spendable)
        : t.spendable(spendable),
    provisional: account.provisional,
    unsynced: unsyncedParts(account),
    pointsPending:
      account.pendingPointsEarned > 0 ? t.pointsPending(account.pendingPointsEarned) : '',
  };
}

export interface PointsOffer {
  /** Points redeemed on this sale and the discount, as the cart priced them; null when none. */
  applied: { points: number; text: string } | null;
  /** The most points this sale may take (0: nothing to offer), in steps of `step`. */
  most: number;
  step: number;
  /** "本单最多可用 2600 积分，抵 ¥26.00", or why nothing can be redeemed. */
  offer: string;
  rate: string;
}

/**
 * The points control: what is redeemed now, or the most the member may redeem on this sale
 * (member-store.redeemablePoints over what the sale costs before its points discount).
 */
export function pointsOffer(input: {
  available: number;
  redeemable: number;
  perYuanOff: number;
  redeemed: { points: number; discount: Fen } | null;
  cartEmpty: boolean;
}): PointsOffer {
  const t = text.member;
  const { available, redeemable, perYuanOff, redeemed } = input;
  const offer = input.cartEmpty
    ? t.pointsAddItems
    : redeemable > 0
      ? t.pointsOffer(redeemable, formatFen(pointsValue(redeemable, perYuanOff)))
      : available < perYuanOff
        ? t.pointsTooFew(available)
        : t.pointsNothingDue;
  return {
    applied: redeemed
      ? {
          points: redeemed.points,
          text: t.redeemed(redeemed.points, formatFen(redeemed.discount)),
        }
      : null,
    most: redeemable,
    step: perYuanOff,
    offer,
    rate: t.pointsRate(perYuanOff),
  };
}

/** The button's words for redeeming `points`. */
export function redeemLabel(points: number, perYuanOff: number): string {
  return text.member.redeem(points, formatFen(pointsValue(points, perYuanOff)));
}

/** Points a stepper asks for, kept to whole steps between one step and the most allowed. */
export function clampPoints(asked: number, most: number, step: number): number {
  if (most <= 0 || step <= 0) return 0;
  const whole = Math.floor((Number.isFinite(asked) ? asked : most) / step) * step;
  return Math.min(most, Math.max(step, whole));
}

export interface QuickTopUp {
  fen: Fen;
  label: string;
}

/** The amounts customers usually top up by: ¥50, ¥100, ¥200, ¥500. */
export const quickTopUps: QuickTopUp[] = [5000, 10000, 20000, 50000].map((fen) => ({
  fen,
  label: formatFen(fen),
}));

/**
 * A typed top-up amount in fen, or the sentence saying what is wrong with it. The store's limit is
 * said before the cashier confirms; member-store.topUp still checks it.
 */
export function parseTopUp(typed: string): { ok: true; fen: Fen } | { ok: false; error: string } {
  let fen: Fen;
  try {
    fen = parseFen(typed);
  } catch {
    return { ok: false, error: text.member.topUpInvalid };
  }
  if (fen <= 0) return { ok: false, error: text.member.topUpInvalid };
  if (fen > MAX_TOP_UP)
    return { ok: false, error: describeError({ code: 'top_up_too_large', message: '' }) };
  return { ok: true, fen };
}
