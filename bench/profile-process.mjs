// Preloaded with `--import` (NODE_OPTIONS allows it, unlike --cpu-prof): profiles the whole process
// and writes <BENCH_PROFILE_DIR>/server-<pid>.cpuprofile as it exits. For the sync benchmark's server.
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // The main thread's session answers synchronously, so this works in an exit handler.
  process.on('exit', () =>
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, `server-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    }),
  );
}
