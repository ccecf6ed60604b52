// Requests anyone on the shop's Wi-Fi can send, without a token: WebSocket upgrades the sync channel
// refuses. The server must answer or drop them and keep running, in its own process (an uncaught
// error there would end it, and every till would lose sync).
import net from 'node:net';
import { killAllServers, spawnServer } from '../support/server-process';
import { makeTempDir, removeDir } from '../support/temp-dir';

let dataDir: string;
beforeEach(() => (dataDir = makeTempDir('pos-sec-upgrade-')));
afterEach(async () => {
  await killAllServers();
  removeDir(dataDir);
});

function sendRaw(url: string, text: string): Promise<string> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    const timer = setTimeout(() => socket.destroy(), 1500);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

test('a WebSocket upgrade to a malformed path is refused, and the server keeps running', async () => {
  const server = await spawnServer(dataDir);
  const answer = await sendRaw(
    server.url,
    'GET //[ HTTP/1.1\r\nHost: pos\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const exitedOrNot = await Promise.race([
    server.exited.then((code) => `exited with ${code}`),
    new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 1000)),
  ]);
  expect(exitedOrNot).toBe('still running');
  expect(answer).toMatch(/^HTTP\/1\.1 404 /);
  const health = await fetch(`${server.url}/api/health`);
  expect(health.status).toBe(200);
});

test('an upgrade to another path whose client resets the connection leaves the server running', async () => {
  const server = await spawnServer(dataDir);
  const { port } = new URL(server.url);
  let exited: string | null = null;
  void server.exited.then((code) => (exited = `exited with ${code}`));
  // Node takes its 'error' listener off a socket it hands to 'upgrade'; the 404 branch writes to
  // it with none of its own, so the ECONNRESET of a client gone first is an uncaught 'error'.
  for (let i = 0; i < 200 && exited === null; i++) {
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write(
          'GET /not-sync HTTP/1.1\r\nHost: pos\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
          () => {
            socket.resetAndDestroy();
            resolve();
          },
        ),
      );
      socket.on('error', () => resolve());
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(exited ?? 'still running').toBe('still running');
});
