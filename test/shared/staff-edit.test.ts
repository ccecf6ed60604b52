// The rules of a staff edit: the store keeps one active manager, and an edit that changes what a
// person may do ends their open sessions.
import { editEndsSessions, staffEditProblem, type Staff } from '../../shared/staff';

const person = (id: string, role: Staff['role'], active = true): Staff => ({
  id,
  name: id,
  role,
  pinHash: 'scrypt$salt$hash',
  active,
});
const boss = person('boss', 'manager');
const cashier = person('cashier', 'cashier');
const retired = person('retired', 'manager', false);

it('refuses to demote or deactivate the last active manager', () => {
  const all = [boss, cashier, retired];
  const message = 'the store needs at least one active manager';
  expect(staffEditProblem(all, boss, { name: 'boss', role: 'cashier', active: true })).toBe(
    message,
  );
  expect(staffEditProblem(all, boss, { name: 'boss', role: 'manager', active: false })).toBe(
    message,
  );
  expect(staffEditProblem(all, boss, { name: 'Boss', role: 'manager', active: true })).toBeNull();
});

it('lets a manager step down once another active manager exists', () => {
  const all = [boss, cashier, person('deputy', 'manager')];
  expect(staffEditProblem(all, boss, { name: 'boss', role: 'cashier', active: true })).toBeNull();
  expect(staffEditProblem(all, cashier, { name: 'c', role: 'cashier', active: false })).toBeNull();
});

it('ends sessions when the role changes or the person is deactivated, not on a rename', () => {
  expect(editEndsSessions(cashier, { name: 'c', role: 'manager', active: true })).toBe(true);
  expect(editEndsSessions(cashier, { name: 'c', role: 'cashier', active: false })).toBe(true);
  expect(editEndsSessions(cashier, { name: 'Renamed', role: 'cashier', active: true })).toBe(false);
});
