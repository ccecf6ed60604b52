// The journal on real files: group commit, torn tails, corruption, segments.
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CorruptDataError } from '../../sync-server/store/errors';
import { Journal } from '../../sync-server/store/journal';
import { makeTempDir, removeDir } from '../support/temp-dir';

interface Entry {
  n: number;
  text: string;
}

let dir: string;
const opened: Array<Journal<Entry>> = [];
beforeEach(() => (dir = makeTempDir('pos-journal-')));
afterEach(async () => {
  // A journal a test only read from is closed here (closing twice is harmless).
  await Promise.all(opened.splice(0).map((journal) => journal.close()));
  removeDir(dir);
});

async function openJournal(options: Parameters<typeof Journal.open>[2] = {}) {
  const read: Entry[] = [];
  const journal = await Journal.open<Entry>(dir, (entry) => read.push(entry), options);
  opened.push(journal);
  return { journal, read };
}

async function writeEntries(count: number, from = 1): Promise<void> {
  const { journal } = await openJournal();
  for (let n = from; n < from + count; n++) journal.append({ n, text: `entry ${n}` });
  await journal.close();
}

test('entries appended together become durable together and read back in order', async () => {
  const { journal } = await openJournal();
  for (let n = 1; n <= 100; n++) journal.append({ n, text: `entry ${n}` });
  expect(journal.lastDurableN).toBe(0);
  await journal.flush();
  expect(journal.lastDurableN).toBe(100);
  await journal.close();

  const { read } = await openJournal();
  expect(read.map((e) => e.n)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  expect(read[41].text).toBe('entry 42');
});

test('appends made while a write is in flight go out in the next write', async () => {
  const { journal } = await openJournal();
  journal.append({ n: 1, text: 'a' });
  const first = journal.flush();
  journal.append({ n: 2, text: 'b' });
  journal.append({ n: 3, text: 'c' });
  const second = journal.flush();
  await first;
  await second;
  expect(journal.lastDurableN).toBe(3);
  await journal.close();
});

test('an entry out of order is refused', async () => {
  const { journal } = await openJournal();
  journal.append({ n: 1, text: 'a' });
  expect(() => journal.append({ n: 3, text: 'c' })).toThrow('journal entry 3 appended after 1');
  await journal.close();
});

test('a torn last line is dropped and the journal goes on from the last good entry', async () => {
  await writeEntries(5);
  const file = path.join(dir, '00000001.log');
  appendFileSync(file, '1234abcd\t{"n":6,"te');
  const warnings: string[] = [];
  const { journal, read } = await openJournal({
    onTornTail: (f, bytes) => warnings.push(`${f}:${bytes}`),
  });
  expect(read).toHaveLength(5);
  expect(warnings).toEqual([`${file}:${'1234abcd\t{"n":6,"te'.length}`]);
  journal.append({ n: 6, text: 'after the crash' });
  await journal.close();
  const { read: again } = await openJournal();
  expect(again.map((e) => e.text)).toContain('after the crash');
});

test('a reader beside the writer reads every entry and leaves a line still being written alone', async () => {
  await writeEntries(5);
  const file = path.join(dir, '00000001.log');
  appendFileSync(file, '1234abcd\t{"n":6,"te');
  const bytes = readFileSync(file);
  const read: Entry[] = [];
  expect(await Journal.read<Entry>(dir, (entry) => read.push(entry))).toBe(5);
  expect(read.map((entry) => entry.n)).toEqual([1, 2, 3, 4, 5]);
  expect(readFileSync(file).equals(bytes)).toBe(true);
});

test('NUL bytes a crash left unwritten before a torn line are dropped too', async () => {
  await writeEntries(3);
  appendFileSync(path.join(dir, '00000001.log'), '\0\0\0\0\n\0\0');
  const { journal, read } = await openJournal();
  expect(read).toHaveLength(3);
  await journal.close();
});

test('a crash that wrote the end of a group but not its start: the NULs and every line after them are dropped', async () => {
  await writeEntries(3);
  const file = path.join(dir, '00000001.log');
  const groupAt = readFileSync(file).length;
  await writeEntries(3, 4);
  // The block holding the group's first bytes never reached the disk; the later ones did.
  const bytes = readFileSync(file);
  bytes.fill(0, groupAt, groupAt + 20);
  writeFileSync(file, bytes);
  const warnings: string[] = [];
  const { journal, read } = await openJournal({
    onTornTail: (f, dropped) => warnings.push(`${f}:${dropped}`),
  });
  expect(read.map((e) => e.n)).toEqual([1, 2, 3]);
  expect(warnings).toEqual([`${file}:${bytes.length - groupAt}`]);
  expect(readFileSync(file).length).toBe(groupAt);
  journal.append({ n: 4, text: 'after the crash' });
  await journal.close();
  const { read: again } = await openJournal();
  expect(again.map((e) => e.text)).toEqual(['entry 1', 'entry 2', 'entry 3', 'after the crash']);
});

test('NULs at the start of a line in an older segment are corruption: nothing is dropped', async () => {
  const { journal } = await openJournal({ segmentBytes: 60 });
  for (let n = 1; n <= 6; n++) {
    journal.append({ n, text: `entry number ${n}` });
    await journal.flush();
  }
  await journal.close();
  const file = path.join(dir, '00000001.log');
  const bytes = readFileSync(file);
  bytes.fill(0, 0, 10);
  writeFileSync(file, bytes);
  await expect(openJournal()).rejects.toThrow(`corrupt data file ${file}: line 1: no checksum`);
  expect(readFileSync(file).equals(bytes)).toBe(true);
});

test('a complete last line with a bad checksum is corruption, not a torn write: nothing is dropped', async () => {
  await writeEntries(3);
  const file = path.join(dir, '00000001.log');
  const text = readFileSync(file, 'utf8').replace('entry 3', 'entry 8');
  writeFileSync(file, text);
  await expect(openJournal()).rejects.toThrow(
    `corrupt data file ${file}: line 3: checksum mismatch`,
  );
  expect(readFileSync(file, 'utf8')).toBe(text);
});

test('a bad line followed by good ones is corruption: the start stops and names the file and line', async () => {
  await writeEntries(5);
  const file = path.join(dir, '00000001.log');
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[2] = lines[2].replace('entry 3', 'entry 9');
  writeFileSync(file, lines.join('\n'));
  const before = readFileSync(file, 'utf8');

  await expect(openJournal()).rejects.toThrow(CorruptDataError);
  await expect(openJournal()).rejects.toThrow(
    `corrupt data file ${file}: line 3: checksum mismatch`,
  );
  expect(readFileSync(file, 'utf8')).toBe(before);
});

test('a missing entry in the middle is corruption', async () => {
  await writeEntries(4);
  const file = path.join(dir, '00000001.log');
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.splice(1, 1);
  writeFileSync(file, lines.join('\n'));
  await expect(openJournal()).rejects.toThrow('line 2: entry 3 follows entry 1');
});

test('a group larger than a write may be goes out in parts of whole lines, each in one segment', async () => {
  // The segment's size is the small stand-in for the few MB a write may take (MAX_WRITE_CHARS).
  const segmentBytes = 300;
  const { journal } = await openJournal({ segmentBytes });
  for (let n = 1; n <= 30; n++) journal.append({ n, text: `entry number ${n}` });
  await journal.flush();
  expect(journal.lastDurableN).toBe(30);
  await journal.close();
  const segments = readdirSync(dir).sort();
  expect(segments.length).toBeGreaterThan(3);
  for (const name of segments) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    expect(text.length).toBeLessThanOrEqual(segmentBytes);
    expect(text.endsWith('\n')).toBe(true);
  }
  const { read } = await openJournal({ segmentBytes });
  expect(read.map((e) => e.n)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
});

test('segments roll over past their size and are read back in order', async () => {
  const { journal } = await openJournal({ segmentBytes: 200 });
  for (let n = 1; n <= 30; n++) {
    journal.append({ n, text: `entry number ${n}` });
    await journal.flush();
  }
  await journal.close();
  expect(readdirSync(dir).length).toBeGreaterThan(3);
  const { read } = await openJournal({ segmentBytes: 200 });
  expect(read.map((e) => e.n)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
});
