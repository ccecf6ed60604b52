// A benchmark's scratch folder (up to ~130 MB in the temp directory) goes however the benchmark
// ends: stopped by Ctrl-C or SIGTERM (exit 130, its server processes stopped first) or failed
// (exit 1). Each run gets a temp directory of its own (TMPDIR), so what is left is easy to see.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '../..');
let tmp: string;
beforeEach(() => (tmp = makeTempDir('pos-bench-cleanup-')));
afterEach(() => removeDir(tmp));

/** Benchmarks' scratch folders in the run's temp directory (tsx keeps its cache there too). */
const scratchFolders = () => readdirSync(tmp).filter((name) => name.startsWith('pos-bench-'));

/** The pid of the server whose data directory is in the scratch folder, once one started. */
function serverPid(): number | null {
  for (const scratch of scratchFolders())
    for (const store of readdirSync(path.join(tmp, scratch), { withFileTypes: true })) {
      const lock = path.join(tmp, scratch, store.name, 'LOCK');
      if (store.isDirectory() && existsSync(lock))
        return (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
    }
  return null;
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a benchmark in its own process group (as a terminal runs `npm run`) with its temp
 * directory in `tmp`; `interrupt`, once `ready` holds, signals it (or, `group`, its whole group).
 */
async function runBench(
  script: string,
  {
    env = {},
    interrupt,
  }: {
    env?: Record<string, string>;
    interrupt?: { signal: NodeJS.Signals; ready: () => boolean; group?: boolean };
  } = {},
) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    detached: true,
    env: { ...process.env, ...env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Killed by a signal it did not handle: the signal's name, so that a failure says which.
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  let running = true;
  void exited.then(() => (running = false));
  try {
    if (interrupt) {
      const deadline = Date.now() + 30_000;
      while (running && !interrupt.ready() && Date.now() < deadline) await sleep(20);
      process.kill(interrupt.group ? -child.pid! : child.pid!, interrupt.signal);
    }
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
    const code = await exited;
    clearTimeout(timer);
    return { code, output };
  } finally {
    if (running) process.kill(-child.pid!, 'SIGKILL');
  }
}

test('Ctrl-C during npm run bench:server: exit 130, its scratch folder removed', async () => {
  const run = await runBench('bench/server.bench.ts', {
    interrupt: { signal: 'SIGINT', group: true, ready: () => serverPid() !== null },
  });
  expect(run).toMatchObject({ code: 130 });
  expect(scratchFolders()).toEqual([]);
}, 90_000);

// bench:server's Ctrl-C is above; SIGTERM to the process alone (not its group) is the same helper.
test.each(['bench/sync.bench.ts'])(
  'SIGTERM to %s alone: it stops its server, removes its scratch folder and exits 130',
  async (script) => {
    let pid: number | null = null;
    const run = await runBench(script, {
      interrupt: { signal: 'SIGTERM', ready: () => (pid = serverPid()) !== null },
    });
    expect(run).toMatchObject({ code: 130 });
    expect(scratchFolders()).toEqual([]);
    expect(pid).not.toBeNull();
    expect(isRunning(pid!)).toBe(false);
  },
  90_000,
);

test.each(['bench/recovery.bench.ts', 'bench/sync-floor.bench.ts'])(
  'Ctrl-C during %s: exit 130, its scratch folder removed',
  async (script) => {
    const run = await runBench(script, {
      interrupt: { signal: 'SIGINT', group: true, ready: () => scratchFolders().length > 0 },
    });
    expect(run).toMatchObject({ code: 130 });
    expect(scratchFolders()).toEqual([]);
  },
  90_000,
);

// The Ctrl-C that reaches the benchmark reaches its servers too; what their stopping fails can be
// read before the signal. The fixture makes that order certain.
test('a failure read before the Ctrl-C that caused it: still exit 130, not 1', async () => {
  const run = await runBench('test/build/fixtures/failure-with-ctrl-c.ts');
  expect(run).toMatchObject({ code: 130 });
  expect(scratchFolders()).toEqual([]);
}, 90_000);

test('a benchmark that fails (its server refuses to start) exits 1 and removes its scratch folder', async () => {
  const run = await runBench('bench/server.bench.ts', { env: { POS_NO_SUCH_SETTING: '1' } });
  expect(run).toMatchObject({ code: 1 });
  expect(run.output).toContain('POS_NO_SUCH_SETTING');
  expect(scratchFolders()).toEqual([]);
}, 90_000);
