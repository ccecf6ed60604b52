// The audit entries of a staff member saved by a manager: added, renamed, role and active changes,
// and a new PIN as its own entry, each with the manager who did it.
import { auditOfStaffSaved } from '../../shared/report/audit';
import type { Staff } from '../../shared/staff';
import { noon } from './fixtures';

const wang: Staff = {
  id: 'staff-wang',
  name: '王芳',
  role: 'cashier',
  pinHash: 'scrypt$salt$one',
  active: true,
};
const who = { at: noon, staffId: 'staff-manager', approvedBy: null, deviceId: null, amount: null };

it('says who added a staff member, with the name and role', () => {
  expect(auditOfStaffSaved(undefined, wang, noon, 'staff-manager')).toEqual([
    { ...who, orderNo: null, kind: 'staff_added', reason: '王芳 (cashier)' },
  ]);
});

it('names each change in one entry: rename, role, deactivation', () => {
  const after: Staff = { ...wang, name: '王芳芳', role: 'manager', active: false };
  expect(auditOfStaffSaved(wang, after, noon, 'staff-manager')).toEqual([
    expect.objectContaining({
      ...who,
      kind: 'staff_changed',
      reason: '王芳芳: renamed from 王芳, role cashier → manager, deactivated',
    }),
  ]);
  expect(auditOfStaffSaved(after, { ...after, active: true }, noon, 'staff-manager')).toEqual([
    expect.objectContaining({ kind: 'staff_changed', reason: '王芳芳: reactivated' }),
  ]);
});

it('lists a new PIN apart from the other changes', () => {
  const after: Staff = { ...wang, role: 'manager', pinHash: 'scrypt$salt$two' };
  expect(auditOfStaffSaved(wang, after, noon, 'staff-manager').map((e) => e.kind)).toEqual([
    'staff_changed',
    'pin_changed',
  ]);
  expect(auditOfStaffSaved(wang, { ...wang, pinHash: 'scrypt$salt$two' }, noon, null)).toEqual([
    expect.objectContaining({ kind: 'pin_changed', staffId: null, reason: '王芳' }),
  ]);
});

it('says nothing when a save changes nothing', () => {
  expect(auditOfStaffSaved(wang, { ...wang }, noon, 'staff-manager')).toEqual([]);
});
