// The cash drawer's shift on this device: open with a float, cash in and out, close with a count
// against what the core says the drawer should hold (cash top-ups of stored value included), and
// the drawer opened without a sale, with the reason, for the audit log. A variance beyond the
// threshold (shared/report/cash-variance.ts) needs a manager's approval: given at the close, it is
// recorded on it (`approvedBy`, a manager's PIN checked by the session store); without one the
// shift still closes and a manager approves it later on the dashboard. The shift closed here last
// is followed as the server answers it: an approval the server dropped shows as awaiting one.
import { makeAutoObservable, observable } from 'mobx-miniprogram';
import {
  countedTotal,
  cashVarianceApprovalFenOf,
  ruleError,
  summarizeShift,
  varianceNeedsApproval,
  type CashCount,
  type Checked,
  type DrawerOpened,
  type Fen,
  type ShiftSummary,
} from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { commit } from '../core/commit';
import type { Ledger } from '../core/ledger';
import type { LedgerTopic } from '../core/ledger-topics';
import { countedOrders } from '../core/local-view';
import { drawerTopUps, type ShiftRecord } from '../core/shift-log';
import type { CatalogStore } from './catalog-store';
import type { SessionStore } from './session-store';

export interface ShiftDeps {
  ledger: Ledger;
  clock: Clock;
  session: SessionStore;
  /** The store's settings as last synced: the variance threshold is one. */
  catalog: Pick<CatalogStore, 'settings'>;
}

/** What closing the open shift with a count would record, and whether it needs an approval. */
export interface ClosingCheck {
  expected: Fen;
  counted: Fen;
  /** counted - expected: positive when the drawer holds more than it should. */
  variance: Fen;
  /** The variance is beyond the threshold either way: a manager's approval is asked for. */
  needsApproval: boolean;
  thresholdFen: Fen;
}

export class ShiftStore {
  /** This device's shifts, oldest first. */
  shifts: ShiftRecord[] = [];
  /** The shift last closed here, which the closed screen shows as the server keeps it. */
  closedHereId: string | null = null;
  /** Counts the ledger's changes to orders: the summaries are recomputed after one. */
  private ordersRevision = 0;

  constructor(private readonly deps: ShiftDeps) {
    makeAutoObservable<ShiftStore, 'deps' | 'ordersRevision'>(
      this,
      { deps: false, shifts: observable.ref, ordersRevision: true },
      { autoBind: true },
    );
    this.refresh();
  }

  /**
   * A variance larger than this, either way, needs a manager's approval: the store's setting, the
   * same threshold the server's day-end report applies.
   */
  get varianceApprovalFen(): Fen {
    return cashVarianceApprovalFenOf(this.deps.catalog.settings);
  }

  /** Re-reads what the topics say changed (all of it without topics). */
  refresh(topics?: ReadonlySet<LedgerTopic>): void {
    if (!topics || topics.has('shifts')) this.shifts = this.deps.ledger.shifts();
    if (!topics || topics.has('orders')) this.ordersRevision++;
  }

  /** The open shift on this device, or null. */
  get current(): ShiftRecord | null {
    return [...this.shifts].reverse().find((shift) => shift.closed === null) ?? null;
  }

  /**
   * Open shifts whose close the server refused, oldest first: open again on the server too, maybe
   * behind a newer one opened meanwhile. The shift page names them; no new shift opens over them.
   */
  get reopened(): ShiftRecord[] {
    return this.shifts.filter((shift) => shift.closed === null && shift.refusedClose);
  }

  /**
   * Expected cash and, once closed, the variance, from this device's orders and cash top-ups. A
   * sale the server refused is left out, as the server leaves it out (countedOrders).
   */
  summaryOf(shift: ShiftRecord): ShiftSummary {
    void this.ordersRevision;
    const orders = countedOrders(this.deps.ledger.orders());
    return summarizeShift(shift.opened, shift.movements, orders, shift.closed, drawerTopUps(shift));
  }

  /** The shift last closed here, as the server answered its close; null once it is open again. */
  get closedHere(): ShiftRecord | null {
    const record = this.shifts.find((shift) => shift.opened.shiftId === this.closedHereId);
    return record?.closed ? record : null;
  }

  get currentSummary(): ShiftSummary | null {
    return this.current ? this.summaryOf(this.current) : null;
  }

