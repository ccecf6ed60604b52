// The device simulator a newcomer runs: real devices on the stand-in sell offline, come back, and
// everything they sold reaches the server it started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { killAllServers, spawnServer } from '../support/server-process';
import { makeTempDir, removeDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '../..');

test('npm run simulate: two devices sell offline, reconnect, and every order reaches the server', () => {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/simulate.ts',
      '--devices',
      '2',
      '--orders',
      '6',
      '--offline',
      '1s',
      '--rate',
      '20',
    ],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('network down for 1 s');
  expect(run.stdout).toMatch(/T1: sold 6 orders \(¥[\d.]+\), synced 6, still pending 0/);
  expect(run.stdout).toMatch(/P1: sold 6 orders \(¥[\d.]+\), synced 6, still pending 0/);
  expect(run.stdout).toContain('server holds 12 orders in all');
}, 90_000);

test('a bad option gets a message naming it and the usage', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/simulate.ts', '--offline', 'soon'],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('--offline "soon" is not a duration such as 30s, 2m or 500ms');
  expect(run.stderr).toContain('usage: npm run simulate');
}, 60_000);

function simulate(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

test('--offline past 24 hours is refused, naming the value and the most it takes', () => {
  // Past Node's timer limit (24.8 days) it said "network down for 2400000 s" and came back at once.
  const run = simulate(['--devices', '1', '--orders', '2', '--offline', '40000m']);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('--offline "40000m" is longer than the most it takes, 24 hours');
  expect(run.stderr).not.toContain('TimeoutOverflowWarning');
  expect(run.stdout).not.toContain('network down');
}, 60_000);

test('--help prints the usage with every option and exits 0', () => {
  const run = simulate(['--help']);
  expect(run.status).toBe(0);
  for (const flag of ['--devices', '--orders', '--offline', '--rate', '--server', '--manager-pin'])
    expect(run.stdout).toContain(flag);
}, 60_000);

test('--server takes the address the banner prints, and names a server that does not answer', async () => {
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));

  const run = simulate(['--server', `127.0.0.1:${port}`, '--manager-pin', '123456']);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(
    `cannot reach the server at http://127.0.0.1:${port} (ECONNREFUSED)`,
  );
  expect(run.stderr).not.toContain('fetch failed');

  const bad = simulate(['--server', 'ftp://till', '--manager-pin', '123456']);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('--server "ftp://till" is not a server address');
}, 60_000);

describe('against a running server', () => {
  let dir: string;
  beforeEach(() => (dir = makeTempDir('pos-simulate-server-')));
  afterEach(async () => {
    await killAllServers();
    removeDir(dir);
  });

  /** The simulator while this process goes on reading the server's output. */
  function simulateAside(args: string[]) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], {
      cwd: root,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('exit', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      }),
    );
  }

  test("a cashier's --manager-id and --manager-pin: a message saying a manager is needed, with the server's", async () => {
    const server = await spawnServer(dir);
    // The first start prints every demo PIN; 李晓 is a cashier, who signs in but may not pair.
    const cashierPin = /^\s+(\d{6})\s.*李晓/m.exec(server.output())![1];
    const run = await simulateAside([
      ...['--server', server.url, '--manager-id', 'staff-cashier-1', '--manager-pin', cashierPin],
      ...['--devices', '1', '--orders', '1'],
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain('Cannot read properties');
    expect(run.stderr).toContain('--manager-id: staff-cashier-1 signed in');
    expect(run.stderr).toContain('only a manager may do this');
    expect(run.stderr).toContain("needs a manager's --manager-id and --manager-pin");
  }, 90_000);
});

test('Ctrl-C stops the run with what it sold so far, and removes the server it started', async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/simulate.ts',
      '--devices',
      '1',
      '--orders',
      '1000',
      '--rate',
      '20',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 30_000;
    while (!/T1: sold [1-9]/.test(output) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
  } finally {
    child.kill('SIGKILL');
  }
  const dataDir = /\(data in (.+)\)/.exec(output)![1];
  expect(output).toContain('interrupted (SIGINT)');
  expect(output).toMatch(/T1: sold \d+ orders/);
  expect(existsSync(dataDir)).toBe(false);
}, 60_000);
