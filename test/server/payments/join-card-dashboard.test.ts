// The dashboard's devices page links to the membership counter card; the dashboard's cookie
// session (no bearer token, as a browser following the link sends) reaches it, and only a
// manager's does.
import { demo, startTestServer, type TestServer } from '../../support/test-server';
import { removeDir } from '../../support/temp-dir';
import { decodePng } from './support';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(async () => {
  await server.close();
  removeDir(server.dataDir);
});

test('a manager signed in to the dashboard opens the A6 join card by the link; nobody else does', async () => {
  const signedIn = await fetch(`${server.url}/dashboard/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pin: demo.staffPins.find((p) => p.role === 'manager')!.pin }),
  });
  expect(signedIn.status).toBe(201);
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];

  const card = await fetch(`${server.url}/api/qr/join-card.pdf`, { headers: { cookie } });
  expect(card.status).toBe(200);
  expect(card.headers.get('content-type')).toBe('application/pdf');
  const pdf = Buffer.from(await card.arrayBuffer());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const qrText = card.headers.get('x-qr-text')!;
  expect(qrText).toMatch(new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/j/`));
  // The same session's join QR image carries a code a customer's phone can read.
  const png = await fetch(`${server.url}/api/qr/join`, { headers: { cookie } });
  expect(decodePng(Buffer.from(await png.arrayBuffer()))).toMatch(/\/j\//);

  expect((await fetch(`${server.url}/api/qr/join-card.pdf`)).status).toBe(401);
  const forged = await fetch(`${server.url}/api/qr/join-card.pdf`, {
    headers: { cookie: 'pos_dashboard=not-a-session' },
  });
  expect(forged.status).toBe(401);

  // The devices page's script has the link.
  const script = await (await fetch(`${server.url}/dashboard/app.js`)).text();
  expect(script).toContain('/api/qr/join-card.pdf');
}, 30_000);
