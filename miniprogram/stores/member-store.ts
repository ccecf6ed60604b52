// Members at the till: each member's balance and points as this device may spend them (the
// server's, less what it has not seen yet), stored-value top-ups, and the stored-value rule at
// checkout, with the offline caps per member and per device (offline, and online until the server's
// catch-up is applied: the balances are stale until then). Joining is catalog.joinMember.
import { makeAutoObservable } from 'mobx-miniprogram';
import {
  checkStoredValueSpend,
  formatFen,
  maxRedeemablePoints,
  MAX_TOP_UP,
  pointsPerYuanOff,
  ruleError,
  spendableNow,
  topUpPaymentSchema,
  type Checked,
  type Fen,
  type Member,
  type PointsRedemption,
  type RuleError,
  type SpendCheck,
  type Tender,
  type TopUp,
  type TopUpPayment,
} from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { commit } from '../core/commit';
import type { Ledger } from '../core/ledger';
import type { OutboxEntry } from '../core/outbox';
import { memberAccount, type MemberAccount } from '../core/member-account';
import { pendingMemberEffects, sumFor, type PendingMemberEffects } from '../core/member-effects';
import type { CatalogStore } from './catalog-store';
import type { SessionStore } from './session-store';

/**
 * An offline cap's refusal with its amounts in fen, so the till can say them: what the payment
 * asked of stored value, and what the member may still pay with it offline.
 */
export interface StoredValueCapRefusal extends RuleError {
  asked: Fen;
  left: Fen;
}

export interface MemberDeps {
  ledger: Ledger;
  clock: Clock;
  session: SessionStore;
  catalog: CatalogStore;
  /**
   * Whether the device is connected to the server now, and whether it has applied what it missed
   * meanwhile (the sync store).
   */
  sync: { readonly isOnline: boolean; readonly isCaughtUp: boolean };
}

/**
 * The outbox less what the server acknowledged that storage has not let go of yet: that is settled
 * into the replica's member already (Ledger.settle), and counted here too would count twice.
 */
function unsyncedEntries(ledger: Ledger): OutboxEntry[] {
  return ledger.outbox.entries().filter((entry) => !ledger.outbox.isAcknowledged(entry.op.seq));
}

export class MemberStore {
  /** Counts the ledger's changes to the outbox and members, so the figures are read again. */
  private revision = 0;

  constructor(private readonly deps: MemberDeps) {
    makeAutoObservable<MemberStore, 'deps' | 'revision'>(
      this,
      { deps: false, revision: true },
      { autoBind: true },
    );
  }

  refresh(): void {
    this.revision++;
  }

  /**
   * What this device's unsynced operations do to members, and the points its open sales hold
   * (the server's copy of one synced already too: the server takes them only once it is paid).
   */
  get pending(): PendingMemberEffects {
    void this.revision;
    const { ledger, catalog } = this.deps;
    const deviceId = ledger.identity?.deviceId;
    const openHere = ledger.history
      .values()
      .filter((order) => order.status === 'open' && order.deviceId === deviceId);
    return pendingMemberEffects(
      unsyncedEntries(ledger),
      // What a sale paid here earns at; a sale carrying the rate it earned at is undone at that.
      catalog.settings.pointsPerYuan,
      (id) => ledger.history.get(id),
      openHere,
    );
  }

  get isOnline(): boolean {
    return this.deps.sync.isOnline;
  }

  /** Online, but the server's catch-up is not applied yet: the offline caps still hold. */
  get isCatchingUp(): boolean {
    return this.deps.sync.isOnline && !this.deps.sync.isCaughtUp;
  }

  /**
   * Stored value this device took and has not synced, less what it gave back of those sales: what
   * the per-device cap counts.
   */
  get unsyncedStoredValue(): Fen {
    return this.pending.capUsedOnDevice;
  }

  /** What is left of the per-device offline cap (the whole cap while online and synced). */
  get offlineCapLeft(): Fen {
    const { perDevice } = this.deps.catalog.settings.offlineStoredValueCap;
    return Math.max(0, perDevice - this.pending.capUsedOnDevice);
  }

  /** Points per yuan paid, and points per yuan of discount. */
  get pointsRule(): { earnPerYuan: number; perYuanOff: number } {
    const { settings } = this.deps.catalog;
    return { earnPerYuan: settings.pointsPerYuan, perYuanOff: pointsPerYuanOff(settings) };
  }

  /** A member by phone, id or merged provisional id. */
  find(phoneOrId: string): Member | null {
    return this.deps.catalog.findMember(phoneOrId);
  }

  /**
   * A member's balance and points as this device may spend them; null for an unknown member.
   * `ownSale`: an open sale of this device being paid, whose points are its own, not held.
   */
  accountOf(phoneOrId: string, ownSale?: string): MemberAccount | null {
    const member = this.find(phoneOrId);
    if (!member) return null;
    const provisional = !this.deps.ledger.replica.members.get(member.id);
    return memberAccount(member, this.pending, provisional, ownSale);
  }

  /** A customer joins by phone number (offline too: the server merges by phone on sync). */
  join(phone: string, name = ''): Checked<Member> {
    return this.deps.catalog.joinMember(phone, name);
  }

  private spendCheck(account: MemberAccount): Omit<SpendCheck, 'amount'> {
    const ids = [account.member.id, ...(account.member.aliases ?? [])];
    return {
      available: account.balance,
      // Online but not caught up, the balance is the one from before it went offline: a spend at
      // another till since is not in it, so the offline caps still hold.
      online: this.deps.sync.isCaughtUp,
      unsyncedForMember: sumFor(this.pending.capUsedByMember, ids),
      unsyncedOnDevice: this.pending.capUsedOnDevice,
      cap: this.deps.catalog.settings.offlineStoredValueCap,
    };
  }

