// After a crash or power cut the LOCK names a process that is gone. Servers started at the same
// moment on that data directory (a service starting at boot and the owner's shortcut, or a
// double-click) must not each take it over: two appenders on one journal corrupt it. Three race
// here, not two: a takeover that moves a LOCK away even briefly lets a third start in.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '../..');
const trials = 16;

const racers: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(
    racers.splice(0).map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
          child.once('exit', resolve);
          child.kill('SIGKILL');
        }),
    ),
  );
  dirs.splice(0).forEach(removeDir);
});

/** A process taking the lock of each directory in turn; resolves with its outcome a directory. */
function racer(firstAt: number, gap: number): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/lock-racer.ts', String(firstAt), String(gap), ...dirs],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  racers.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const outcomes = out.split('\n').slice(0, -1);
      if (outcomes.length === dirs.length) resolve(outcomes);
    });
    child.once('exit', (code) => reject(new Error(`the racer exited (${code}) after: ${out}`)));
  });
}

test('three starts at once on a LOCK left by a dead server: exactly one of them holds the directory', async () => {
  for (let trial = 0; trial < trials; trial++) {
    const dir = makeTempDir('pos-lock-race-');
    dirs.push(dir);
    // Left by a server that died: no process has this pid (above Linux's largest).
    writeFileSync(
      path.join(dir, 'LOCK'),
      JSON.stringify({ pid: 4_200_000, bootId: null, startTime: null }),
    );
  }
  // Time enough for the processes to load before the first round.
  const firstAt = Date.now() + 3000;
  const byRacer = await Promise.all([1, 2, 3].map(() => racer(firstAt, 100)));
  const outcomes = byRacer.flat();
  expect(outcomes.filter((outcome) => outcome !== 'got' && outcome !== 'refused')).toEqual([]);
  const holders = dirs.map((_, trial) => byRacer.filter((own) => own[trial] === 'got').length);
  expect(holders).toEqual(Array(trials).fill(1));
}, 60_000);
