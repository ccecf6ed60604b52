// The dashboard's pairing QR carries an address the server listens on and the manager's browser
// reached it by, as /api/qr/pairing does: never the computer's first adapter regardless (a server
// bound to one address by POS_HOST, a computer with several adapters).
import { request as httpRequest } from 'node:http';
import type { NetworkInterfaceInfo } from 'node:os';
import { parsePairingLink } from '../../miniprogram/core/pairing';
import { decodePng } from './payments/support';
import { signIn, startTestServer, type TestServer } from '../support/test-server';
import { removeDir } from '../support/temp-dir';

// The computer's adapters, as the server reads them: a first one (a VPN, a second network card)
// that the tablets are not on, and the store's Wi-Fi.
const adapter = (address: string): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '02:00:00:00:00:01',
  internal: false,
  cidr: `${address}/24`,
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const os = require('node:os') as typeof import('node:os');
beforeEach(() => {
  jest.spyOn(os, 'networkInterfaces').mockReturnValue({
    lo: [{ ...adapter('127.0.0.1'), netmask: '255.0.0.0', internal: true, cidr: '127.0.0.1/8' }],
    vpn0: [adapter('10.20.30.40')],
    wlan0: [adapter('192.168.1.20')],
  });
});
afterEach(() => jest.restoreAllMocks());

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    await server.close();
    removeDir(server.dataDir);
  }
});
async function serverOn(host: string): Promise<TestServer> {
  const server = await startTestServer({ host });
  servers.push(server);
  return server;
}

interface Issued {
  code: string;
  payload: string;
  server: string;
  qr: string;
}

const tokens = new WeakMap<TestServer, Promise<string>>();

/** A manager's request as a browser that typed `host` into its address bar sends it. */
async function asked<T>(
  server: TestServer,
  method: string,
  path: string,
  host: string,
): Promise<T> {
  if (!tokens.has(server)) tokens.set(server, signIn(server));
  const token = await tokens.get(server)!;
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: { host: host.replace('PORT', port), authorization: `Bearer ${token}` },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(JSON.parse(text) as T));
      },
    );
    sent.on('error', reject).end();
  });
}

const pairingCode = (server: TestServer, host: string) =>
  asked<Issued>(server, 'POST', '/dashboard/api/pairing-code', host);
const qrPairing = (server: TestServer, host: string) =>
  asked<{ qrText: string }>(server, 'POST', '/api/qr/pairing', host);

/** The link and server address shown, and what the QR image reads. */
function shown(issued: Issued) {
  const png = Buffer.from(issued.qr.replace(/^data:image\/png;base64,/, ''), 'base64');
  return { payload: issued.payload, server: issued.server, qr: decodePng(png) };
}

test('POS_HOST=127.0.0.1: the QR names 127.0.0.1, the one address the server listens on', async () => {
  const server = await serverOn('127.0.0.1');
  const { port } = new URL(server.url);
  const issued = await pairingCode(server, '127.0.0.1:PORT');
  expect(issued.code).toMatch(/^\d{6}$/);
  expect(shown(issued)).toEqual({
    payload: `http://127.0.0.1:${port}/pair?code=${issued.code}`,
    server: `127.0.0.1:${port}`,
    qr: `http://127.0.0.1:${port}/pair?code=${issued.code}`,
  });
  // localhost too: with the server on loopback only, a LAN address would lead nowhere.
  expect((await pairingCode(server, 'localhost:PORT')).server).toBe(`localhost:${port}`);
});

test('several adapters: the QR names the address the manager’s browser reached, as /api/qr/pairing does', async () => {
  const server = await serverOn('0.0.0.0');
  const { port } = new URL(server.url);
  const issued = await pairingCode(server, '192.168.1.20:PORT');
  expect(shown(issued)).toEqual({
    payload: `http://192.168.1.20:${port}/pair?code=${issued.code}`,
    server: `192.168.1.20:${port}`,
    qr: `http://192.168.1.20:${port}/pair?code=${issued.code}`,
  });
  const viaQrRoute = await qrPairing(server, '192.168.1.20:PORT');
  expect(new URL(viaQrRoute.qrText).host).toBe(`192.168.1.20:${port}`);
  // From the server computer's own browser: the LAN address the banner lists first, as there.
  expect((await pairingCode(server, 'localhost:PORT')).server).toBe(`10.20.30.40:${port}`);
  expect(new URL((await qrPairing(server, 'localhost:PORT')).qrText).host).toBe(
    `10.20.30.40:${port}`,
  );
});

test('reached on port 80 (a Host without a port), /api/qr/pairing’s link spells the port out for the till', async () => {
  const server = await serverOn('0.0.0.0');
  const { port } = new URL(server.url);
  const { qrText } = await qrPairing(server, '192.168.1.20');
  expect(new URL(qrText).host).toBe(`192.168.1.20:${port}`);
  expect(parsePairingLink(qrText)).toMatchObject({ serverAddress: `192.168.1.20:${port}` });
  // The dashboard's code already did; both say the same.
  expect((await pairingCode(server, '192.168.1.20')).server).toBe(`192.168.1.20:${port}`);
});
