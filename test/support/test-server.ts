// A real in-store server on a loopback port with its data in a temporary directory.
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { createDemoStore, type DemoStore } from '../../sync-server/demo/demo-store';
import { startServer, type RunningServer, type StartOptions } from '../../sync-server/server';
import { makeTempDir, removeDir } from './temp-dir';
import { DEMO_STORE_FILE } from './demo-store-setup';
import { seededRandom } from './seeded-random';

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * The demo store every test server starts with (same PINs every run): under jest, the one
 * demo-store-setup.ts made for the whole run; elsewhere (the screens script), made here.
 */
export const demo: DemoStore = madeForTheRun() ?? createDemoStore(seededRandom(7));

function madeForTheRun(): DemoStore | null {
  const file = process.env[DEMO_STORE_FILE];
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoStore;
  } catch {
    return null;
  }
}

export interface TestServer extends RunningServer {
  dataDir: string;
}

/** Every test server started, in order: serverForEachTest closes those a test started. */
const started: TestServer[] = [];

export async function startTestServer(options: Partial<StartOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeTempDir();
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    seed: () => demo,
    ...options,
    dataDir,
  });
  const server = Object.assign(running, { dataDir });
  started.push(server);
  return server;
}

/**
 * A fresh server for each test of the file, handed to `use` (hooks registered after this one see
 * it). After each test `beforeClose` lets go of what the test opened (sockets, devices); then every
 * server the test started closes (one restarted on the same data too) and its data is removed.
 */
export function serverForEachTest(
  use: (server: TestServer) => void,
  {
    options = {},
    beforeClose,
  }: { options?: Partial<StartOptions>; beforeClose?: () => unknown } = {},
): void {
  let first = 0;
  beforeEach(async () => {
    first = started.length;
    use(await startTestServer(options));
  });
  afterEach(async () => {
    await beforeClose?.();
    const ours = started.splice(first);
    // Closing is idempotent: a server the test closed itself is let go again at no cost.
    for (const server of ours) await server.close();
    for (const dataDir of new Set(ours.map((server) => server.dataDir))) removeDir(dataDir);
  });
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A JSON request to the server's HTTP API. */
export async function api<T = Record<string, unknown>>(
  server: { url: string },
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body:
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export interface PairedTestDevice {
  deviceId: string;
  deviceCode: string;
  token: string;
}

/** Pairs a device over HTTP with a fresh code from the server. */
export async function pairTestDevice(
  server: RunningServer,
  name = 'Till 1',
  kind: 'tablet' | 'phone' | 'kiosk' = 'tablet',
): Promise<PairedTestDevice> {
  const { code } = server.pos.pairingCodes.issue();
  const response = await api<PairedTestDevice>(server, 'POST', '/api/pair', {
    body: { code, name, kind },
  });
  if (response.status !== 201) throw new Error(`pairing failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Signs a demo staff member in and returns the session token. */
export async function signIn(
  server: { url: string },
  role: 'manager' | 'cashier' = 'manager',
): Promise<string> {
  const staff = demo.staffPins.find((pin) => pin.role === role)!;
  const response = await api<{ token: string }>(server, 'POST', '/api/sessions', {
    body: { staffId: staff.staffId, pin: staff.pin },
  });
  if (response.status !== 201) throw new Error(`sign-in failed: ${JSON.stringify(response.body)}`);
  return response.body.token;
}
