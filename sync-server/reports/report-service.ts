// Builds the day-end reports from the store, the day book and the sync channel: a business day's
// report (frozen once the day is closed), scoped reports, today's live summary and the day close.
import {
  addBusinessDays,
  buildDayReport,
  buildZReport,
  businessDayOf,
  checkDayClose,
  closeBlockers,
  liveSummary,
  sequenceRuns,
  type CloseBlocker,
  type CloseDayRequest,
  type DayReport,
  type DeviceSyncFacts,
  type LateAdjustment,
  type LateShiftClose,
  type LiveSummary,
  type Order,
  type PendingPayment,
  type ReportScope,
  type StoredValueTopUp,
  type ZReport,
} from '@pos/shared';
import { HttpError } from '../http/errors';
import type { Store } from '../store/store';
import type { DayBook } from './day-book';
import type { DayClose } from './day-events';
import type { RecordedClose } from './late-adjustments';

/** What the sync channel knows of a device's outbox (sync protocol 2: hello's `pending`, `pull`). */
export interface DeviceOutboxState {
  /** Connected and still pushing the outbox it had at its hello. */
  pushing: boolean;
  /** When it last said its outbox was empty (hello without `pending`, or its `pull`). */
  outboxEmptyAt: number | null;
}

/** A shift's variance approval as answered: this request's, or one given before it. */
export interface VarianceApproved {
  shiftId: string;
  approvedBy: string;
  alreadyApproved: boolean;
}

export interface ReportSources {
  store: Store;
  dayBook: DayBook;
  now: () => number;
  /** Device ids with a sync socket open now. */
  connectedDevices: () => readonly string[];
  /**
   * Outbox states of the devices that spoke sync protocol 2 since the server started; the others
   * are judged by their last contact alone. Absent: none known.
   */
  outboxStates?: () => ReadonlyMap<string, DeviceOutboxState>;
  /** A business day's WeChat payments to look at (unsettled, or paid but not on their order). */
  pendingPayments?: (businessDay: string) => readonly PendingPayment[];
}

export interface DayReportView {
  businessDay: string;
  status: 'open' | 'closed';
  report: DayReport;
  /** What stands in the way of closing (empty once closed). */
  blockers: CloseBlocker[];
  close: (Omit<DayClose, 'report' | 'scoped'> & { closedAt: number }) | null;
  /** Operations for this day that arrived after it closed, carried on later reports. */
  lateSinceClose: LateAdjustment[];
}

export class ReportService {
  constructor(private readonly sources: ReportSources) {}

  today(): string {
    return businessDayOf(this.sources.now(), this.sources.store.settings);
  }

  /**
   * The day's orders, and other days' orders refunded or voided on it (their refunds count that
   * day; a void's cash comes out of that day's drawers).
   */
  ordersFor(day: string): Order[] {
    const { store, dayBook } = this.sources;
    const orders = store.ordersOfDay(day);
    for (const id of dayBook.ordersReturnedOn(day)) {
      const order = store.order(id);
      if (order && order.businessDay !== day) orders.push(order);
    }
    return orders;
  }

  /**
   * What moved money through the drawers of the shifts opened on `day`: a shift belongs to the day
   * it opened, but one running past the next day's start (04:00) takes that day's orders and
   * top-ups too, and one still open every day's since. The shift tally matches each by drawer and
   * time, so the rest of those days does no harm.
   */
  private drawerOf(day: string, dayOrders: Order[], shifts: ReturnType<DayBook['shiftEvents']>) {
    const { store, dayBook, now } = this.sources;
    const closedAt = new Map(shifts.closed.map((c) => [c.shiftId, c.at]));
    let last = day;
    for (const { shiftId } of shifts.opened) {
      const end = businessDayOf(closedAt.get(shiftId) ?? now(), store.settings);
      if (end > last) last = end;
    }
    const orders = new Map(dayOrders.map((order) => [order.id, order]));
    const topUps: StoredValueTopUp[] = [...dayBook.topUpsOf(day)];
    for (let d = day; d <= last; d = addBusinessDays(d, 1)) {
      const more = d === day ? [] : this.ordersFor(d);
      // A kiosk order paid at the counter after its own day ended.
      for (const id of dayBook.ordersPaidOn(d)) {
        const order = store.order(id);
        if (order) more.push(order);
      }
      for (const order of more) orders.set(order.id, order);
      if (d !== day) topUps.push(...dayBook.topUpsOf(d));
    }
    return { orders: [...orders.values()], topUps };
  }

