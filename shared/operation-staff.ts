// Who an operation says did and approved it. A device signs staff in by PIN offline, from the staff
// list the server sent it, so every id it names is one the server knows; and what needs a manager
// (a refund, a void, a price override or large discount, a variance at a shift's close) is
// approved by one. A name the server does not know, or an approval by a cashier, comes from a
// tampered or broken client: the books would credit the act to nobody, or to no one allowed to.
// Someone made inactive since keeps their acts: a device offline may not have heard of it yet.
// A shift's close is the exception: it is a count of real cash, so it is never refused over its
// approval; an approver who is not a manager is dropped from it instead (closeAsRecorded).
import type { Operation } from './operation';
import type { Staff } from './staff';
import { ruleError, type Checked, type RuleError } from './tenders';

/** The staff ids an operation names: who did it, and who approved it. */
function namedStaff(op: Operation): { acting: string[]; approving: string[] } {
  switch (op.type) {
    case 'order.placed':
      return {
        acting: op.payload.cashierId === null ? [] : [op.payload.cashierId],
        approving: op.payload.approvals.map((approval) => approval.managerId),
      };
    case 'order.paid':
      return { acting: [op.payload.cashierId], approving: [] };
    case 'order.refunded':
    case 'order.voided':
      return { acting: [op.payload.staffId], approving: [op.payload.approvedBy] };
    case 'shift.closed':
      return {
        acting: [op.payload.staffId],
        approving: op.payload.approvedBy ? [op.payload.approvedBy] : [],
      };
    case 'shift.opened':
    case 'shift.cash_moved':
    case 'member.topped_up':
    case 'drawer.opened':
      return { acting: [op.payload.staffId], approving: [] };
    default:
      return { acting: [], approving: [] };
  }
}

/**
 * A shift's close as the server records it. The cash was counted and the drawer handed over:
 * refusing the close would leave the shift open for good on the server, and open again on the till
 * behind the next one. So an approval by someone the server does not know as a manager (demoted on
 * the dashboard while the till was offline) is dropped, and the variance awaits a manager's approval
 * like one closed without any; `dropped` says why. Any other operation is returned as it is.
 */
export function closeAsRecorded(
  op: Operation,
  staffById: (id: string) => Staff | undefined,
): { op: Operation; dropped: RuleError | null } {
  if (op.type !== 'shift.closed' || !op.payload.approvedBy) return { op, dropped: null };
  const approver = staffById(op.payload.approvedBy);
  if (approver?.role === 'manager') return { op, dropped: null };
  const { approvedBy, ...payload } = op.payload;
  const who = approver
    ? `${approver.name} (${approvedBy}) is not a manager`
    : `${approvedBy} is not known`;
  return {
    op: { ...op, payload },
    dropped: {
      code: 'approval_not_manager',
      message: `${who}: the close is recorded without the approval, which a manager gives on the dashboard`,
    },
  };
}

const approvalOf: Partial<Record<Operation['type'], string>> = {
  'order.placed': 'a price override or a large discount',
  'order.refunded': 'a refund',
  'order.voided': 'a void',
  'shift.closed': "a shift's cash variance",
};

/**
 * Refused ('staff_unknown') when the operation names staff the server does not know, and
 * ('approval_not_manager') when what a manager must approve was approved by someone who is not one.
 */
export function checkOperationStaff(
  op: Operation,
  staffById: (id: string) => Staff | undefined,
): Checked<null> {
  const { acting, approving } = namedStaff(op);
  for (const id of [...acting, ...approving])
    if (!staffById(id)) return ruleError('staff_unknown', `staff ${id} is not known to the server`);
  for (const id of approving) {
    const staff = staffById(id)!;
    if (staff.role !== 'manager')
      return ruleError(
        'approval_not_manager',
        `${staff.name} (${id}) is not a manager: a manager must approve ${approvalOf[op.type] ?? 'it'}`,
      );
  }
  return { ok: true, value: null };
}
