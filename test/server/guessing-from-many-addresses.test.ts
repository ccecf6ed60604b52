// Guessing a PIN or a pairing code from the shop's Wi-Fi: a laptop on the LAN can take any free
// address of the subnet, and each address has its own five tries. Beside that per-address count
// the store counts failures from everyone; past its ceiling every address is refused unchecked.
// Each 127.0.0.x here stands for one such address (the whole 127/8 reaches the loopback server).
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import pino from 'pino';
import { demo, serverForEachTest, type TestServer } from '../support/test-server';

/** What the server logged at warning level and above, one parsed line each. */
const logged: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: 'warn' },
  { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) },
);

let server: TestServer;
serverForEachTest((started) => (server = started), { options: { logger } });
beforeEach(() => (logged.length = 0));

const manager = demo.staffPins.find((staff) => staff.role === 'manager')!;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: { error?: { code: string; message: string } };
}

function postFrom(from: string, path: string, body: unknown): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: JSON.parse(text) as Answer['body'],
          }),
        );
      },
    );
    sent.on('error', reject).end(JSON.stringify(body));
  });
}

const dashboardSignIn = (from: string, pin: string) =>
  postFrom(from, '/dashboard/api/session', { pin });
const tillSignIn = (from: string, pin: string) =>
  postFrom(from, '/api/sessions', { staffId: manager.staffId, pin });
const pair = (from: string, code: string) =>
  postFrom(from, '/api/pair', { code, name: 'Till', kind: 'tablet' });

const staffPins = new Set(demo.staffPins.map((staff) => staff.pin));
/** The n-th wrong PIN: six digits, nobody's. */
function wrongPin(n: number): string {
  let pin = String(100_000 + n * 7919).slice(-6);
  while (staffPins.has(pin)) pin = String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
  return pin;
}
/** The n-th wrong pairing code: not `code`. */
const wrongCode = (n: number, code: string) =>
  String((Number(code) + 1 + n) % 1_000_000).padStart(6, '0');

/** `count` addresses from 127.0.0.`first` on. */
const addresses = (first: number, count: number) =>
  Array.from({ length: count }, (_, i) => `127.0.0.${first + i}`);

const warnings = () => logged.filter((entry) => entry.level === 40);

test('wrong manager PINs from twelve addresses: 20 are checked, then every sign-in is refused unchecked, and the log says so once', async () => {
  const statuses: number[] = [];
  let guess = 0;
  for (const from of addresses(2, 12))
    for (let attempt = 0; attempt < 5; attempt++)
      statuses.push((await dashboardSignIn(from, wrongPin(guess++))).status);
  expect(statuses.filter((status) => status === 401)).toHaveLength(20);
  expect(statuses.filter((status) => status === 429)).toHaveLength(40);

  // The right PIN from an address that never tried: refused, without being checked.
  const refused = await dashboardSignIn('127.0.0.99', manager.pin);
  expect(refused.status).toBe(429);
  expect(refused.body.error?.code).toBe('store_locked_out');
  expect(refused.body.error?.message).toMatch(
    /^too many failed PIN attempts in the store \(20 in 15 minutes\): sign-in is paused for everyone; try again in 1[45] minutes$/,
  );
  const retryAfter = Number(refused.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(14 * 60);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  // The only RateLimit header is the address's own: the store's count is told to nobody.
  expect(refused.headers['ratelimit']).toMatch(/^"5-in-5min"; r=4;/);
  // The till's sign-in over HTTP shares the count.
  expect((await tillSignIn('127.0.0.98', manager.pin)).body.error?.code).toBe('store_locked_out');

  expect(warnings()).toHaveLength(1);
  const [warning] = warnings();
  // Exactly these fields: no PIN, no request body.
  expect(Object.keys(warning).sort()).toEqual(
    [
      'address',
      'failures',
      'hostname',
      'level',
      'msg',
      'pid',
      'time',
      'until',
      'what',
      'windowMinutes',
    ].sort(),
  );
  expect(warning).toMatchObject({
    what: 'PIN',
    failures: 20,
    windowMinutes: 15,
    address: '127.0.0.6',
    msg: 'store-wide lockout: too many failed PIN attempts, all refused until the window ends',
  });
  expect(Date.parse(String(warning.until))).toBeGreaterThan(Date.now() + 14 * 60_000);
}, 60_000);

test('wrong PINs at the till sign-in and at the dashboard add up to one store-wide count', async () => {
  let guess = 0;
  for (const from of addresses(2, 2))
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await tillSignIn(from, wrongPin(guess++))).status).toBe(401);
  for (const from of addresses(4, 2))
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await dashboardSignIn(from, wrongPin(guess++))).status).toBe(401);
  expect((await dashboardSignIn('127.0.0.99', manager.pin)).body.error?.code).toBe(
    'store_locked_out',
  );
  expect((await tillSignIn('127.0.0.98', manager.pin)).body.error?.code).toBe('store_locked_out');
}, 60_000);

