// Staff administration over real HTTP: a manager adds, promotes and deactivates staff and changes a
// PIN; the store keeps one active manager and PINs unique; the audit trail says who did each, after
// a restart too.
import { verifyPin } from '@pos/shared';
import {
  api,
  demo,
  serverForEachTest,
  signIn,
  startTestServer,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
let manager: string;
const managerId = demo.staffPins.find((p) => p.role === 'manager')!.staffId;
const cashier = demo.staffPins.find((p) => p.role === 'cashier')!;

serverForEachTest((started) => (server = started));
beforeEach(async () => {
  manager = await signIn(server);
});

interface AuditView {
  entries: Array<{
    kind: string;
    staffId: string | null;
    staffName: string | null;
    facts: unknown;
  }>;
}

async function staffAudit() {
  const { body } = await api<AuditView>(server, 'GET', '/api/reports/audit', { token: manager });
  return body.entries.filter((e) => e.kind.startsWith('staff_') || e.kind === 'pin_changed');
}

it('audits staff added, promoted, deactivated and a new PIN with the manager who did each; after a restart too', async () => {
  const added = await api<{ staff: { id: string } }>(server, 'POST', '/dashboard/api/staff', {
    token: manager,
    body: { name: '李娜', role: 'cashier', active: true, pin: '2468' },
  });
  expect(added.status).toBe(201);
  const id = added.body.staff.id;
  const signInAsHer = () =>
    api<{ token: string }>(server, 'POST', '/api/sessions', { body: { staffId: id, pin: '2468' } });
  expect((await signInAsHer()).status).toBe(201);

  const edit = (body: object) =>
    api(server, 'PUT', `/dashboard/api/staff/${id}`, { token: manager, body });
  expect((await edit({ name: '李娜', role: 'manager', active: true })).status).toBe(200);
  // Promoted: she signs in again and may do what managers do.
  const hers = (await signInAsHer()).body.token;
  expect((await api(server, 'GET', '/api/staff', { token: hers })).status).toBe(200);
  expect((await edit({ name: '李娜', role: 'manager', active: false })).status).toBe(200);
  // Deactivated: her open session ends with it, and her PIN no longer signs in.
  expect((await api(server, 'GET', '/api/staff', { token: hers })).status).toBe(401);
  expect((await signInAsHer()).status).toBe(401);

  const pin = await api(server, 'PUT', `/api/staff/${cashier.staffId}/pin`, {
    token: manager,
    body: { pin: '8642' },
  });
  expect(pin.status).toBe(200);

  const expected = [
    { kind: 'staff_added', facts: { kind: 'staff_added', name: '李娜', role: 'cashier' } },
    {
      kind: 'staff_changed',
      facts: {
        kind: 'staff_changed',
        name: '李娜',
        renamedFrom: null,
        role: { from: 'cashier', to: 'manager' },
        active: null,
      },
    },
    {
      kind: 'staff_changed',
      facts: { kind: 'staff_changed', name: '李娜', renamedFrom: null, role: null, active: false },
    },
    {
      kind: 'pin_changed',
      facts: { kind: 'pin_changed', name: demo.staff.find((s) => s.id === cashier.staffId)!.name },
    },
  ].map((entry) => expect.objectContaining({ ...entry, staffId: managerId }));
  const entries = await staffAudit();
  expect(entries).toHaveLength(expected.length);
  expect(entries).toEqual(expect.arrayContaining(expected));
  expect(entries[0].staffName).toBe(demo.staff.find((s) => s.id === managerId)!.name);

  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  manager = await signIn(server);
  const reread = await staffAudit();
  expect(reread).toHaveLength(expected.length);
  expect(reread).toEqual(expect.arrayContaining(expected));
});

it('refuses to demote or deactivate the last active manager, and audits nothing for it', async () => {
  for (const change of [
    { role: 'cashier', active: true },
    { role: 'manager', active: false },
  ]) {
    const refused = await api<{ error: { code: string; message: string } }>(
      server,
      'PUT',
      `/dashboard/api/staff/${managerId}`,
      { token: manager, body: { name: 'Boss', ...change } },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: 'last_manager',
      message: 'the store needs at least one active manager',
    });
  }
  expect((await api(server, 'GET', '/api/staff', { token: manager })).status).toBe(200);
  expect(await staffAudit()).toEqual([]);
});

