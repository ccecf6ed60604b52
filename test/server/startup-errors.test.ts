// A data directory or listening address the server cannot use stops the start with a message naming
// the setting and what to do, never a stack trace and never blamed on the wrong setting.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { ConfigError } from '../../sync-server/config';
import { listenProblem, prepareDataDir } from '../../sync-server/startup-problems';
import {
  killAllServers,
  spawnServer,
  spawnServerExpectingFailure,
} from '../support/server-process';
import { makeTempDir, removeDir } from '../support/temp-dir';

let dir: string;
beforeEach(() => (dir = makeTempDir('pos-startup-')));
afterEach(async () => {
  await killAllServers();
  chmodSync(dir, 0o700);
  removeDir(dir);
});

async function problem(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe('prepareDataDir', () => {
  it('makes a missing folder, nested too, and takes an existing one', async () => {
    const nested = path.join(dir, 'a', 'b');
    await prepareDataDir(nested);
    expect(statSync(nested).isDirectory()).toBe(true);
    await expect(prepareDataDir(nested)).resolves.toBeUndefined();
  });

  it('refuses a file, naming the setting and the path', async () => {
    const file = path.join(dir, 'data');
    writeFileSync(file, 'not a folder');
    expect(await problem(prepareDataDir(file))).toBe(
      `POS_DATA_DIR (config file key dataDir; default ./data): ${file} is a file, not a folder`,
    );
  });

  it('refuses a path through a file', async () => {
    const file = path.join(dir, 'data');
    writeFileSync(file, 'not a folder');
    expect(await problem(prepareDataDir(path.join(file, 'sub')))).toMatch(
      /^POS_DATA_DIR .*data\/sub cannot be made: a part of its path is a file$/,
    );
  });

  // root may write anywhere: the permission check only shows for another user.
  const asUser = process.getuid?.() === 0 ? it.skip : it;
  asUser('refuses a folder this user cannot write, and one it cannot make', async () => {
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      expect(await problem(prepareDataDir(locked))).toMatch(/locked is not writable by this user/);
      expect(await problem(prepareDataDir(path.join(locked, 'sub')))).toMatch(
        /sub cannot be made \(permission denied\)/,
      );
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});

describe('listenProblem', () => {
  const config = { port: 80, host: '0.0.0.0' };

  it('explains a port that needs administrator rights', () => {
    const error = Object.assign(new Error('listen EACCES'), { code: 'EACCES', syscall: 'listen' });
    expect(listenProblem(error, config)).toMatch(/^port 80 on 0.0.0.0 needs administrator rights/);
  });

  it('leaves a file permission error alone: it is not about the port', () => {
    const error = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/pos'"), {
      code: 'EACCES',
      syscall: 'mkdir',
    });
    expect(listenProblem(error, config)).toBeNull();
  });
});

test('the server started on a data directory that is a file says so and names POS_DATA_DIR', async () => {
  const file = path.join(dir, 'data');
  writeFileSync(file, 'not a folder');
  const { code, output } = await spawnServerExpectingFailure(file);
  expect(code).toBe(1);
  expect(output).toContain(
    `POS_DATA_DIR (config file key dataDir; default ./data): ${file} is a file`,
  );
  expect(output).not.toMatch(/^\s+at /m);
}, 30_000);

test('a first start that cannot listen leaves no store behind, so the next start shows the PINs', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = String((taken.address() as AddressInfo).port);
  const dataDir = path.join(dir, 'data');
  try {
    const failed = await spawnServerExpectingFailure(dataDir, { POS_PORT: port });
    expect(failed.code).toBe(1);
    expect(failed.output).toContain(`port ${port} on 127.0.0.1 is already in use`);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
  // The demo store it made had PINs nobody saw: kept, no manager could ever sign in.
  expect(readdirSync(dataDir)).toEqual([]);
  const server = await spawnServer(dataDir);
  expect(server.managerPin).toMatch(/^\d{6}$/);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);

  // A store that was announced is never touched by a later failed start.
  const again = createServer();
  await new Promise<void>((resolve) => again.listen(0, '127.0.0.1', resolve));
  const busy = String((again.address() as AddressInfo).port);
  try {
    expect((await spawnServerExpectingFailure(dataDir, { POS_PORT: busy })).code).toBe(1);
  } finally {
    await new Promise((resolve) => again.close(resolve));
  }
  expect(readdirSync(dataDir)).toContain('state.json');
}, 60_000);

test('a failed first start on a folder that is not quite empty removes only its own store, and the next start shows the PINs', async () => {
  // A dedicated disk's lost+found, a Mac's .DS_Store, a note the IT helper left: not the store's.
  const dataDir = path.join(dir, 'data');
  mkdirSync(path.join(dataDir, 'lost+found'), { recursive: true });
  writeFileSync(path.join(dataDir, 'lost+found', '#1234'), 'recovered block');
  writeFileSync(path.join(dataDir, '.DS_Store'), 'finder');
  writeFileSync(path.join(dataDir, 'README.txt'), 'the shop server data, do not delete');
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = String((taken.address() as AddressInfo).port);
  try {
    const failed = await spawnServerExpectingFailure(dataDir, { POS_PORT: port });
    expect(failed.code).toBe(1);
    expect(failed.output).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(failed.output).not.toMatch(/manager\)/);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
  expect(readdirSync(dataDir).sort()).toEqual(['.DS_Store', 'README.txt', 'lost+found']);
  expect(readdirSync(path.join(dataDir, 'lost+found'))).toEqual(['#1234']);
  expect(readFileSync(path.join(dataDir, 'README.txt'), 'utf8')).toBe(
    'the shop server data, do not delete',
  );

  // The store the failed start seeded had PINs nobody saw: kept, no manager could ever sign in.
  const server = await spawnServer(dataDir);
  expect(server.managerPin).toMatch(/^\d{6}$/);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['README.txt', 'state.json']));
}, 60_000);
