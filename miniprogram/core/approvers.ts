// Who may approve on this till: an active manager of the synced staff list. The server refuses
// whatever anyone else approved (approval_not_manager), so a till that took the money for it would
// hold cash for a sale, refund or void the books never get.
import { ruleError, type Approval, type Checked, type Role } from '@pos/shared';

interface Approver {
  id: string;
  role: Role;
}

/** `activeStaff`: those who may sign in here (session.staffList). */
export function approvingManager<T extends Approver>(
  activeStaff: readonly T[],
  staffId: string,
): Checked<T> {
  const manager = activeStaff.find((s) => s.id === staffId && s.role === 'manager');
  if (!manager) return ruleError('approval_missing', 'a manager must approve this with their PIN');
  return { ok: true, value: manager };
}

/** Every approval of a sale (a large discount, a price override) is a manager's. */
export function checkSaleApprovals(
  activeStaff: readonly Approver[],
  approvals: readonly Approval[],
): Checked<null> {
  for (const { reason, managerId } of approvals)
    if (!approvingManager(activeStaff, managerId).ok)
      return ruleError(
        'approval_missing',
        `the ${reason.replace('_', ' ')} was approved by ${managerId}, not a manager on this device: a manager must approve it with their PIN`,
      );
  return { ok: true, value: null };
}
