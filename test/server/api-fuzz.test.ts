// Random damage to the bodies of the manager's and the tills' HTTP requests that change the store
// (a category, a product, a stock level, a member join, staff, a PIN, a top-up by QR, a day's
// close), sent to a real server: every
// answer is a success or a refusal in the one error shape, never a 500; the server stays healthy,
// and what it took is what it holds after a restart from its files. And odd paths and queries of
// the read-only requests (reports, CSV, audit, orders, members, payments, QR), never a 500.
import fc from 'fast-check';
import { addBusinessDays, businessDayOf } from '@pos/shared';
import { damageArbitrary, damagedAt, placesIn, type Damage } from '../support/damage';
import {
  api,
  demo,
  serverForEachTest,
  signIn,
  startTestServer,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
serverForEachTest((started) => (server = started));

const category = demo.categories[0];
const product = demo.products[1];
const cashier = demo.staff.find((staff) => staff.role === 'cashier')!;
const yesterday = addBusinessDays(businessDayOf(Date.now(), demo.settings), -1);

interface Request {
  method: 'PUT' | 'POST';
  path: string;
  body: unknown;
}

/** Each request as the dashboard or a till makes it, valid. */
const requests: Request[] = [
  {
    method: 'PUT',
    path: `/api/catalog/categories/${category.id}`,
    body: { name: category.name, sort: category.sort },
  },
  { method: 'PUT', path: `/api/catalog/products/${product.id}`, body: product },
  { method: 'PUT', path: `/api/stock/${product.skus[0].id}`, body: { level: 12 } },
  { method: 'POST', path: '/api/members', body: { phone: '13912345678', name: '小李' } },
  {
    method: 'PUT',
    path: `/dashboard/api/staff/${cashier.id}`,
    body: { name: cashier.name, role: 'cashier', active: true },
  },
  {
    method: 'POST',
    path: '/dashboard/api/staff',
    body: { name: '新员工', role: 'cashier', active: true, pin: '739155' },
  },
  { method: 'PUT', path: `/api/staff/${cashier.id}/pin`, body: { pin: '482611' } },
  {
    method: 'POST',
    path: '/api/payments/top-ups',
    body: { memberId: demo.members[0].id, amount: 5_000 },
  },
  {
    method: 'POST',
    path: `/api/reports/days/${yesterday}/close`,
    body: { override: true, note: 'closed late: the manager was away' },
  },
];

async function send(request: Request, token: string) {
  return api<{ error?: { code?: unknown; message?: unknown } }>(
    server,
    request.method,
    request.path,
    { token, body: request.body },
  );
}

async function healthy(): Promise<boolean> {
  const health = await api(server, 'GET', '/api/health');
  return health.status === 200 && health.body.status === 'ok';
}

/** What the server holds, apart from when devices were last seen (none are here). */
function held(): unknown {
  return server.store.state;
}

test('each request as the dashboard or a till makes it is taken', async () => {
  const manager = await signIn(server);
  for (const request of requests) {
    const { status, body } = await send(request, manager);
    const { path } = request;
    expect({ path, ok: status < 300, error: body.error }).toEqual({
      path,
      ok: true,
      error: undefined,
    });
  }
});

test('damaged request bodies are refused in the one error shape, never a 500, and change nothing unsaid', async () => {
  const manager = await signIn(server);
  const statuses: number[] = [];
  await fc.assert(
    fc.asyncProperty(
      fc.nat(),
      fc.array(damageArbitrary, { minLength: 1, maxLength: 3 }),
      async (which, damages: Damage[]) => {
        const request = requests[which % requests.length];
        let body = request.body;
        for (const damage of damages) body = damagedAt(body, placesIn(body), damage);
        const { status, body: answer } = await send({ ...request, body }, manager);
        statuses.push(status);
        const seen = `${request.method} ${request.path} ${JSON.stringify(body).slice(0, 300)} -> ${status}`;
        expect([seen, status < 500]).toEqual([seen, true]);
        if (status >= 400) {
          expect([seen, typeof answer.error?.code]).toEqual([seen, 'string']);
          expect([seen, typeof answer.error?.message]).toEqual([seen, 'string']);
        }
        expect(await healthy()).toBe(true);
      },
    ),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 50) },
  );

  // Damage that still passes was taken, the rest refused by the route's rules, not its sign-in.
  expect(statuses.some((status) => status < 300)).toBe(true);
  expect(statuses.some((status) => status === 400)).toBe(true);
  expect(statuses.filter((status) => status === 401 || status === 403)).toEqual([]);

  const before = held();
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  expect(held()).toEqual(before);
  expect(await healthy()).toBe(true);
});