  /** The most the member may pay by stored value right now (offline: within the caps). */
  spendable(phoneOrId: string): Fen {
    const account = this.accountOf(phoneOrId);
    return account ? spendableNow(this.spendCheck(account)) : 0;
  }

  /**
   * Whether `amount` may be taken from the member's stored value now, and if not why; over an
   * offline cap, with the amounts (StoredValueCapRefusal). Online but not caught up yet, the cap's
   * refusal is `stored_value_catching_up`: the badge says online, and a few seconds' wait will do.
   */
  checkSpend(phoneOrId: string, amount: Fen): Checked<null> {
    const account = this.accountOf(phoneOrId);
    if (!account) return ruleError('unknown_member', `no member with phone or id ${phoneOrId}`);
    const check = this.spendCheck(account);
    const checked = checkStoredValueSpend({ ...check, amount });
    if (checked.ok) return checked;
    const { code } = checked.error;
    if (code !== 'offline_member_cap' && code !== 'offline_device_cap') return checked;
    const refusal: StoredValueCapRefusal = {
      ...checked.error,
      ...(this.isOnline ? { code: 'stored_value_catching_up' } : {}),
      asked: amount,
      left: spendableNow(check),
    };
    return { ok: false, error: refusal };
  }

  /**
   * Checks a payment's stored-value tenders: the attached member's, and together within what the
   * member may spend now (the balance; offline also the caps).
   */
  checkTenders(tenders: readonly Tender[], cartMemberId: string | null): Checked<null> {
    let total = 0;
    let memberId: string | null = null;
    for (const tender of tenders) {
      if (tender.method !== 'stored_value') continue;
      const named = this.find(tender.memberId);
      const attached = cartMemberId === null ? null : this.find(cartMemberId);
      if (!named || !attached || named.id !== attached.id)
        return ruleError('member_mismatch', 'stored value must be the attached member’s');
      memberId = tender.memberId;
      total += tender.amount;
    }
    return memberId === null ? { ok: true, value: null } : this.checkSpend(memberId, total);
  }

  /**
   * Checks again, as a sale is paid, the points it redeems against what the member has now, as
   * the cart checked them when it took them: they may have gone meanwhile (another till's sale
   * synced, the cart kept across a relaunch). `ownSale`: the open sale being paid, if it is one.
   */
  checkRedeemed(
    memberId: string | null,
    redeemed: PointsRedemption | null | undefined,
    ownSale?: string,
  ): Checked<null> {
    if (!redeemed || memberId === null) return { ok: true, value: null };
    const available = this.accountOf(memberId, ownSale)?.points ?? 0;
    if (redeemed.points <= available) return { ok: true, value: null };
    return ruleError(
      'points_short',
      `the member has ${available} points now, fewer than the ${redeemed.points} this sale redeems: redeem fewer`,
    );
  }

  /** The most points the member can redeem on an order that costs `due`. */
  redeemablePoints(phoneOrId: string, due: Fen): number {
    const account = this.accountOf(phoneOrId);
    return account ? maxRedeemablePoints(account.points, due, this.pointsRule.perYuanOff) : 0;
  }

  /**
   * Adds stored value for a member, paid in cash (into this device's drawer) or by WeChat Pay
   * (the payment's reference). Works offline; the server credits it when it syncs.
   */
  topUp(
    phoneOrId: string,
    amount: Fen,
    payment: TopUpPayment = { method: 'cash' },
  ): Checked<TopUp> {
    const { ledger, clock, session } = this.deps;
    const staff = session.staff;
    if (!staff) return ruleError('not_signed_in', 'sign in with your PIN first');
    const member = this.find(phoneOrId);
    if (!member) return ruleError('unknown_member', `no member with phone or id ${phoneOrId}`);
    if (!Number.isSafeInteger(amount) || amount <= 0)
      return ruleError('amount_invalid', 'a top-up must be whole fen above zero');
    if (amount > MAX_TOP_UP)
      return ruleError('top_up_too_large', `a top-up may add at most ${formatFen(MAX_TOP_UP)}`);
    const validPayment = topUpPaymentSchema.safeParse(payment);
    if (!validPayment.success)
      return ruleError('payment_invalid', 'a WeChat Pay top-up needs its payment reference');
    const at = clock.now();
    const businessDay = ledger.businessDay(at);
    const deviceId = ledger.identity?.deviceId ?? '';
    const committed = commit(ledger, (seq) => ({
      type: 'member.topped_up',
      payload: {
        id: `${deviceId}:topup:${seq}`,
        memberId: member.id,
        amount,
        payment: validPayment.data,
        staffId: staff.id,
        at,
        businessDay,
      },
    }));
    if (!committed.ok) return committed;
    const op = committed.value;
    return op.type === 'member.topped_up'
      ? { ok: true, value: op.payload }
      : ruleError('internal', 'the top-up was not recorded');
  }

  /** Top-ups made here and not yet synced, newest first (cash ones are in this drawer). */
  get unsyncedTopUps(): TopUp[] {
    void this.revision;
    const topUps: TopUp[] = [];
    for (const { op, refused } of unsyncedEntries(this.deps.ledger))
      if (op.type === 'member.topped_up' && !refused) topUps.push(op.payload);
    return topUps.reverse();
  }
}
