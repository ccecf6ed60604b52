// Helper process for data-lock-takeover-race.test.ts (not a test): a server starting on each of the
// given data directories at its agreed moment, as two starts after a power cut would. It prints,
// one line a directory, whether it got the lock, and holds every lock it got until it is killed:
// a holder that exited would leave its lock to be taken over, rightly.
import { lockDataDirectory } from '../../sync-server/store/data-lock';

const [firstAt, gap, ...dirs] = process.argv.slice(2);

void (async () => {
  for (const [round, dir] of dirs.entries()) {
    const at = Number(firstAt) + round * Number(gap);
    while (Date.now() < at) {
      // Spin rather than sleep: both racers must call at the same millisecond.
    }
    const outcome = await lockDataDirectory(dir, { onWarning: () => undefined }).then(
      () => 'got',
      (error: Error) => (error.name === 'DataDirectoryInUseError' ? 'refused' : error.message),
    );
    process.stdout.write(`${outcome}\n`);
  }
  setInterval(() => undefined, 60_000);
})();