/** What a till, a manager's browser or a typo might put in a path or a query. */
const oddWords = [
  '',
  ' ',
  '2026-02-30',
  '2026-13-45',
  '9999-12-31',
  '0000-01-01',
  '1e21',
  '-1',
  '0',
  '5001',
  '1.5',
  'NaN',
  'null',
  '[]',
  '../..',
  '%',
  '%E4',
  '%00',
  '\u0000',
  '😀',
  '拿铁',
  'x'.repeat(3_000),
  'T1-1207-0001',
  'T1:2026-12-07:1',
  '1700000000000.1',
  'all',
  'true',
];

/** Read-only requests whose path or query carry what the caller typed. */
const readers: Array<(a: string, b: string) => string> = [
  (day, device) => `/api/reports/days/${day}?device=${device}&cashier=${device}`,
  (day, name) => `/api/reports/days/${day}/${name}.csv`,
  (from, before) =>
    `/api/reports/audit?from=${from}&to=${from}&kind=${before}&limit=${before}&before=${before}`,
  (day) => `/api/orders?day=${day}`,
  (number) => `/api/orders/by-number/${number}`,
  (id) => `/api/orders/${id}`,
  (phone) => `/api/members?phone=${phone}`,
  (id) => `/api/members/${id}`,
  (day) => `/api/members/activity?day=${day}`,
  (day, status) => `/api/members/overspends?day=${day}&status=${status}`,
  (day, unfinished) => `/api/payments/refunds?businessDay=${day}&unfinished=${unfinished}`,
  (id) => `/api/payments/${id}`,
  (format) => `/api/qr/join?format=${format}`,
  (payload) => `/j/${payload}`,
];

test('odd paths and queries of the read-only requests are refused in the one error shape, never a 500', async () => {
  const manager = await signIn(server);
  const word = fc.nat().map((n) => oddWords[n % oddWords.length]);
  // Encoded as a browser would, or raw as a hand-typed URL (a lone % and all).
  const typed = fc.tuple(word, fc.boolean()).map(([w, raw]) => (raw ? w : encodeURIComponent(w)));
  const statuses: number[] = [];
  await fc.assert(
    fc.asyncProperty(fc.nat(), typed, typed, async (which, a, b) => {
      const path = readers[which % readers.length](a, b);
      // A URL cannot carry a NUL or a space as typed: fetch would refuse it before the server saw it.
      const response = await fetch(
        `${server.url}${path.replaceAll('\u0000', '%00').replaceAll(' ', '%20')}`,
        {
          headers: { authorization: `Bearer ${manager}` },
        },
      );
      statuses.push(response.status);
      const seen = `GET ${path.slice(0, 200)} -> ${response.status}`;
      expect([seen, response.status < 500]).toEqual([seen, true]);
      // The API answers in JSON; the customer's join link (/j/) is a page for a phone's browser.
      if (response.status >= 400 && path.startsWith('/api/')) {
        const { error } = (await response.json()) as { error?: { code?: unknown } };
        expect([seen, typeof error?.code]).toEqual([seen, 'string']);
      } else await response.arrayBuffer();
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 50) },
  );
  expect(statuses.some((status) => status === 400)).toBe(true);
  expect(await healthy()).toBe(true);
});
