// The audit entries of a staff member saved by a manager: added, renamed, role and active changes,
// and a new PIN as its own entry, each with the manager who did it and the facts a screen words.
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
    {
      ...who,
      orderNo: null,
      kind: 'staff_added',
      reason: '',
      facts: { kind: 'staff_added', name: '王芳', role: 'cashier' },
    },
  ]);
});

it('names each change in one entry: rename, role, deactivation', () => {
  const after: Staff = { ...wang, name: '王芳芳', role: 'manager', active: false };
  expect(auditOfStaffSaved(wang, after, noon, 'staff-manager')).toEqual([
    expect.objectContaining({
      ...who,
      kind: 'staff_changed',
      facts: {
        kind: 'staff_changed',
        name: '王芳芳',
        renamedFrom: '王芳',
        role: { from: 'cashier', to: 'manager' },
        active: false,
      },
    }),
  ]);
  expect(auditOfStaffSaved(after, { ...after, active: true }, noon, 'staff-manager')).toEqual([
    expect.objectContaining({
      kind: 'staff_changed',
      facts: { kind: 'staff_changed', name: '王芳芳', renamedFrom: null, role: null, active: true },
    }),
  ]);
});

it('lists a new PIN apart from the other changes', () => {
  const after: Staff = { ...wang, role: 'manager', pinHash: 'scrypt$salt$two' };
  expect(auditOfStaffSaved(wang, after, noon, 'staff-manager').map((e) => e.kind)).toEqual([
    'staff_changed',
    'pin_changed',
  ]);
  expect(auditOfStaffSaved(wang, { ...wang, pinHash: 'scrypt$salt$two' }, noon, null)).toEqual([
    expect.objectContaining({
      kind: 'pin_changed',
      staffId: null,
      facts: { kind: 'pin_changed', name: '王芳' },
    }),
  ]);
});

it('says nothing when a save changes nothing', () => {
  expect(auditOfStaffSaved(wang, { ...wang }, noon, 'staff-manager')).toEqual([]);
});
