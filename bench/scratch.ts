// A benchmark's scratch folder in the temp directory (its stores take up to ~130 MB), removed
// however the benchmark ends: done, failed, or stopped by Ctrl-C or SIGTERM. The server processes
// it started are stopped first: one left running would write on into the folder.
import { killAllServers } from '../test/support/server-process';
import { makeTempDir, removeDir } from '../test/support/temp-dir';

/** The exit code of a run stopped by a signal, as a shell reports one stopped by Ctrl-C. */
const INTERRUPTED = 130;

/** Resolves after the event loop's next poll, where a signal already delivered is handled. */
const afterNextPoll = () =>
  new Promise<void>((resolve) => setImmediate(() => setImmediate(() => resolve())));

/**
 * Runs a benchmark in a fresh scratch folder named `prefix...`. A failure is printed and exits 1;
 * a signal exits 130. Either way the servers are stopped and the folder removed first.
 */
export async function runInScratch(
  prefix: string,
  benchmark: (scratch: string) => Promise<void>,
): Promise<void> {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping the benchmark's servers and removing ${scratch}`);
    void cleanUp().finally(() => process.exit(INTERRUPTED));
  };
  // Listening first: a signal is handled on the next turn, by when the folder is made and named.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const scratch = makeTempDir(prefix);
  const cleanUp = async () => {
    await killAllServers();
    removeDir(scratch);
  };
  try {
    await benchmark(scratch);
  } catch (error) {
    // Stopped servers fail what was waiting on them: the signal's handler ends the run.
    if (interrupted) return;
    // Ctrl-C reaches the servers too, and a socket they closed can be read in the same poll as
    // the signal, before it (libuv hands signals out last): a failure is the run's only once the
    // signal has had its turn.
    await afterNextPoll();
    if (interrupted) return;
    console.error(error);
    await cleanUp();
    process.exit(1);
  }
  if (interrupted) return;
  await cleanUp();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
