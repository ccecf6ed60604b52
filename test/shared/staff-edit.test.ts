// The rules of a staff edit: the store keeps one active manager, an edit that changes what a person
// may do ends their open sessions, and a PIN is set only if nobody else signs in with it.
import { hashPin } from '../../shared/pin-hash';
import { editEndsSessions, pinProblem, staffEditProblem, type Staff } from '../../shared/staff';

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

it("refuses a PIN someone else has, active or not, whatever their role; one's own again is taken", () => {
  const withPin = (staff: Staff, pin: string): Staff => ({
    ...staff,
    pinHash: hashPin(pin, new Uint8Array(16).fill(staff.id.length)),
  });
  const all = [withPin(boss, '1357'), withPin(cashier, '2468'), withPin(retired, '9753')];
  const taken = 'another staff member already signs in with this PIN: choose another one';
  expect(pinProblem(all, '1357', null)).toBe(taken);
  expect(pinProblem(all, '2468', 'boss')).toBe(taken);
  // A deactivated manager could be reactivated: their PIN stays theirs.
  expect(pinProblem(all, '9753', 'cashier')).toBe(taken);
  expect(pinProblem(all, '2468', 'cashier')).toBeNull();
  expect(pinProblem(all, '8642', null)).toBeNull();
});
