// Chunking: records spread over keys of about 64 KB, one small write per change, nothing lost
// when WeChat refuses a write, and what another version left behind (a chunk, or a record in one)
// never overwritten.
import fc from 'fast-check';
import { StorageFullError } from '../../miniprogram/adapters/storage';
import { ChunkedTable, RecordTooLargeError } from '../../miniprogram/core/chunked-table';
import { CHUNK_TARGET_BYTES, MAX_RECORD_BYTES } from '../../miniprogram/core/storage-layout';
import { recordingStorage, type RecordingStorage } from './support/recording-storage';

interface Item {
  id: string;
  text: string;
}

const item = (n: number, bytes = 1000): Item => ({ id: `item-${n}`, text: 'x'.repeat(bytes) });

function tableOn(storage: RecordingStorage): ChunkedTable<Item> {
  return new ChunkedTable<Item>({
    storage,
    prefix: 'pos.test',
    idOf: (record) => record.id,
    parse: (raw) => {
      const record = raw as Item;
      return typeof record?.id === 'string' && typeof record.text === 'string' ? record : null;
    },
  });
}

function reload(storage: RecordingStorage): ChunkedTable<Item> {
  const table = tableOn(storage);
  table.load(storage.keys());
  return table;
}

let storage: RecordingStorage;
beforeEach(() => (storage = recordingStorage()));
afterEach(() => storage.standIn.dispose());

test('fills chunks to about 64 KB each, and adding a record writes one chunk only', () => {
  const table = tableOn(storage);
  for (let n = 0; n < 200; n++) {
    storage.reset();
    table.put(item(n));
    expect(storage.writes).toHaveLength(1);
  }
  const dump = storage.standIn.storage.dump();
  const chunkKeys = Object.keys(dump).filter((key) => key.startsWith('pos.test.'));
  expect(chunkKeys.length).toBe(Math.ceil((200 * 1020) / CHUNK_TARGET_BYTES));
  const sizes = chunkKeys.map((key) => Buffer.byteLength(JSON.stringify(dump[key])));
  for (const bytes of sizes) expect(bytes).toBeLessThanOrEqual(CHUNK_TARGET_BYTES);
  // Every chunk but the newest is full to within one record.
  for (const bytes of sizes.slice(0, -1)) expect(bytes).toBeGreaterThan(CHUNK_TARGET_BYTES - 1100);
  // The last write went to the newest chunk, and it was small.
  expect(storage.writes[0]).toBe(`pos.test.${chunkKeys.length - 1}`);
  expect(reload(storage).values()).toEqual(table.values());
});

test('flushOnly writes only the changed chunks holding the records named', () => {
  const table = tableOn(storage);
  for (let n = 0; n < 150; n++) table.put(item(n));
  table.stage({ ...item(0), text: 'first chunk' });
  table.stage({ ...item(149), text: 'last chunk' });
  storage.reset();
  table.flushOnly(['item-149', 'item-100', 'item-unknown']);
  expect(storage.writes).toEqual(['pos.test.2']);
  expect(table.hasUnflushed()).toBe(true);
  expect(reload(storage).get('item-149')?.text).toBe('last chunk');
  expect(reload(storage).get('item-0')?.text).toBe(item(0).text);
});

test('flushOnly and removeOnly leave the other changes in the same chunk unwritten', () => {
  const table = tableOn(storage);
  for (let n = 0; n < 10; n++) table.put(item(n));
  // Changes that must wait (the server's, at a full storage) beside ones that must not.
  table.stage({ ...item(1), text: 'waits' });
  table.stage(item(20));
  table.unstage('item-2');
  table.stage({ ...item(3), text: 'own' });
  table.stage(item(30));
  table.flushOnly(['item-3', 'item-30']);
  table.removeOnly(['item-4']);

  let stored = reload(storage);
  expect(stored.get('item-3')?.text).toBe('own');
  expect(stored.has('item-30')).toBe(true);
  expect(stored.has('item-4')).toBe(false);
  expect(stored.get('item-1')?.text).toBe(item(1).text);
  expect(stored.has('item-2')).toBe(true);
  expect(stored.has('item-20')).toBe(false);
  expect(table.hasUnflushed()).toBe(true);

  // What waited is written by the flush that follows.
  table.flush();
  stored = reload(storage);
  expect(stored.values()).toEqual(table.values());
  expect(stored.bytes()).toBe(table.bytes());
  expect(table.hasUnflushed()).toBe(false);
});

test('an update rewrites the chunk holding the record, in place', () => {
  const table = tableOn(storage);
  for (let n = 0; n < 150; n++) table.put(item(n));
  storage.reset();
  table.put({ id: 'item-3', text: 'changed' });
  expect(storage.writes).toEqual(['pos.test.0']);
  const again = reload(storage);
  expect(again.get('item-3')?.text).toBe('changed');
  expect(again.values().map((r) => r.id)).toEqual(table.values().map((r) => r.id));
});

