// One server per data directory: a second one appending to the same journal would corrupt it.
// The lock file names its owner: the pid, and on Linux the boot id and the process's start time,
// since a pid alone is reused: after a power cut the pid a LOCK names often belongs to another
// program by the time the server starts again. A lock whose owner is gone (a crash, SIGKILL, a
// restart of the computer) is taken over, with a warning; one whose owner runs is refused. Of
// starts racing to take over the same LOCK (a boot service and a double-click), one gets it.
import { createHash, randomUUID } from 'node:crypto';
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

/** The text of a LOCK (or of a claim on one), or null once it is gone. */
async function readLock(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Error codes of a file system without hard links (FAT, some network shares). */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EISDIR']);

/**
 * Creates `file` holding `text`; false if it is there already. Written aside and then linked into
 * place, it is never seen unwritten; without hard links it is written in place, so another start
 * may read it empty for a moment (what `unwrittenPatienceMs` allows for).
 */
async function createExclusive(file: string, text: string): Promise<boolean> {
  const written = `${file}.new-${randomUUID()}`;
  await fs.writeFile(written, text);
  try {
    await fs.link(written, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!noHardLinks.has(code)) throw error;
    return writeInPlace(file, text);
  } finally {
    await fs.rm(written, { force: true });
  }
}

async function writeInPlace(file: string, text: string): Promise<boolean> {
  try {
    await fs.writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A LOCK written in place (no hard links, or an older version) names no owner until written, so a
 * text naming none is judged left behind only once it has held this long; a write takes far less.
 */
const unwrittenPatienceMs = 500;
/** How often a start waiting on another's takeover of the same LOCK looks again. */
const takeoverPollMs = 20;

/** Whether `file` still holds `judged`, and held it a while if that names no owner. */
async function stillHolds(file: string, judged: string): Promise<boolean> {
  if ((await readLock(file)) !== judged) return false;
  if (parseLock(judged) !== null) return true;
  await sleep(unwrittenPatienceMs);
  return (await readLock(file)) === judged;
}

/**
 * Removes `file` if it still holds `judged`, a text its owner left behind; says whether this call
 * removed it. Starts racing to take the same LOCK over must not remove one another's new LOCK, so
 * only the start that creates the claim `<file>.taking-<digest of judged>` checks and removes it;
 * the others wait, then start over. Every text written here is unique (a nonce), so a LOCK holding
 * `judged` is the very one judged. A claim whose taker died before removing it is itself removed
 * the same way.
 */
async function removeLeftBehind(file: string, judged: string, self: string): Promise<boolean> {
  const digest = createHash('sha256').update(judged).digest('hex').slice(0, 16);
  const claim = `${file}.taking-${digest}`;
  if (await createExclusive(claim, self)) {
    try {
      const removable = await stillHolds(file, judged);
      if (removable) await fs.rm(file);
      return removable;
    } finally {
      await fs.rm(claim, { force: true });
    }
  }
  const claimText = await readLock(claim);
  if (claimText === null) return false;
  const taker = parseLock(claimText);
  if (taker !== null && goneBecause(taker) === null) await sleep(takeoverPollMs);
  else await removeLeftBehind(claim, claimText, self);
  return false;
}

/** What to say on taking over a LOCK naming `owner`; throws while that owner still holds it. */
function takeOverWarning(dir: string, owner: LockOwner | null): string | null {
  // The same process may reopen its own store (what its crash-recovery tests do).
  if (owner === null || owner.pid === process.pid) return null;
  const gone = goneBecause(owner);
  if (gone === null) throw new DataDirectoryInUseError(dir, owner.pid);
  return `data directory ${dir}: taking over the lock of process ${owner.pid}, ${gone}`;
}

/** Takes the directory's lock; resolves with the function that releases it. */
export async function lockDataDirectory(
  dir: string,
  { onWarning = (message) => process.emitWarning(message) }: LockOptions = {},
): Promise<() => Promise<void>> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, 'LOCK');
  // The nonce makes this LOCK's text its own: releasing and taking over compare texts.
  const self = JSON.stringify({ ...ownerOf(process.pid), nonce: randomUUID() });
  for (;;) {
    if (await createExclusive(file, self)) return () => releaseLock(file, self);
    const text = await readLock(file);
    if (text === null) continue;
    const warning = takeOverWarning(dir, parseLock(text));
    // Then create it anew: of starts racing, the first to create it holds the directory.
    if ((await removeLeftBehind(file, text, self)) && warning !== null) onWarning(warning);
  }
}

/** Removes the LOCK only while it is this lock's: a LOCK another server wrote since is its own. */
async function releaseLock(file: string, self: string): Promise<void> {
  if ((await readLock(file)) === self) await fs.rm(file, { force: true });
}
