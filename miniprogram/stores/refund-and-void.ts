// Refunds and voids of an order this device shows (its own, synced, or looked up on the store's
// server): by the signed-in staff, approved by a manager, checked by the core before the operation
// is recorded, so the queued operation is one the core takes.
import {
  applyRefund,
  ruleError,
  suggestRefund,
  voidOrder,
  type Checked,
  type Order,
  type Refund,
  type SuggestedRefund,
  type VoidRecord,
} from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { approvingManager } from '../core/approvers';
import { commit } from '../core/commit';
import type { Ledger } from '../core/ledger';
import type { OrderView } from '../core/local-view';
import type { SessionStore, StaffMember } from './session-store';

export interface RefundRequest {
  lines: Array<{ lineId: string; qty: number }>;
  reason: string;
  /** The approving manager (session.approveAsManager), or the signed-in manager. */
  approvedBy: string;
  /** Whether the goods go back on the shelf. */
  restock: boolean;
  /** How the money goes back; by default in proportion to how the order was paid. */
  tenders?: Refund['tenders'];
}

/** What a refund or void reads and writes through the orders store. */
export interface OrderReturns {
  ledger: Ledger;
  clock: Clock;
  session: SessionStore;
  find(id: string): OrderView | null;
  /** The order looked up on the server kept in the ledger's history before the operation. */
  keepLookedUp(id: string): Checked<null>;
}

/** The signed-in staff member who records it, and the manager who approved it. */
function staffAndApprover(
  session: SessionStore,
  approvedBy: string,
): Checked<{ staff: StaffMember; approver: StaffMember }> {
  const staff = session.staff;
  if (!staff) return ruleError('not_signed_in', 'sign in with your PIN first');
  const approver = approvingManager(session.staffList, approvedBy);
  return approver.ok ? { ok: true, value: { staff, approver: approver.value } } : approver;
}

/** What to give back for some quantities of some lines (each line's share, split by tender). */
export function suggestedRefund(
  view: OrderView | null,
  id: string,
  lines: Array<{ lineId: string; qty: number }>,
): Checked<SuggestedRefund> {
  if (!view) return ruleError('unknown_order', `order ${id} is not on this device`);
  return suggestRefund(view.order, lines);
}

export function recordRefund(
  returns: OrderReturns,
  id: string,
  request: RefundRequest,
): Checked<Order> {
  const { ledger, clock } = returns;
  const people = staffAndApprover(returns.session, request.approvedBy);
  if (!people.ok) return people;
  const { staff, approver } = people.value;
  const suggested = suggestedRefund(returns.find(id), id, request.lines);
  if (!suggested.ok) return suggested;
  const now = clock.now();
  const refund = (refundId: string): Refund => ({
    id: refundId,
    orderId: id,
    deviceId: ledger.identity!.deviceId,
    staffId: staff.id,
    approvedBy: approver.id,
    reason: request.reason,
    createdAt: now,
    businessDay: ledger.businessDay(now),
    lines: suggested.value.lines,
    tenders: request.tenders ?? suggested.value.tenders,
    restock: request.restock,
  });
  const checked = applyRefund(
    returns.find(id)!.order,
    refund(`${ledger.identity!.deviceId}:refund`),
  );
  if (!checked.ok) return checked;
  const kept = returns.keepLookedUp(id);
  if (!kept.ok) return kept;
  const committed = commit(ledger, (seq) => ({
    type: 'order.refunded',
    payload: refund(`${ledger.identity!.deviceId}:refund:${seq}`),
  }));
  if (!committed.ok) return committed;
  return { ok: true, value: returns.find(id)!.order };
}

export function recordVoid(
  returns: OrderReturns,
  id: string,
  request: { reason: string; approvedBy: string },
): Checked<Order> {
  const { ledger, clock } = returns;
  const people = staffAndApprover(returns.session, request.approvedBy);
  if (!people.ok) return people;
  const { staff, approver } = people.value;
  const view = returns.find(id);
  if (!view) return ruleError('unknown_order', `order ${id} is not on this device`);
  const device = ledger.identity;
  if (!device) return ruleError('not_paired', "pair this device with the store's server first");
  const record: VoidRecord = {
    staffId: staff.id,
    approvedBy: approver.id,
    reason: request.reason,
    at: clock.now(),
    // The cash of a paid order goes back out of this device's drawer.
    deviceId: device.deviceId,
    // An open order another till or the customer's QR pays before this void arrives stays paid.
    voidedFrom: view.order.status === 'open' ? 'open' : 'paid',
  };
  const voided = voidOrder(view.order, record);
  if (!voided.ok) return voided;
  const kept = returns.keepLookedUp(id);
  if (!kept.ok) return kept;
  const committed = commit(ledger, () => ({
    type: 'order.voided',
    payload: { ...record, orderId: id },
  }));
  if (!committed.ok) return committed;
  return { ok: true, value: voided.value };
}
