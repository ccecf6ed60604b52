// The day book: an index of the journal for day-end reports, of what the state does not keep -
// shift events, when each device's operations were made, refused orders, day closes, operations
// that arrived (and QR payments paid) after their day closed, and the audit trail. Fed every
// journal record in order, those read back at start and each new one (StoreOptions.onRecord), so it
// is rebuilt, never stored. The audit trail is kept in audit-trail.ts, the closes and what came
// late for them in late-adjustments.ts.
import {
  businessDayOf,
  defaultStoreSettings,
  drawerTimeOf,
  lateAdjustmentOf,
  lateAdjustmentOfPayment,
  operationBusinessDay,
  type AuditEntry,
  type BusinessDaySettings,
  type CashMovement,
  type LateAdjustment,
  type Operation,
  type OperationOf,
  type Order,
  type Payment,
  type ShiftApproval,
  type ShiftClosed,
  type ShiftOpenedOnDevice,
  type StoredValueTopUp,
} from '@pos/shared';
import type { JournalRecord } from '../store/state';
import { AuditTrail } from './audit-trail';
import { LateAdjustments, type RecordedClose } from './late-adjustments';

export interface ShiftEvents {
  opened: ShiftOpenedOnDevice[];
  movements: CashMovement[];
  closed: ShiftClosed[];
  approvals: ShiftApproval[];
}

function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/** The order an operation's record left behind, from the changes the record carries. */
function orderOf(record: JournalRecord): Order | null {
  for (const change of record.changes) if (change.kind === 'order') return change.order;
  return null;
}

export class DayBook {
  private settings: BusinessDaySettings = defaultStoreSettings;
  private readonly shifts = new Map<string, ShiftEvents>();
  private readonly shiftDay = new Map<string, string>();
  /**
   * Orders refunded or voided on a day other than their own: the Z-report counts the refund on its
   * day, and the cash a void hands back in the drawers of its day.
   */
  private readonly returnedOrders = new Map<string, Set<string>>();
  /** Orders paid on a day other than their own (a kiosk order taken at the counter after 04:00). */
  private readonly paidOrders = new Map<string, Set<string>>();
  private readonly refusedOrders = new Map<string, string[]>();
  /** Per device, when each of its operations was made, by sequence (for the times around a gap). */
  private readonly opTimes = new Map<string, number[]>();
  private readonly closes = new LateAdjustments();
  private readonly topUps = new Map<string, StoredValueTopUp[]>();
  /** Payments by QR already seen paid: only the step to paid counts (it is the one that paid). */
  private readonly paidPayments = new Set<string>();
  private readonly auditTrail = new AuditTrail();

  /** Takes one journal record; records come in journal order. */
  readonly add = (record: JournalRecord): void => {
    const { event } = record;
    switch (event.kind) {
      case 'seed':
        this.settings = event.seed.settings;
        this.auditTrail.seedStaff(event.seed.staff);
        return;
      case 'settings.saved':
        this.settings = event.settings;
        return;
      case 'staff.saved':
        this.auditTrail.staffSaved(event, record.at);
        return;
      case 'device.paired':
        this.auditTrail.devicePaired(event, record.at);
        return;
      case 'device.revoked':
      case 'device.reinstated':
        this.auditTrail.deviceStanding(event, record.at);
        return;
      case 'day.closed':
        this.closes.close({ n: record.n, at: record.at, close: event.close });
        this.auditTrail.dayClosed(event.close, record.at);
        return;
      case 'shift.approved': {
        const { approval } = event;
        const day =
          this.shiftDay.get(approval.shiftId) ?? businessDayOf(approval.at, this.settings);
        const shifts = this.shiftsOf(day);
        shifts.approvals.push(approval);
        this.auditTrail.varianceApproved(approval, shifts, record.at);
        return;
      }
      case 'op':
        this.addOperation(record, event.op);
        return;
      case 'payment.saved':
        this.addPayment(record, event.payment);
        this.auditTrail.paymentSaved(event.payment, record.changes.length > 0, record.at);
        return;
      default:
        return;
    }
  };

  private shiftsOf(day: string): ShiftEvents {
    let events = this.shifts.get(day);
    if (!events)
      this.shifts.set(day, (events = { opened: [], movements: [], closed: [], approvals: [] }));
    return events;
  }

  private addOperation(record: JournalRecord, op: Operation): void {
    const times = listIn(this.opTimes, op.deviceId);
    times[op.seq] = op.createdAt;
    if (record.outcome?.status !== 'applied') {
      if (op.type === 'order.placed')
        listIn(this.refusedOrders, op.payload.businessDay).push(op.payload.id);
      if (record.outcome) this.auditTrail.refused(op, record.outcome.error);
      return;
    }
    const order = orderOf(record);
    const day = operationBusinessDay(op, order, this.settings, (id) => this.shiftDay.get(id));
    switch (op.type) {
      case 'shift.opened': {
        const opened = businessDayOf(op.payload.at, this.settings);
        this.shiftDay.set(op.payload.shiftId, opened);
        this.shiftsOf(opened).opened.push({ ...op.payload, deviceId: op.deviceId });
        break;
      }
      case 'shift.cash_moved':
        if (day) this.shiftsOf(day).movements.push(op.payload);
        break;
      case 'shift.closed':
        if (day) this.shiftsOf(day).closed.push(op.payload);
        break;
      case 'order.paid':
        this.addOtherDay(this.paidOrders, order, businessDayOf(op.payload.paidAt, this.settings));
        break;
      case 'order.refunded':
        this.addOtherDay(this.returnedOrders, order, op.payload.businessDay);
        break;
      case 'order.voided':
        this.addOtherDay(this.returnedOrders, order, businessDayOf(op.payload.at, this.settings));
        break;
      case 'member.topped_up':
        this.addTopUp(op);
        break;
      default:
        break;
    }
    this.auditTrail.operation(op, order);
    if (day !== null && this.closes.isClosed(day))
      this.closes.carry(day, lateAdjustmentOf(op, order, record.at, day));
  }

