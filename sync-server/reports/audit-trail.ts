// The day book's audit trail, in journal order: staff saved, devices paired, revoked and
// reinstated, days closed, variances approved, the operations a manager answers for (and those
// refused), and money WeChat took that the server did not record. Rebuilt with the day book.
import {
  auditOfOperation,
  auditOfRefusal,
  auditOfStaffSaved,
  type AuditEntry,
  type Operation,
  type Order,
  type Payment,
  type ShiftApproval,
  type ShiftClosed,
  type ShiftOpenedOnDevice,
  type Staff,
  UnrecordedPaymentAudit,
} from '@pos/shared';
import type { RefusalError, StoreEvent } from '../store/state';
import type { DayClose } from './day-events';

type EventOf<K extends StoreEvent['kind']> = Extract<StoreEvent, { kind: K }>;

export class AuditTrail {
  private readonly entries: AuditEntry[] = [];
  private readonly unrecordedPayments = new UnrecordedPaymentAudit();
  /** Each staff member as last saved: what a save changed is told in the audit trail. */
  private readonly staff = new Map<string, Staff>();

  /** The staff the store started with: nothing to tell, but what later saves change. */
  seedStaff(staff: readonly Staff[]): void {
    for (const member of staff) this.staff.set(member.id, member);
  }

  staffSaved(event: EventOf<'staff.saved'>, at: number): void {
    const { staff, by } = event;
    this.entries.push(...auditOfStaffSaved(this.staff.get(staff.id), staff, at, by ?? null));
    this.staff.set(staff.id, staff);
  }

  devicePaired(event: EventOf<'device.paired'>, at: number): void {
    // Who: the manager who issued the code; none for the start-up banner's code.
    this.add({
      at,
      kind: 'device_paired',
      staffId: event.by ?? null,
      deviceId: event.device.id,
      facts: {
        kind: 'device_paired',
        code: event.device.code,
        name: event.device.name,
        deviceKind: event.device.kind,
        byManager: Boolean(event.by),
      },
    });
  }

  deviceStanding(event: EventOf<'device.revoked' | 'device.reinstated'>, at: number): void {
    this.add({
      at,
      kind: event.kind === 'device.revoked' ? 'device_revoked' : 'device_reinstated',
      staffId: event.by ?? null,
      deviceId: event.deviceId,
      reason: event.reason ?? '',
    });
  }

  dayClosed(close: DayClose, at: number): void {
    this.add({
      at,
      kind: 'day_closed',
      staffId: close.closedBy,
      reason: close.note,
      facts: { kind: 'day_closed', businessDay: close.businessDay, overridden: close.overridden },
    });
  }

  /** A variance approved after the close, among the shifts of its day. */
  varianceApproved(
    approval: ShiftApproval,
    shifts: { opened: readonly ShiftOpenedOnDevice[]; closed: readonly ShiftClosed[] },
    at: number,
  ): void {
    // The till and the variance of the shift, as the till's own approval is listed.
    const opened = shifts.opened.find((s) => s.shiftId === approval.shiftId);
    const closed = shifts.closed.find((s) => s.shiftId === approval.shiftId);
    this.add({
      at,
      kind: 'variance_approved',
      staffId: approval.managerId,
      approvedBy: approval.managerId,
      deviceId: opened?.deviceId ?? null,
      amount: closed ? closed.countedTotal - closed.expected : null,
      reason: approval.note,
      facts: { kind: 'shift_approved', shiftId: approval.shiftId },
    });
  }

  /** An operation applied, with the order it left behind. */
  operation(op: Operation, order: Order | null): void {
    for (const entry of auditOfOperation(op, order)) this.entries.push(entry);
  }

  refused(op: Operation, error: RefusalError): void {
    const refusal = auditOfRefusal(op, error);
    if (refusal) this.entries.push(refusal);
  }

  /** `recorded`: the save changed what the server holds (an order paid, a balance credited). */
  paymentSaved(payment: Payment, recorded: boolean, at: number): void {
    this.entries.push(...this.unrecordedPayments.entriesOf(payment, recorded, at));
  }

  all(): readonly AuditEntry[] {
    return this.entries;
  }

  private add(entry: Partial<AuditEntry> & Pick<AuditEntry, 'at' | 'kind'>): void {
    this.entries.push({
      staffId: null,
      approvedBy: null,
      deviceId: null,
      orderNo: null,
      amount: null,
      reason: '',
      facts: null,
      ...entry,
    });
  }
}