it('names the problem with a new staff member, and stores nothing', async () => {
  const refused = await api<{ error: { code: string; message: string } }>(
    server,
    'POST',
    '/dashboard/api/staff',
    { token: manager, body: { name: ' ', role: 'owner', active: true, pin: '12' } },
  );
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toMatch(/name/);
  expect(refused.body.error.message).toMatch(/role/);
  expect(refused.body.error.message).toMatch(/a PIN is 4 to 6 digits/);
  const { body } = await api<{ staff: unknown[] }>(server, 'GET', '/api/staff', {
    token: manager,
  });
  expect(body.staff).toHaveLength(demo.staff.length);
});

describe('PINs are unique in the store: sign-in and a manager approval find a manager by PIN alone', () => {
  const managerPin = demo.staffPins.find((p) => p.role === 'manager')!.pin;
  const [liXiao, wangFang] = demo.staffPins.filter((p) => p.role === 'cashier');
  /** Active managers who sign in with `pin`: the one it names, whoever used it. */
  const managersWith = (pin: string) =>
    Object.values(server.store.state.staff)
      .filter((s) => s.active && s.role === 'manager' && verifyPin(pin, s.pinHash))
      .map((s) => s.id);
  const pinInUse = { code: 'pin_in_use', message: expect.stringMatching(/PIN/) };

  it("refuses a new manager with another manager's PIN, and a new cashier with a colleague's, storing nothing", async () => {
    for (const [role, pin] of [
      ['manager', managerPin],
      ['cashier', liXiao.pin],
    ]) {
      const refused = await api<{ error: unknown }>(server, 'POST', '/dashboard/api/staff', {
        token: manager,
        body: { name: '钱副店长', role, active: true, pin },
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toEqual(pinInUse);
    }
    expect(Object.values(server.store.state.staff)).toHaveLength(demo.staff.length);
    expect(managersWith(managerPin)).toEqual([managerId]);
    expect(await staffAudit()).toEqual([]);
  });

  it("refuses a PIN change to someone else's PIN; one's own PIN again is taken", async () => {
    const hashBefore = server.store.state.staff[liXiao.staffId].pinHash;
    for (const pin of [managerPin, wangFang.pin]) {
      const refused = await api<{ error: unknown }>(
        server,
        'PUT',
        `/api/staff/${liXiao.staffId}/pin`,
        { token: manager, body: { pin } },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error).toEqual(pinInUse);
    }
    expect(server.store.state.staff[liXiao.staffId].pinHash).toBe(hashBefore);
    const again = await api(server, 'PUT', `/api/staff/${liXiao.staffId}/pin`, {
      token: manager,
      body: { pin: liXiao.pin },
    });
    expect(again.status).toBe(200);
  });

  it('so promoting a cashier or reactivating a manager never gives a second manager a PIN in use', async () => {
    // The cashier's PIN could not be set to the manager's: promoted, she keeps her own.
    const promote = await api(server, 'PUT', `/dashboard/api/staff/${liXiao.staffId}`, {
      token: manager,
      body: { name: liXiao.name, role: 'manager', active: true },
    });
    expect(promote.status).toBe(200);
    // A manager deactivated, and a new one added with the PIN the first had: refused, so the first
    // comes back with a PIN of their own.
    const demote = await api(server, 'PUT', `/dashboard/api/staff/${liXiao.staffId}`, {
      token: manager,
      body: { name: liXiao.name, role: 'manager', active: false },
    });
    expect(demote.status).toBe(200);
    const taken = await api(server, 'POST', '/dashboard/api/staff', {
      token: manager,
      body: { name: '钱副店长', role: 'manager', active: true, pin: liXiao.pin },
    });
    expect(taken.status).toBe(409);
    const back = await api(server, 'PUT', `/dashboard/api/staff/${liXiao.staffId}`, {
      token: manager,
      body: { name: liXiao.name, role: 'manager', active: true },
    });
    expect(back.status).toBe(200);
    expect(managersWith(managerPin)).toEqual([managerId]);
    expect(managersWith(liXiao.pin)).toEqual([liXiao.staffId]);
  });
});
