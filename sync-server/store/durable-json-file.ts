// A lowdb adapter that survives power loss: write a temporary file, fsync it, rename it over the
// old one, fsync the directory. lowdb's own JSONFile renames without fsync.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { CorruptDataError } from './errors';
import { fsyncDirectory } from './journal';

export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    private readonly file: string,
    /** Checks what was read; throws with a message naming the bad field. */
    private readonly validate: (data: unknown) => T,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CorruptDataError(this.file, `not valid JSON (${(error as Error).message})`);
    }
    try {
      return this.validate(data);
    } catch (error) {
      throw new CorruptDataError(this.file, (error as Error).message);
    }
  }

  async write(data: T): Promise<void> {
    // Serialized before the first await: the caller may change `data` while the write is under way.
    const text = JSON.stringify(data);
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await fs.open(temporary, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, this.file);
    await fsyncDirectory(path.dirname(this.file));
  }
}
