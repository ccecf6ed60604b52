// What stops a start, said with the setting to change: a data directory that cannot be used, a port
// or address the server cannot listen on. Checked by the entry file (main.ts) before and while the
// server starts; loading the settings themselves is config.ts.
import { constants as fsConstants, promises as fs } from 'node:fs';
import { ConfigError, type ServerConfig } from './config';

/** How the data directory is named in messages: the variable, the file key and the default. */
const dataDirSetting = 'POS_DATA_DIR (config file key dataDir; default ./data)';

/**
 * Makes sure the data directory is a folder this user can write, creating it when missing, so a
 * wrong path stops the start with a message naming the setting instead of a stack trace from the
 * store (or, for EACCES, a message blaming the port).
 */
export async function prepareDataDir(dir: string): Promise<void> {
  const problem = (what: string) => new ConfigError([`${dataDirSetting}: ${dir} ${what}`]);
  const stat = await fs.stat(dir).catch(() => null);
  if (stat && !stat.isDirectory()) throw problem('is a file, not a folder');
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOTDIR' || code === 'EEXIST')
      throw problem('cannot be made: a part of its path is a file');
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
    throw problem(
      `cannot be made (${reason ?? String(error)}): choose a folder this user can write`,
    );
  }
  try {
    await fs.access(dir, fsConstants.R_OK | fsConstants.W_OK | fsConstants.X_OK);
  } catch {
    throw problem(
      'is not writable by this user: choose another folder or give this user write access',
    );
  }
}

/**
 * What a manager can do about a port or address the server could not listen on, or null for an
 * error that is not about listening (a file's EACCES is not the port's).
 */
export function listenProblem(
  error: unknown,
  config: Pick<ServerConfig, 'port' | 'host'>,
): string | null {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (syscall !== 'listen' && syscall !== 'getaddrinfo') return null;
  const where = `port ${config.port} on ${config.host}`;
  switch (code) {
    case 'EADDRINUSE':
      return `${where} is already in use: another server (or this one) may be running; stop it or set POS_PORT to another port`;
    case 'EACCES':
      return `${where} needs administrator rights: set POS_PORT to a port above 1023, such as 8787`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name ${config.host} could not be resolved: set POS_HOST to 0.0.0.0 (every network) or one of this machine's addresses`;
    case 'EADDRNOTAVAIL':
      return `${config.host} is not an address of this machine: set POS_HOST to 0.0.0.0 (every network) or one of its own addresses`;
    default:
      return null;
  }
}
