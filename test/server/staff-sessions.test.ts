// Staff sessions in the server's memory: a session nobody uses again is let go once it has expired,
// so a server that runs for months does not keep every sign-in it ever made.
import { SESSION_TTL_MS, StaffSessions } from '../../sync-server/auth/staff-sessions';

test('expired sessions are let go as new ones open, whether or not they were used again', () => {
  let clock = Date.UTC(2026, 10, 22, 1, 0);
  const sessions = new StaffSessions(() => clock);
  const morning = Array.from({ length: 50 }, () => sessions.open('staff-cashier', 'cashier'));
  expect(sessions.held).toBe(50);

  clock += SESSION_TTL_MS - 1;
  const evening = sessions.open('staff-manager', 'manager');
  expect(sessions.held).toBe(51);
  expect(sessions.find(morning[0].token)).toBeDefined();

  clock += 1;
  const night = sessions.open('staff-manager', 'manager');
  // The morning's 50 expired at this instant; the evening's and the night's are live.
  expect(sessions.held).toBe(2);
  expect(sessions.find(morning[49].token)).toBeUndefined();
  expect(sessions.find(evening.token)?.staffId).toBe('staff-manager');
  expect(sessions.find(night.token)?.role).toBe('manager');
});
