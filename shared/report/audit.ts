// The audit trail: who did what that a manager must be able to answer for (refunds, voids, price
// overrides, large discounts, cash in and out of a drawer, the drawer opened without a sale, devices
// paired, revoked and reinstated, days closed, staff added or changed and their PINs), and money a
// QR payment took that no order recorded (unrecorded-payment-audit.ts).
import type { DeviceKind } from '../ids';
import type { Fen } from '../money';
import type { Operation, OperationType } from '../operation';
import { amountAt, type Order } from '../order';
import { countedTotal } from '../shift';
import type { Role, Staff } from '../staff';
import type { CloseBlocker } from './day-close';

export type AuditKind =
  | 'refund'
  | 'void'
  | 'price_override'
  | 'discount'
  | 'cash_movement'
  | 'drawer_no_sale'
  | 'operation_refused'
  | 'variance_approved'
  | 'device_paired'
  | 'device_revoked'
  | 'device_reinstated'
  | 'day_closed'
  | 'staff_added'
  | 'staff_changed'
  | 'pin_changed'
  | 'payment_not_recorded';

export interface AuditEntry {
  /** When it happened (on the device for device operations). */
  at: number;
  kind: AuditKind;
  /** Who did it; null when no person is known (a device paired with the start-up banner's code). */
  staffId: string | null;
  /** The manager who approved it, when one had to. */
  approvedBy: string | null;
  deviceId: string | null;
  orderNo: string | null;
  amount: Fen | null;
  /** Why, in the words a person gave (a refund's reason, a close's note); empty when none. */
  reason: string;
  /** What the server itself recorded of it, for a screen to say in its own words; null if nothing. */
  facts: AuditFacts | null;
}

/**
 * What an entry is, beyond the words a person gave: the dashboard says it in Chinese. Computed from
 * the journal at every start (the day book), so older journals give the same facts.
 */
export type AuditFacts =
  /** An operation the server refused: its type, and the refusal's code and English message. */
  | { kind: 'refused'; operation: OperationType; code: string; message: string }
  | { kind: 'discount'; discount: Fen; subtotal: Fen }
  | { kind: 'price_override'; lines: Array<{ name: string; listUnitPrice: Fen; unitPrice: Fen }> }
  | { kind: 'staff_added'; name: string; role: Role }
  /** What changed of a staff member (null: unchanged), named as they are now. */
  | {
      kind: 'staff_changed';
      name: string;
      renamedFrom: string | null;
      role: { from: Role; to: Role } | null;
      active: boolean | null;
    }
  | { kind: 'pin_changed'; name: string }
  /** `byManager`: with a code a manager issued; otherwise the start-up banner's. */
  | {
      kind: 'device_paired';
      code: string;
      name: string;
      deviceKind: DeviceKind;
      byManager: boolean;
    }
  /** What stood in the way and the manager closed despite. */
  | { kind: 'day_closed'; businessDay: string; overridden: CloseBlocker[] }
  /** A shift's variance approved on the dashboard (after its day's close). */
  | { kind: 'shift_approved'; shiftId: string }
  /**
   * Money a QR payment took that no order recorded (the entry's amount): `trade` and
   * `transactionId` find it at the provider to refund; `asked` is what its QR asked for.
   */
  | {
      kind: 'payment_not_recorded';
      cause: UnrecordedPaymentCause;
      asked: Fen;
      trade: string;
      transactionId: string | null;
    };

/**
 * Why a payment's money was not recorded: taken after the server closed its QR (given up, expired,
 * declined), once its order was settled another way (cash, a void), for another amount than
 * asked, or by a second trade of a payment already paid.
 */
export type UnrecordedPaymentCause =
  'after_close' | 'order_settled' | 'other_amount' | 'second_trade';

/**
 * A refund, void, payment, top-up or shift close the server refused when it arrived (an offline
 * device acted on an order another had refunded or voided meanwhile, say): money may have changed
 * hands at the till all the same, so the manager sees it with the reason, not only the device that
 * keeps it. Any operation the server failed to apply (`apply_failed`) is listed too.
 */
export function auditOfRefusal(
  op: Operation,
  error: { code: string; message: string },
): AuditEntry | null {
  const base = {
    deviceId: op.deviceId,
    orderNo: null,
    reason: '',
    facts: {
      kind: 'refused',
      operation: op.type,
      code: error.code,
      message: error.message,
    } as const,
  };
  switch (op.type) {
    case 'order.refunded':
      return {
        ...base,
        at: op.payload.createdAt,
        kind: 'operation_refused',
        staffId: op.payload.staffId,
        approvedBy: op.payload.approvedBy,
        amount: op.payload.lines.reduce((sum, l) => sum + l.amount, 0),
      };
    case 'order.voided':
      return {
        ...base,
        at: op.payload.at,
        kind: 'operation_refused',
        staffId: op.payload.staffId,
        approvedBy: op.payload.approvedBy,
        amount: null,
      };
    case 'order.paid':
      return {
        ...base,
        at: op.payload.paidAt,
        kind: 'operation_refused',
        staffId: op.payload.cashierId,
        approvedBy: null,
        amount: op.payload.tenders.reduce((sum, t) => sum + t.amount, 0),
      };
    case 'member.topped_up':
      return {
        ...base,
        at: op.payload.at,
        kind: 'operation_refused',
        staffId: op.payload.staffId,
        approvedBy: null,
        amount: op.payload.amount,
      };
    case 'shift.closed':
      // The drawer was counted (and maybe handed in) all the same. The amount is what its notes
      // and coins add up to: the total it stated may be what was refused.
      return {
        ...base,
        at: op.payload.at,
        kind: 'operation_refused',
        staffId: op.payload.staffId,
        approvedBy: op.payload.approvedBy ?? null,
        amount: countedTotal(op.payload.counted),
      };
    default:
      // Refused by a fault on the server, not by a rule: whatever it was (a sale, a cash movement,
      // a count) happened at the till, and the server holds it only as received.
      return error.code === 'apply_failed' ? { ...base, ...auditOfFault(op) } : null;
  }
}