  private deviceFacts(): DeviceSyncFacts[] {
    const { store, dayBook } = this.sources;
    const connected = new Set(this.sources.connectedDevices());
    const outboxes = this.sources.outboxStates?.() ?? new Map<string, DeviceOutboxState>();
    return Object.values(store.state.devices).map((device): DeviceSyncFacts => {
      const at = (seq: number) => {
        const createdAt = dayBook.opCreatedAt(device.id, seq);
        return createdAt === undefined ? null : { seq, createdAt };
      };
      return {
        deviceId: device.id,
        code: device.code,
        name: device.name,
        pairedAt: device.pairedAt,
        revokedAt: device.revokedAt,
        lastSeenAt: device.lastSeenAt,
        connected: connected.has(device.id),
        ...outboxes.get(device.id),
        lastOp: device.maxSeq > 0 ? at(device.maxSeq) : null,
        gaps: sequenceRuns(device.missingSeqs).map(({ from, to }) => ({
          from,
          to,
          after: from > 1 ? at(from - 1) : null,
          before: at(to + 1),
        })),
      };
    });
  }

  private zInput(day: string, scope?: ReportScope) {
    const { store, dayBook } = this.sources;
    const shifts = dayBook.shiftEvents(day);
    const orders = this.ordersFor(day);
    return {
      businessDay: day,
      orders,
      shifts,
      shiftApprovals: shifts.approvals,
      // The day's top-ups, for its figures; the cash ones in the drawers come with `drawer`.
      storedValueTopUps: dayBook.topUpsOf(day),
      drawer: this.drawerOf(day, orders, shifts),
      settings: store.settings,
      scope,
    };
  }

  /** The report as it stands now, whether or not the day is closed. */
  liveDayReport(day: string): DayReport {
    const { store, dayBook } = this.sources;
    return buildDayReport({
      ...this.zInput(day),
      now: this.sources.now(),
      pendingPayments: this.sources.pendingPayments?.(day) ?? [],
      members: Object.values(store.state.members),
      devices: this.deviceFacts(),
      refusedOrderIds: dayBook.refusedOrderIds(day),
      lateAdjustments: dayBook.lateAdjustmentsFor(day),
      lateShiftCloses: this.lateShiftClosesFor(day),
    });
  }

  /**
   * The shifts that were open when their day closed and closed since, carried on `day` as late
   * adjustments: their rows as the server counts them now, with approvals given since the close.
   */
  private lateShiftClosesFor(day: string): LateShiftClose[] {
    const rows: LateShiftClose[] = [];
    const zOf = new Map<string, ZReport>();
    for (const { type, shiftId, forDay } of this.sources.dayBook.lateAdjustmentsFor(day)) {
      if (type !== 'shift.closed' || shiftId === undefined) continue;
      let z = zOf.get(forDay);
      if (!z) zOf.set(forDay, (z = buildZReport(this.zInput(forDay))));
      const row = z.shifts.find((s) => s.shiftId === shiftId);
      if (row) rows.push({ ...row, businessDay: forDay });
    }
    return rows;
  }

  /** The day's report: frozen at the close once closed, as it stands otherwise. */
  dayReport(day: string): DayReportView {
    const recorded = this.sources.dayBook.closeOf(day);
    if (recorded) return this.closedView(recorded);
    const report = this.liveDayReport(day);
    return {
      businessDay: day,
      status: 'open',
      report,
      blockers: closeBlockers(report),
      close: null,
      lateSinceClose: [],
    };
  }

  private closedView({ at, close }: RecordedClose): DayReportView {
    const { report, scoped: _scoped, ...info } = close;
    return {
      businessDay: close.businessDay,
      status: 'closed',
      report,
      blockers: [],
      close: { ...info, closedAt: at },
      lateSinceClose: this.sources.dayBook.lateAdjustmentsOf(close.businessDay),
    };
  }