  /** Indexes an order under a day its money moved on, when that is not the order's own day. */
  private addOtherDay(index: Map<string, Set<string>>, order: Order | null, day: string): void {
    if (!order || order.businessDay === day) return;
    let ids = index.get(day);
    if (!ids) index.set(day, (ids = new Set()));
    ids.add(order.id);
  }

  /** A stored-value top-up, for the day's figures and (paid in cash) the drawer that took it. */
  private addTopUp(op: OperationOf<'member.topped_up'>): void {
    const { payload } = op;
    listIn(this.topUps, payload.businessDay).push({
      id: payload.id,
      memberId: payload.memberId,
      amount: payload.amount,
      method: payload.payment.method,
      deviceId: op.deviceId,
      staffId: payload.staffId,
      at: payload.at,
      businessDay: payload.businessDay,
    });
  }

  /**
   * A payment by QR, on its step to paid: the server made it, so no device operation carries it. A
   * top-up is counted; the order it paid (a split may hold cash) is indexed for the drawers of the
   * day its drawer took the money (drawerTimeOf). When the day its money counts on (an order's
   * own, where the Z-report counts its tenders; a top-up's) is closed, it is a late adjustment, as
   * a device's late operation is.
   */
  private addPayment(record: JournalRecord, payment: Payment): void {
    if (payment.status === 'paid_not_recorded') return this.addNotRecorded(record, payment);
    if (payment.status !== 'paid' || this.paidPayments.has(payment.id)) return;
    this.paidPayments.add(payment.id);
    // The order as the payment left it; none when it could not take the money (or a top-up).
    const paid = orderOf(record);
    if (payment.topUp) this.addWeChatTopUp(payment, payment.topUp);
    // A split's cash counts on the day its till took it, by that till's clock, not WeChat's.
    const drawerAt = paid && !payment.topUp ? drawerTimeOf(paid) : null;
    if (drawerAt !== null)
      this.addOtherDay(this.paidOrders, paid, businessDayOf(drawerAt, this.settings));
    const day = paid?.businessDay ?? payment.businessDay;
    if (this.closes.isClosed(day))
      this.closes.carry(day, lateAdjustmentOfPayment(payment, paid, record.at, day));
  }

  /**
   * Money the provider took that the server did not record (after it closed the payment, another
   * amount): no sale and no top-up, but money to refund, carried late when its day is closed.
   */
  private addNotRecorded(record: JournalRecord, payment: Payment): void {
    if (this.paidPayments.has(payment.id)) return;
    this.paidPayments.add(payment.id);
    if (this.closes.isClosed(payment.businessDay))
      this.closes.carry(
        payment.businessDay,
        lateAdjustmentOfPayment(payment, null, record.at, payment.businessDay),
      );
  }

  /** A top-up paid by QR at the till, on the day its QR was made (as member activity counts). */
  private addWeChatTopUp(payment: Payment, topUp: NonNullable<Payment['topUp']>): void {
    listIn(this.topUps, payment.businessDay).push({
      id: payment.id,
      memberId: topUp.memberId,
      amount: payment.amount,
      method: 'wechat',
      deviceId: payment.deviceId,
      staffId: topUp.staffId,
      at: payment.paidAt ?? payment.updatedAt,
      businessDay: payment.businessDay,
    });
  }

  // Reads.

  shiftEvents(day: string): ShiftEvents {
    return this.shifts.get(day) ?? { opened: [], movements: [], closed: [], approvals: [] };
  }

  /** The business day a shift opened on. */
  shiftDayOf(shiftId: string): string | undefined {
    return this.shiftDay.get(shiftId);
  }

  /** Ids of orders of other days refunded or voided on this day. */
  ordersReturnedOn(day: string): string[] {
    return [...(this.returnedOrders.get(day) ?? [])];
  }

  /** Ids of orders of other days paid on this day. */
  ordersPaidOn(day: string): string[] {
    return [...(this.paidOrders.get(day) ?? [])];
  }

  refusedOrderIds(day: string): string[] {
    return this.refusedOrders.get(day) ?? [];
  }

  /** When the device made its operation `seq`, if the server has it. */
  opCreatedAt(deviceId: string, seq: number): number | undefined {
    return this.opTimes.get(deviceId)?.[seq];
  }

  closeOf(day: string): RecordedClose | undefined {
    return this.closes.closeOf(day);
  }

  closedDays(): string[] {
    return this.closes.closedDays();
  }

  /** Late operations and payments carried by this day's report. */
  lateAdjustmentsFor(day: string): LateAdjustment[] {
    return this.closes.carriedBy(day);
  }

  /** Late operations and payments for this (closed) day, wherever they are carried. */
  lateAdjustmentsOf(day: string): LateAdjustment[] {
    return this.closes.forDay(day);
  }

  topUpsOf(day: string): StoredValueTopUp[] {
    return this.topUps.get(day) ?? [];
  }

  auditEntries(): readonly AuditEntry[] {
    return this.auditTrail.all();
  }
}
