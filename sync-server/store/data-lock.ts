// One server per data directory: a second one appending to the same journal would corrupt it.
// The lock file holds the owner's pid; a lock left by a process that died (SIGKILL) is taken over.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export class DataDirectoryInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(`data directory ${dir} is in use by the server with process id ${pid}: stop it first`);
    this.name = 'DataDirectoryInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock; resolves with the function that releases it. */
export async function lockDataDirectory(dir: string): Promise<() => Promise<void>> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, 'LOCK');
  for (;;) {
    try {
      await fs.writeFile(file, String(process.pid), { flag: 'wx' });
      return () => fs.rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
    // The same process may reopen its own store (what its crash-recovery tests do).
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new DataDirectoryInUseError(dir, owner);
    }
    await fs.rm(file, { force: true });
  }
}
