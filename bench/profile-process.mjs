// Preloaded with `--import` (NODE_OPTIONS allows it, unlike --cpu-prof) into the sync benchmark's
// server: SIGUSR2 starts the CPU profiler, the next SIGUSR2 writes
// <BENCH_PROFILE_DIR>/server.cpuprofile, so that the profile covers the timed window only.
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.enable');
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      return session.post('Profiler.start');
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'server.cpuprofile'), JSON.stringify(result.profile));
    });
  });
}
