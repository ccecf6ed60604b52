// The real server as a child process (`sync-server/main.ts`), so a test can kill it with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { SERVER_BUNDLE_FILE } from './server-bundle';

const root = path.resolve(__dirname, '../..');

/** Servers started and not yet exited: a failed test must not leave one running. */
const running = new Set<ChildProcess>();

/** Kills every server process still running (call from afterEach). */
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export interface ServerProcess {
  url: string;
  pairingCode: string;
  /** The demo manager's PIN, printed on the first start only (null on later starts). */
  managerPin: string | null;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string>;
}

/**
 * How to run `sync-server/main.ts`: under jest, the bundle global-setup.ts made for the run;
 * elsewhere (the benchmarks), through tsx as `npm start` does.
 */
function serverArgs(): string[] {
  const bundle = process.env[SERVER_BUNDLE_FILE];
  return bundle ? [bundle] : ['--import', 'tsx', 'sync-server/main.ts'];
}

/** Runs `sync-server/main.ts` on a data directory, in the repository as `npm start` does, collecting what it prints. */
function runMain(dataDir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, serverArgs(), {
    cwd: root,
    env: {
      ...process.env,
      POS_DATA_DIR: dataDir,
      POS_PORT: '0',
      POS_HOST: '127.0.0.1',
      POS_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, output: () => output, exited };
}

/** Starts the server and waits for its "server started" log line (so the log level must be info or lower). */
export async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const { child, output, exited } = runMain(dataDir, env);
  const started = await Promise.race([
    (async () => {
      const deadline = Date.now() + 30_000;
      while (!/"msg":"server started"/.test(output())) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return true;
    })(),
    exited.then(() => false),
  ]);
  if (!started) {
    child.kill('SIGKILL');
    throw new Error(`server did not start:\n${output()}`);
  }
  const port = /"port":(\d+)/.exec(output())![1];
  const pairingCode = /pairing code\): (\d{6})/.exec(output())![1];
  const managerPin = /^\s+(\d{6})\s.*manager\)/m.exec(output())?.[1] ?? null;
  return { url: `http://127.0.0.1:${port}`, pairingCode, managerPin, child, output, exited };
}

/**
 * Starts the server and sends it `signal` the moment its "server started" line arrives, as a
 * service manager may; resolves with its exit code (or the signal that killed it).
 */
export async function stopAsItStarts(
  dataDir: string,
  signal: NodeJS.Signals,
): Promise<number | string> {
  const { child, output, exited } = runMain(dataDir, {});
  let sent = false;
  child.stdout!.on('data', () => {
    // Once: a second signal is the server's "exit now".
    if (sent || !/"msg":"server started"/.test(output())) return;
    sent = true;
    child.kill(signal);
  });
  return exited;
}

/** Starts the server expecting it to refuse: resolves with its exit code and what it printed. */
export async function spawnServerExpectingFailure(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ code: number | string; output: string }> {
  const { output, exited } = runMain(dataDir, env);
  return { code: await exited, output: output() };
}

/** A loopback port free now: a server killed and started again on it is found by its devices. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
