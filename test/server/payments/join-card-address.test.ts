// A counter card printed from the server's own browser (http://localhost:8787) must still lead a
// customer's phone to the server: its link names the LAN address, never the loopback one.
import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { lanAddresses } from '../../../sync-server/banner';
import { removeDir } from '../../support/temp-dir';
import { signIn, startTestServer, type TestServer } from '../../support/test-server';

let server: TestServer;
// Listening on every network, as a store's server does (POS_HOST defaults to 0.0.0.0).
beforeAll(async () => (server = await startTestServer({ host: '0.0.0.0' })));
afterAll(async () => {
  await server.close();
  removeDir(server.dataDir);
});

/** The QR text of a manager's request made as a browser on the server's computer makes it. */
function qrTextAsked(path: string, host: string, token: string, method = 'GET'): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const asked = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: { host, authorization: `Bearer ${token}` },
      },
      (response) => {
        let body = '';
        response.setEncoding('latin1').on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve(
            String(
              response.headers['x-qr-text'] ?? (JSON.parse(body) as { qrText: string }).qrText,
            ),
          ),
        );
      },
    );
    asked.on('error', reject).end();
  });
}

test('the join card, join QR and pairing QR asked for at localhost carry the LAN address', async () => {
  const manager = await signIn(server, 'manager');
  const { port } = new URL(server.url);
  const lan = lanAddresses(networkInterfaces());
  const expected = lan.length > 0 ? `http://${lan[0]}:${port}/j/` : `http://localhost:${port}/j/`;
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
    expect(await qrTextAsked('/api/qr/join-card.pdf', host, manager)).toMatch(
      new RegExp(`^${expected.replace(/[.[\]]/g, '\\$&')}`),
    );
    expect(await qrTextAsked('/api/qr/join', host, manager)).toMatch(/\/j\//);
  }
  const pairing = await qrTextAsked('/api/qr/pairing', `localhost:${port}`, manager, 'POST');
  expect(pairing.startsWith(expected.replace('/j/', '/pair?'))).toBe(true);
  // Asked by a LAN address, the card keeps it.
  expect(await qrTextAsked('/api/qr/join-card.pdf', `192.168.1.20:${port}`, manager)).toMatch(
    /^http:\/\/192\.168\.1\.20:\d+\/j\//,
  );
});
