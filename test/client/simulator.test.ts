// The device simulator a newcomer runs: real devices on the stand-in sell offline, come back, and
// everything they sold reaches the server it started.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

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