test('right PINs never count, and 19 failures store-wide leave the manager signing in; the 20th stops it', async () => {
  for (const from of addresses(20, 3))
    for (let attempt = 0; attempt < 7; attempt++)
      expect((await dashboardSignIn(from, manager.pin)).status).toBe(201);
  let guess = 0;
  for (const [i, from] of addresses(2, 4).entries())
    for (let attempt = 0; attempt < (i < 3 ? 5 : 4); attempt++)
      expect((await dashboardSignIn(from, wrongPin(guess++))).status).toBe(401);
  // A manager who mistyped once: still signs in, on the dashboard and at the till.
  expect((await dashboardSignIn('127.0.0.30', manager.pin)).status).toBe(201);
  expect((await tillSignIn('127.0.0.30', manager.pin)).status).toBe(201);
  expect(warnings()).toHaveLength(0);

  expect((await dashboardSignIn('127.0.0.30', wrongPin(guess++))).status).toBe(401);
  expect((await dashboardSignIn('127.0.0.30', manager.pin)).body.error?.code).toBe(
    'store_locked_out',
  );
  expect(warnings()).toHaveLength(1);
}, 60_000);

test('wrong pairing codes from twelve addresses: 20 are checked, then the right code is refused and not used up', async () => {
  const { code } = server.pos.pairingCodes.issue();
  const statuses: number[] = [];
  let guess = 0;
  for (const from of addresses(2, 12))
    for (let attempt = 0; attempt < 5; attempt++)
      statuses.push((await pair(from, wrongCode(guess++, code))).status);
  expect(statuses.filter((status) => status === 400)).toHaveLength(20);
  expect(statuses.filter((status) => status === 429)).toHaveLength(40);

  const refused = await pair('127.0.0.99', code);
  expect(refused.status).toBe(429);
  expect(refused.body.error?.code).toBe('store_locked_out');
  expect(refused.body.error?.message).toMatch(
    /^too many failed pairing attempts in the store \(20 in 10 minutes\): pairing is paused for everyone; try again in (9|10) minutes$/,
  );
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(9 * 60);
  // Never checked, so never used up: the code still pairs once the pause ends.
  expect(server.pos.pairingCodes.redeem(code).check).toBe('ok');

  expect(warnings()).toHaveLength(1);
  expect(warnings()[0]).toMatchObject({
    what: 'pairing',
    failures: 20,
    windowMinutes: 10,
    msg: 'store-wide lockout: too many failed pairing attempts, all refused until the window ends',
  });
}, 60_000);

test('devices that pair never count: 25 pairings, 19 wrong codes, and the next device still pairs', async () => {
  for (const from of addresses(20, 5))
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await pair(from, server.pos.pairingCodes.issue().code)).status).toBe(201);
  const { code } = server.pos.pairingCodes.issue();
  let guess = 0;
  for (const [i, from] of addresses(2, 4).entries())
    for (let attempt = 0; attempt < (i < 3 ? 5 : 4); attempt++)
      expect((await pair(from, wrongCode(guess++, code))).status).toBe(400);
  expect((await pair('127.0.0.30', code)).status).toBe(201);
  expect(warnings()).toHaveLength(0);
}, 60_000);
