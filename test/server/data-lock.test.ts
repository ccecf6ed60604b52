// The data directory's LOCK after a power cut or a crash: the pid it names may now belong to another
// program, which is no server of this directory, so the store takes the lock over (saying so); a
// live server of the directory still keeps it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataDirectoryInUseError, lockDataDirectory } from '../../sync-server/store/data-lock';
import { killAllServers, spawnServer } from '../support/server-process';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { startTestServer, type TestServer } from '../support/test-server';

const onLinux = process.platform === 'linux';
const linuxOnly = onLinux ? test : test.skip;

let dir: string;
let unrelated: ChildProcess;
const opened: TestServer[] = [];
beforeEach(() => {
  dir = makeTempDir('pos-lock-');
  // Another program that happens to have the pid a LOCK names.
  unrelated = spawn('sleep', ['30'], { stdio: 'ignore' });
});
afterEach(async () => {
  unrelated.kill('SIGKILL');
  for (const server of opened.splice(0)) await server.close();
  await killAllServers();
  removeDir(dir);
});

const lockFile = () => path.join(dir, 'LOCK');

/** What /proc says of a process: its start time after boot (field 22 of its stat line). */
function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function leaveLock(owner: object): void {
  writeFileSync(lockFile(), JSON.stringify(owner));
}

async function openStore(): Promise<TestServer> {
  const server = await startTestServer({ dataDir: dir });
  opened.push(server);
  return server;
}

linuxOnly(
  "a LOCK written before the computer restarted opens, though its pid is another program's now",
  async () => {
    const pid = unrelated.pid!;
    leaveLock({ pid, bootId: 'a-boot-before-the-power-cut', startTime: startTimeOf(pid) });
    const warnings: string[] = [];
    await lockDataDirectory(dir, { onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual([
      `data directory ${dir}: taking over the lock of process ${pid}, written before the computer restarted`,
    ]);
  },
);

linuxOnly('a LOCK whose pid went to a process started since opens the store', async () => {
  const pid = unrelated.pid!;
  leaveLock({ pid, bootId: bootId(), startTime: '1' });
  const warnings: string[] = [];
  await lockDataDirectory(dir, { onWarning: (message) => warnings.push(message) });
  expect(warnings).toEqual([
    `data directory ${dir}: taking over the lock of process ${pid}, whose id another program has now`,
  ]);
});

linuxOnly(
  'the server starts on a data directory whose LOCK names a live, unrelated process',
  async () => {
    const pid = unrelated.pid!;
    leaveLock({ pid, bootId: 'a-boot-before-the-power-cut', startTime: startTimeOf(pid) });
    const server = await openStore();
    expect(server.store.state.staff).not.toEqual({});
    // The lock is the server's now.
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
  },
);

test('the server says it took a LOCK over in its own log, not as a Node process warning', async () => {
  const gone = spawn('true');
  await new Promise((resolve) => gone.once('exit', resolve));
  leaveLock({ pid: gone.pid, bootId: null, startTime: null });
  const logged: string[] = [];
  const server = await startTestServer({ dataDir: dir, onWarning: (m) => logged.push(m) });
  opened.push(server);
  expect(logged).toContainEqual(
    `data directory ${dir}: taking over the lock of process ${gone.pid}, which is no longer running`,
  );
});

test('a LOCK naming a process that is gone is taken over, saying so', async () => {
  const gone = spawn('true');
  await new Promise((resolve) => gone.once('exit', resolve));
  leaveLock({ pid: gone.pid, bootId: null, startTime: null });
  const warnings: string[] = [];
  await lockDataDirectory(dir, { onWarning: (message) => warnings.push(message) });
  expect(warnings).toEqual([
    `data directory ${dir}: taking over the lock of process ${gone.pid}, which is no longer running`,
  ]);
});

linuxOnly(
  'a LOCK naming a live process as it is (its boot and start time) is refused',
  async () => {
    const pid = unrelated.pid!;
    leaveLock({ pid, bootId: bootId(), startTime: startTimeOf(pid) });
    await expect(lockDataDirectory(dir)).rejects.toThrow(
      new DataDirectoryInUseError(dir, pid).message,
    );
  },
);

test('a bare pid (an older LOCK) of a live process is refused where nothing tells it apart', async () => {
  writeFileSync(lockFile(), String(unrelated.pid));
  await expect(lockDataDirectory(dir)).rejects.toBeInstanceOf(DataDirectoryInUseError);
});

test('a server running on the data directory keeps it: a second start is refused by name', async () => {
  const running = await spawnServer(dir);
  await expect(startTestServer({ dataDir: dir })).rejects.toThrow(
    `data directory ${dir} is in use by the server with process id ${running.child.pid}: stop it first`,
  );
});

test('a LOCK read while its owner is still writing it is not taken for one left empty', async () => {
  // A start that has just created the LOCK and not yet written its pid into it (as one does where
  // the disk has no hard links to put a LOCK in place whole, or an older version).
  const file = lockFile();
  writeFileSync(file, '');
  const locking = lockDataDirectory(dir, { onWarning: () => undefined });
  const written = new Promise((resolve) => setTimeout(resolve, 100)).then(() =>
    writeFileSync(file, String(unrelated.pid)),
  );
  const [outcome] = await Promise.allSettled([locking, written]);
  expect(outcome).toMatchObject({
    status: 'rejected',
    reason: expect.any(DataDirectoryInUseError),
  });
});

test('a LOCK left empty by a start that died while writing it is taken over', async () => {
  writeFileSync(lockFile(), '');
  await lockDataDirectory(dir);
  expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
});

test('releasing the lock removes the LOCK: the next start takes it without a warning', async () => {
  const release = await lockDataDirectory(dir);
  await release();
  expect(existsSync(lockFile())).toBe(false);
  const warnings: string[] = [];
  await lockDataDirectory(dir, { onWarning: (message) => warnings.push(message) });
  expect(warnings).toEqual([]);
});

test("releasing the lock leaves a LOCK another server has written since: it is that server's", async () => {
  const release = await lockDataDirectory(dir);
  // Another server took the directory over meanwhile (as a racing start did before).
  const other = String(unrelated.pid);
  writeFileSync(lockFile(), other);
  await release();
  expect(readFileSync(lockFile(), 'utf8')).toBe(other);
});

test('a takeover cut short by a crash, its claim on the LOCK left behind, keeps no later start out', async () => {
  const [owner, taker] = [spawn('true'), spawn('true')];
  await Promise.all([owner, taker].map((gone) => new Promise((done) => gone.once('exit', done))));
  const left = JSON.stringify({ pid: owner.pid, bootId: null, startTime: null });
  writeFileSync(lockFile(), left);
  // The start that died while taking that LOCK over left its claim, named for the LOCK's text.
  const digest = createHash('sha256').update(left).digest('hex').slice(0, 16);
  writeFileSync(
    `${lockFile()}.taking-${digest}`,
    JSON.stringify({ pid: taker.pid, bootId: null, startTime: null }),
  );
  const warnings: string[] = [];
  await lockDataDirectory(dir, { onWarning: (message) => warnings.push(message) });
  expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
  expect(warnings).toEqual([
    `data directory ${dir}: taking over the lock of process ${owner.pid}, which is no longer running`,
  ]);
  expect(readdirSync(dir)).toEqual(['LOCK']);
});
