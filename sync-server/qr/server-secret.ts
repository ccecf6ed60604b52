// The server's QR signing secret: 32 random bytes made on first start and kept in the data
// directory (owner-only), never in the repository; the same secret signs across restarts.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CorruptDataError } from '../store/errors';
import { fsyncDirectory } from '../store/journal';

export const QR_SECRET_FILE = 'qr-secret.key';
const SECRET_BYTES = 32;

/** Reads the secret from `dataDir`, making and saving it (durably) when there is none yet. */
export async function loadOrCreateQrSecret(dataDir: string): Promise<Uint8Array> {
  const file = path.join(dataDir, QR_SECRET_FILE);
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    if (!/^[0-9a-f]{64}$/.test(text))
      throw new CorruptDataError(
        file,
        'it must hold 64 hex digits (delete it to make a new secret; printed QR cards then stop working)',
      );
    return Uint8Array.from(Buffer.from(text, 'hex'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(SECRET_BYTES);
  const temp = `${file}.tmp`;
  const handle = await fs.open(temp, 'w', 0o600);
  try {
    await handle.writeFile(secret.toString('hex') + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
  await fsyncDirectory(dataDir);
  return Uint8Array.from(secret);
}
