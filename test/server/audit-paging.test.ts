// The audit log over real HTTP, a page at a time: newest first, how many there are in all, and a
// cursor to the older ones that neither repeats nor skips an entry, even among entries made in the
// same millisecond.
import { operationId, type Operation } from '@pos/shared';
import { ProtocolClient } from '../support/protocol-client';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
serverForEachTest((started) => (server = started));

const cashier = demo.staffPins.find((p) => p.role === 'cashier')!;

interface AuditPage {
  entries: Array<{ kind: string; at: number; reason: string }>;
  total: number;
  before: string | null;
}

it('pages back through the trail with `before`, each entry once, `total` counting them all', async () => {
  const till = await pairTestDevice(server, '收银台', 'tablet');
  const socket = await ProtocolClient.open(server.url, till.token);
  // Seven drawer openings, three of them in one millisecond.
  const at = Date.now() - 60_000;
  const times = [at, at + 1, at + 1, at + 1, at + 2, at + 3, at + 4];
  const ops = times.map((t, i) => ({
    id: operationId(till.deviceId, i + 1),
    deviceId: till.deviceId,
    seq: i + 1,
    createdAt: t,
    type: 'drawer.opened',
    payload: { shiftId: null, staffId: cashier.staffId, reason: `opening ${i + 1}`, at: t },
  })) as Operation[];
  expect((await socket.push(ops)).results.every((r) => r.status === 'applied')).toBe(true);
  socket.close();

  const token = await signIn(server);
  const pageOf = async (query: string) => {
    const { status, body } = await api<AuditPage>(server, 'GET', `/api/reports/audit?${query}`, {
      token,
    });
    expect(status).toBe(200);
    return body;
  };
  const seen: string[] = [];
  let query = 'kind=drawer_no_sale&limit=3';
  const pages: AuditPage[] = [];
  // At most ten pages: a cursor that went nowhere would loop forever.
  while (pages.length < 10) {
    const page = await pageOf(query);
    pages.push(page);
    seen.push(...page.entries.map((e) => e.reason));
    if (!page.before) break;
    query = `kind=drawer_no_sale&limit=3&before=${encodeURIComponent(page.before)}`;
  }
  expect(pages.map((p) => [p.entries.length, p.total])).toEqual([
    [3, 7],
    [3, 7],
    [1, 7],
  ]);
  // Newest first; those of one millisecond in the order they were recorded, newest first too.
  expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => `opening ${n}`));

  // Without `kind`: the pairing is counted too, and is the newest.
  const all = await pageOf('limit=500');
  expect(all).toMatchObject({ total: 8, before: null });
  expect(all.entries[0].kind).toBe('device_paired');
});

it('names a malformed cursor', async () => {
  const token = await signIn(server);
  const { status, body } = await api<{ error: { code: string; message: string } }>(
    server,
    'GET',
    '/api/reports/audit?before=yesterday',
    { token },
  );
  expect(status).toBe(400);
  expect(body.error.message).toMatch(/before/);
});