test('removing records rewrites their chunks and removes the keys of emptied ones', () => {
  const table = tableOn(storage);
  for (let n = 0; n < 150; n++) table.put(item(n));
  storage.reset();
  table.removeMany(Array.from({ length: 70 }, (_, n) => `item-${n}`));
  expect(storage.removals).toEqual(['pos.test.0']);
  expect(storage.writes).toEqual(['pos.test.1']);
  expect(reload(storage).size).toBe(80);
});

test('a write WeChat refuses leaves the table as it was', () => {
  storage = recordingStorage({ storageQuotaBytes: 20 * 1024 });
  const table = tableOn(storage);
  let n = 0;
  expect(() => {
    for (; n < 100; n++) table.put(item(n));
  }).toThrow(StorageFullError);
  expect(table.size).toBe(n);
  expect(table.has(`item-${n}`)).toBe(false);
  expect(reload(storage).size).toBe(n);
});

test('refuses a record too large for one key, before writing anything', () => {
  const table = tableOn(storage);
  expect(() => table.put(item(1, 600 * 1024))).toThrow(RecordTooLargeError);
  expect(storage.writes).toEqual([]);
});

test('no key reaches 512 KB, which some Android devices refuse (they count UTF-16 units)', () => {
  storage.standIn.dispose();
  storage = recordingStorage({ storageKeyLimitBytes: 512 * 1024 });
  const table = tableOn(storage);
  table.put(item(1, MAX_RECORD_BYTES - 1024));
  // Small records sharing a chunk, grown in place until it is too big for them and they move.
  for (let n = 2; n <= 11; n++) table.put(item(n, 5 * 1024));
  for (let n = 2; n <= 11; n++) table.put(item(n, 90 * 1024));
  const again = reload(storage);
  expect(again.size).toBe(11);
  for (let n = 2; n <= 11; n++) expect(again.get(`item-${n}`)?.text).toHaveLength(90 * 1024);
});

test('a record in two chunks (a move cut short) keeps the later copy', () => {
  storage.set('pos.test.0', {
    v: 1,
    records: [
      { id: 'a', text: 'old' },
      { id: 'b', text: 'b' },
    ],
  });
  storage.set('pos.test.1', { v: 1, records: [{ id: 'a', text: 'new' }] });
  const table = reload(storage);
  expect(table.get('a')?.text).toBe('new');
  expect(table.size).toBe(2);
});

test('leaves a chunk it cannot read untouched, reports it, and writes new chunks after it', () => {
  storage.set('pos.test.0', 'not a chunk');
  const table = reload(storage);
  expect(table.problems[0]).toMatch(/pos\.test\.0 is not a chunk/);
  table.put(item(1));
  expect(storage.get('pos.test.0')).toBe('not a chunk');
  expect(storage.get('pos.test.1')).toMatchObject({ records: [{ id: 'item-1' }] });
});

test('a record it cannot read stays in its chunk, as it was, when the chunk is rewritten', () => {
  const foreign = { id: 'b', text: 42, addedByANewerVersion: true };
  storage.set('pos.test.0', { v: 1, records: [{ id: 'a', text: 'a' }, foreign] });
  const table = reload(storage);
  table.put(item(1));
  table.removeMany(['a', 'item-1']);
  expect(storage.get('pos.test.0')).toEqual({ v: 1, records: [foreign] });
  expect(table.problems).toEqual([expect.stringMatching(/pos\.test\.0 holds a record .* kept/)]);
  const again = reload(storage);
  expect(again.size).toBe(0);
  expect(again.unreadable()).toEqual([foreign]);
  expect(again.bytes()).toBe(table.bytes());
});

test('the running byte count and chunk numbers match a table loaded from what was written', () => {
  // Small chunks, so records come and go across many of them and the last one empties often.
  const small = () =>
    new ChunkedTable<Item>({
      storage,
      prefix: 'pos.test',
      idOf: (record) => record.id,
      parse: (raw) => raw as Item,
      targetChunkBytes: 3000,
    });
  const step = fc.oneof(
    fc.record({ kind: fc.constant('put' as const), n: fc.nat(30), bytes: fc.nat(1500) }),
    fc.record({ kind: fc.constant('stage' as const), n: fc.nat(30), bytes: fc.nat(1500) }),
    fc.record({ kind: fc.constant('remove' as const), ns: fc.array(fc.nat(30), { maxLength: 6 }) }),
  );
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      for (const key of storage.keys()) storage.remove(key);
      const table = small();
      for (const s of steps) {
        if (s.kind === 'put') table.put(item(s.n, s.bytes));
        else if (s.kind === 'stage') table.stage(item(s.n, s.bytes));
        else table.removeMany(s.ns.map((n) => `item-${n}`));
        if (s.kind !== 'stage') {
          const loaded = small();
          loaded.load(storage.keys());
          expect(table.bytes()).toBe(loaded.bytes());
          expect(table.values()).toEqual(loaded.values());
        }
      }
      // A record added after the newest chunk emptied goes where a freshly loaded table puts it.
      table.flush();
      const loaded = small();
      loaded.load(storage.keys());
      storage.reset();
      table.put(item(99));
      const written = [...storage.writes];
      for (const key of storage.keys()) storage.remove(key);
      storage.reset();
      loaded.put(item(99));
      expect(storage.writes).toEqual(written);
    }),
    { numRuns: 100 },
  );
});