  open(float: Fen): Checked<ShiftRecord> {
    const staff = this.deps.session.staff;
    if (!staff) return ruleError('not_signed_in', 'sign in with your PIN first');
    if (this.reopened.length > 0)
      return ruleError(
        'shift_close_refused',
        'the server refused the close of an earlier shift, which is open again: a manager looks at why, then it is closed anew',
      );
    if (this.current)
      return ruleError('shift_open', 'a shift is already open on this device: close it first');
    const deviceId = this.deps.ledger.identity?.deviceId ?? '';
    const committed = commit(this.deps.ledger, (seq) => ({
      type: 'shift.opened',
      payload: {
        shiftId: `${deviceId}:shift:${seq}`,
        staffId: staff.id,
        float,
        at: this.deps.clock.now(),
      },
    }));
    if (!committed.ok) return committed;
    this.closedHereId = null;
    this.refresh();
    return { ok: true, value: this.current! };
  }

  moveCash(direction: 'in' | 'out', amount: Fen, reason: string): Checked<ShiftRecord> {
    const staff = this.deps.session.staff;
    const shift = this.current;
    if (!staff) return ruleError('not_signed_in', 'sign in with your PIN first');
    if (!shift) return ruleError('no_shift', 'open a shift first');
    const committed = commit(this.deps.ledger, () => ({
      type: 'shift.cash_moved',
      payload: {
        shiftId: shift.opened.shiftId,
        staffId: staff.id,
        direction,
        amount,
        reason,
        at: this.deps.clock.now(),
      },
    }));
    if (!committed.ok) return committed;
    this.refresh();
    return { ok: true, value: this.current! };
  }

  /**
   * Records that the drawer was opened without a sale (the audit log lists it), on the open shift
   * if there is one. Kicking the drawer is the printer's; this is recorded whether or not it opens.
   */
  openDrawer(reason: string): Checked<DrawerOpened> {
    const staff = this.deps.session.staff;
    const why = reason.trim();
    if (!staff) return ruleError('not_signed_in', 'sign in with your PIN first');
    if (!why)
      return ruleError('drawer_reason_missing', 'say why the drawer is opened without a sale');
    const committed = commit(this.deps.ledger, () => ({
      type: 'drawer.opened',
      payload: {
        shiftId: this.current?.opened.shiftId ?? null,
        staffId: staff.id,
        reason: why.slice(0, 200),
        at: this.deps.clock.now(),
      },
    }));
    if (!committed.ok) return committed;
    const op = committed.value;
    return op.type === 'drawer.opened'
      ? { ok: true, value: op.payload }
      : ruleError('internal', 'the drawer opening was not recorded');
  }

  /** Closing the open shift with this count: its variance and whether a manager must approve it. */
  closingCheck(counted: CashCount): ClosingCheck | null {
    const shift = this.current;
    if (!shift) return null;
    const expected = this.summaryOf(shift).expected;
    const total = countedTotal(counted);
    const variance = total - expected;
    return {
      expected,
      counted: total,
      variance,
      needsApproval: varianceNeedsApproval(variance, this.varianceApprovalFen),
      thresholdFen: this.varianceApprovalFen,
    };
  }

  /** A closed shift whose variance is beyond the threshold and was not approved at the till. */
  awaitsApproval(summary: ShiftSummary): boolean {
    return (
      varianceNeedsApproval(summary.variance, this.varianceApprovalFen) &&
      summary.approvedBy === null
    );
  }

  /**
   * Closes the open shift with the count. `approvedBy` is the manager who approved the variance
   * with their PIN (session.approveAsManager): recorded when the variance needs an approval, left
   * out when it does not. Without it a variance beyond the threshold still closes the shift; a
   * manager approves it later on the dashboard (awaitsApproval).
   */
  close(counted: CashCount, note = '', approvedBy: string | null = null): Checked<ShiftSummary> {
    const staff = this.deps.session.staff;
    const shift = this.current;
    if (!staff) return ruleError('not_signed_in', 'sign in with your PIN first');
    if (!shift) return ruleError('no_shift', 'no shift is open on this device');
    if (approvedBy !== null && !this.isManager(approvedBy))
      return ruleError('approval_missing', 'a manager must approve the variance with their PIN');
    const at = this.deps.clock.now();
    const check = this.closingCheck(counted)!;
    const approval = check.needsApproval && approvedBy !== null ? { approvedBy } : {};
    const committed = commit(this.deps.ledger, () => ({
      type: 'shift.closed',
      payload: {
        shiftId: shift.opened.shiftId,
        staffId: staff.id,
        counted,
        countedTotal: check.counted,
        expected: check.expected,
        note,
        ...approval,
        at,
      },
    }));
    if (!committed.ok) return committed;
    this.refresh();
    this.closedHereId = shift.opened.shiftId;
    const closed = this.shifts.find((s) => s.opened.shiftId === shift.opened.shiftId)!;
    return { ok: true, value: this.summaryOf(closed) };
  }

  /** A manager this device knows from the synced staff list, as other approvals are checked. */
  private isManager(staffId: string): boolean {
    return this.deps.session.staffList.some((s) => s.id === staffId && s.role === 'manager');
  }
}
