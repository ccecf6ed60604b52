// One server per data directory: a second one appending to the same journal would corrupt it.
// The lock file names its owner: the pid, and on Linux the boot id and the process's start time,
// since a pid alone is reused: after a power cut the pid a LOCK names often belongs to another
// program by the time the server starts again. A lock whose owner is gone (a crash, SIGKILL, a
// restart of the computer) is taken over, with a warning; one whose owner runs is refused.
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';

export class DataDirectoryInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(`data directory ${dir} is in use by the server with process id ${pid}: stop it first`);
    this.name = 'DataDirectoryInUseError';
  }
}

/** Who holds the lock. `bootId` and `startTime` are null where /proc cannot tell (not Linux). */
interface LockOwner {
  pid: number;
  bootId: string | null;
  /** Clock ticks after boot the process started at (/proc/<pid>/stat field 22), as written there. */
  startTime: string | null;
}

/** Reads a file of /proc, or null where there is none (not Linux) or the process is gone. */
function readProc(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function bootId(): string | null {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

function startTimeOf(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // Field 2, the command's name in parentheses, may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[22 - 3] ?? null;
}

function ownerOf(pid: number): LockOwner {
  return { pid, bootId: bootId(), startTime: startTimeOf(pid) };
}

/** The owner a LOCK names: as this version writes it, a bare pid (older ones), or null if unreadable. */
function parseLock(text: string): LockOwner | null {
  const pidOnly = Number(text.trim());
  if (Number.isInteger(pidOnly) && pidOnly > 0)
    return { pid: pidOnly, bootId: null, startTime: null };
  try {
    const { pid, bootId, startTime } = JSON.parse(text) as Partial<LockOwner>;
    if (!Number.isInteger(pid) || pid! <= 0) return null;
    const textOrNull = (value: unknown) => (typeof value === 'string' ? value : null);
    return { pid: pid!, bootId: textOrNull(bootId), startTime: textOrNull(startTime) };
  } catch {
    return null;
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

/**
 * Why the owner a LOCK names no longer holds it, or null while it may: a live process with its pid,
 * the same boot and start time (or where /proc cannot tell them apart, as before they were kept).
 */
function goneBecause(recorded: LockOwner): string | null {
  if (!isAlive(recorded.pid)) return 'which is no longer running';
  const now = ownerOf(recorded.pid);
  if (recorded.bootId !== null && now.bootId !== null && recorded.bootId !== now.bootId)
    return 'written before the computer restarted';
  if (recorded.startTime !== null && now.startTime !== null && recorded.startTime !== now.startTime)
    return 'whose id another program has now';
  return null;
}

export interface LockOptions {
  /** Told when a lock left behind is taken over; Node's process warning (stderr) by default. */
  onWarning?: (message: string) => void;
}

/** Takes the directory's lock; resolves with the function that releases it. */
export async function lockDataDirectory(
  dir: string,
  { onWarning = (message) => process.emitWarning(message) }: LockOptions = {},
): Promise<() => Promise<void>> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, 'LOCK');
  const self = JSON.stringify(ownerOf(process.pid));
  for (;;) {
    try {
      await fs.writeFile(file, self, { flag: 'wx' });
      return () => fs.rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = parseLock(await fs.readFile(file, 'utf8').catch(() => ''));
    // The same process may reopen its own store (what its crash-recovery tests do).
    if (owner !== null && owner.pid !== process.pid) {
      const gone = goneBecause(owner);
      if (gone === null) throw new DataDirectoryInUseError(dir, owner.pid);
      onWarning(`data directory ${dir}: taking over the lock of process ${owner.pid}, ${gone}`);
    }
    await fs.rm(file, { force: true });
  }
}
