// The dashboard's sign-in over real HTTP: one count of wrong PINs per address for both sign-ins,
// a junk cookie is no cookie, and the live stream ends with the session that opened it.
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  type TestServer,
} from '../support/test-server';

let server: TestServer;

serverForEachTest((started) => (server = started));

const manager = demo.staffPins.find((staff) => staff.role === 'manager')!;

async function dashboardSignIn(): Promise<string> {
  const response = await fetch(`${server.url}/dashboard/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pin: manager.pin }),
  });
  expect(response.status).toBe(201);
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

test("wrong PINs count once per address across the till's and the dashboard's sign-in", async () => {
  const tillSignIn = (pin: string) =>
    api(server, 'POST', '/api/sessions', { body: { staffId: manager.staffId, pin } });
  const dashboard = (pin: string) =>
    api(server, 'POST', '/dashboard/api/session', { body: { pin } });
  for (let attempt = 0; attempt < 3; attempt++)
    expect((await tillSignIn('000000')).status).toBe(401);
  for (let attempt = 0; attempt < 2; attempt++)
    expect((await dashboard('000000')).status).toBe(401);
  expect((await dashboard(manager.pin)).status).toBe(429);
  expect((await tillSignIn(manager.pin)).status).toBe(429);
});

test('a cookie that cannot be decoded counts as no cookie: pages and sign-in still work', async () => {
  const junk = { cookie: 'pos_dashboard=%E0%A4%A' };
  expect((await fetch(`${server.url}/`, { headers: junk })).status).toBe(200);
  expect((await fetch(`${server.url}/dashboard/api/me`, { headers: junk })).status).toBe(401);
  const signIn = await fetch(`${server.url}/dashboard/api/session`, {
    method: 'POST',
    headers: { ...junk, 'content-type': 'application/json' },
    body: JSON.stringify({ pin: manager.pin }),
  });
  expect(signIn.status).toBe(201);
});

test('the live stream ends once its session is signed out, sending nothing more', async () => {
  const cookie = await dashboardSignIn();
  const live = await fetch(`${server.url}/dashboard/api/live`, { headers: { cookie } });
  expect(live.status).toBe(200);
  const reader = live.body!.getReader();
  const decoder = new TextDecoder();
  let received = '';
  while (!received.includes('event: summary')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended before its first summary');
    received += decoder.decode(value);
  }

  const signedOut = await fetch(`${server.url}/dashboard/api/session`, {
    method: 'DELETE',
    headers: { cookie, 'x-pos-dashboard': '1' },
  });
  expect(signedOut.status).toBe(204);
  // A change the stream would report: a device paired.
  await pairTestDevice(server, 'Till 2', 'tablet');

  let after = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    after += decoder.decode(value);
  }
  expect(after).not.toContain('event: summary');
});