  /**
   * One device's or one cashier's Z-report (or one device's cashier's); frozen with the close once
   * the day is closed. The close freezes one per device and per cashier of the store's report, so a
   * narrower scope of a closed day has nothing frozen to answer with: refused, since the live
   * figures may hold what arrived after the close, and zeros would say it sold nothing.
   */
  scopedReport(day: string, scope: ReportScope): ZReport {
    const recorded = this.sources.dayBook.closeOf(day);
    if (recorded) {
      const frozen = recorded.close.scoped.find(
        (z) => z.scope.deviceId === scope.deviceId && z.scope.cashierId === scope.cashierId,
      );
      if (frozen) return frozen;
      if (scope.deviceId !== undefined && scope.cashierId !== undefined)
        throw new HttpError(
          409,
          'scope_not_frozen',
          `business day ${day} is closed; only the store, each device and each cashier were frozen at the close`,
        );
      // A device or cashier with no row in the frozen store report did nothing that day.
      return buildZReport({ ...this.zInput(day, scope), orders: [] });
    }
    return buildZReport(this.zInput(day, scope));
  }

  liveSummary(): LiveSummary {
    const day = this.today();
    return liveSummary(buildZReport(this.zInput(day)), this.sources.store.settings);
  }

  /**
   * Closes a day: refused with the reasons while something is missing, unless overridden with a
   * note. The report is built and the close recorded in one turn of the event loop, so two closes
   * of the same day cannot both pass the check.
   */
  closeDay(day: string, request: CloseDayRequest, managerId: string) {
    const { dayBook, store } = this.sources;
    if (day > this.today())
      return {
        ok: false as const,
        error: { code: 'future_day', message: `business day ${day} has not started yet` },
      };
    const report = this.liveDayReport(day);
    const checked = checkDayClose(report, request, dayBook.closeOf(day) !== undefined);
    if (!checked.ok) return checked;
    const scopes: ReportScope[] = [
      ...report.z.byDevice.map((row) => ({ deviceId: row.deviceId })),
      ...report.z.byCashier
        .filter((row) => row.cashierId !== null)
        .map((row) => ({ cashierId: row.cashierId as string })),
    ];
    const close: DayClose = {
      businessDay: day,
      closedBy: managerId,
      note: request.note,
      overridden: checked.value,
      report,
      scoped: scopes.map((scope) => buildZReport(this.zInput(day, scope))),
    };
    const committed = store.commit({ kind: 'day.closed', close });
    return { ok: true as const, value: { close, committed } };
  }

  /**
   * Approves a closed shift's variance on the dashboard; refused for an unknown or open shift. Once
   * its day is closed, only a shift the close left open and that closed since: its variance was
   * never before a manager, and the approval, recorded append-only, leaves the frozen report alone.
   * A shift the close counted is frozen with it. A variance already approved (at the till, or by a
   * manager on another dashboard a moment before) is answered with that approval, recording nothing:
   * the audit log lists one approval, not one per click.
   */
  async approveVariance(
    shiftId: string,
    managerId: string,
    note: string,
  ): Promise<VarianceApproved> {
    const { dayBook, store, now } = this.sources;
    // Checked on a whole state and recorded in the same turn: two approvals cannot both pass.
    await store.settled();
    const day = dayBook.shiftDayOf(shiftId);
    const events = day ? dayBook.shiftEvents(day) : null;
    const closed = events?.closed.find((c) => c.shiftId === shiftId);
    if (!day) throw new HttpError(404, 'not_found', `no shift ${shiftId}`);
    if (!closed) throw new HttpError(409, 'shift_open', `shift ${shiftId} is not closed yet`);
    const earlier =
      closed.approvedBy ?? events!.approvals.find((a) => a.shiftId === shiftId)?.managerId;
    if (earlier) return { shiftId, approvedBy: earlier, alreadyApproved: true };
    const closedLate = dayBook
      .lateAdjustmentsOf(day)
      .some((late) => late.type === 'shift.closed' && late.shiftId === shiftId);
    if (dayBook.closeOf(day) && !closedLate)
      throw new HttpError(409, 'already_closed', `business day ${day} is closed`);
    await store.commit({
      kind: 'shift.approved',
      approval: { shiftId, managerId, note, at: now() },
    });
    return { shiftId, approvedBy: managerId, alreadyApproved: false };
  }

  /** The business days that have a report to show: closed ones and the days around today. */
  knownDays(): { today: string; closed: string[]; previous: string } {
    const today = this.today();
    return {
      today,
      closed: this.sources.dayBook.closedDays(),
      previous: addBusinessDays(today, -1),
    };
  }
}
