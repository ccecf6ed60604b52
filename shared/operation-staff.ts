// Who an operation says did and approved it. A device signs staff in by PIN offline, from the staff
// list the server sent it, so every id it names is one the server knows; and what needs a manager
// (a refund, a void, a price override or large discount, a variance at a shift's close) is
// approved by one. A name the server does not know, or an approval by a cashier, comes from a
// tampered or broken client: the books would credit the act to nobody, or to no one allowed to.
// Someone made inactive since keeps their acts: a device offline may not have heard of it yet.
import type { Operation } from './operation';
import type { Staff } from './staff';
import { ruleError, type Checked } from './tenders';

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