function auditOfFault(op: Operation): Omit<AuditEntry, 'reason' | 'facts'> {
  const by = op.payload as { staffId?: string; cashierId?: string | null };
  const sale = op.type === 'order.placed' ? op.payload : null;
  return {
    at: op.createdAt,
    kind: 'operation_refused',
    staffId: by.staffId ?? by.cashierId ?? null,
    approvedBy: null,
    deviceId: op.deviceId,
    orderNo: sale?.orderNo ?? null,
    amount: sale?.total ?? null,
  };
}

/** The audit entries of one applied device operation; `order` is the order after it, when any. */
export function auditOfOperation(op: Operation, order: Order | null): AuditEntry[] {
  const base = { deviceId: op.deviceId, orderNo: order?.orderNo ?? null, facts: null };
  switch (op.type) {
    case 'order.placed': {
      const placed = op.payload;
      const entries: AuditEntry[] = [];
      for (const approval of placed.approvals) {
        if (approval.reason !== 'price_override' && approval.reason !== 'discount') continue;
        const overridden = placed.lines.filter((l) => l.priceOverridden);
        const amount =
          approval.reason === 'discount'
            ? placed.lineDiscountTotal + placed.orderDiscount
            : overridden.reduce((sum, l) => sum + amountAt(l, l.listUnitPrice) - l.amount, 0);
        entries.push({
          ...base,
          orderNo: placed.orderNo,
          at: placed.createdAt,
          kind: approval.reason,
          staffId: placed.cashierId,
          approvedBy: approval.managerId,
          amount,
          reason: '',
          facts:
            approval.reason === 'discount'
              ? { kind: 'discount', discount: amount, subtotal: placed.subtotal }
              : {
                  kind: 'price_override',
                  lines: overridden.map(({ name, listUnitPrice, unitPrice }) => ({
                    name,
                    listUnitPrice,
                    unitPrice,
                  })),
                },
        });
      }
      return entries;
    }
    case 'order.refunded':
      return [
        {
          ...base,
          at: op.payload.createdAt,
          kind: 'refund',
          staffId: op.payload.staffId,
          approvedBy: op.payload.approvedBy,
          amount: op.payload.lines.reduce((sum, l) => sum + l.amount, 0),
          reason: op.payload.reason,
        },
      ];
    case 'order.voided':
      return [
        {
          ...base,
          at: op.payload.at,
          kind: 'void',
          staffId: op.payload.staffId,
          approvedBy: op.payload.approvedBy,
          amount: order?.total ?? null,
          reason: op.payload.reason,
        },
      ];
    case 'shift.cash_moved':
      // Cash in or out opens the drawer with no sale too; it is listed with its amount.
      return [
        {
          ...base,
          at: op.payload.at,
          kind: 'cash_movement',
          staffId: op.payload.staffId,
          approvedBy: null,
          amount: op.payload.direction === 'in' ? op.payload.amount : -op.payload.amount,
          reason: op.payload.reason,
        },
      ];
    case 'drawer.opened':
      return [
        {
          ...base,
          at: op.payload.at,
          kind: 'drawer_no_sale',
          staffId: op.payload.staffId,
          approvedBy: null,
          amount: null,
          reason: op.payload.reason,
        },
      ];
    case 'shift.closed':
      return op.payload.approvedBy
        ? [
            {
              ...base,
              at: op.payload.at,
              kind: 'variance_approved',
              staffId: op.payload.staffId,
              approvedBy: op.payload.approvedBy,
              amount: op.payload.countedTotal - op.payload.expected,
              reason: op.payload.note,
            },
          ]
        : [];
    default:
      return [];
  }
}

/**
 * The audit entries of a staff member saved by a manager (`by`; null when not recorded): added, or
 * what changed - name, role, active - and the PIN apart, since a new PIN is its own question.
 */
export function auditOfStaffSaved(
  before: Staff | undefined,
  after: Staff,
  at: number,
  by: string | null,
): AuditEntry[] {
  const base = {
    at,
    staffId: by,
    approvedBy: null,
    deviceId: null,
    orderNo: null,
    amount: null,
    reason: '',
  };
  const { name, role } = after;
  if (!before)
    return [{ ...base, kind: 'staff_added', facts: { kind: 'staff_added', name, role } }];
  const changed = {
    renamedFrom: before.name !== name ? before.name : null,
    role: before.role !== role ? { from: before.role, to: role } : null,
    active: before.active !== after.active ? after.active : null,
  };
  const entries: AuditEntry[] = [];
  if (Object.values(changed).some((change) => change !== null))
    entries.push({
      ...base,
      kind: 'staff_changed',
      facts: { kind: 'staff_changed', name, ...changed },
    });
  if (before.pinHash !== after.pinHash)
    entries.push({ ...base, kind: 'pin_changed', facts: { kind: 'pin_changed', name } });
  return entries;
}
