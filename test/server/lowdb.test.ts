// lowdb 7 is ESM-only: it loads here through jest's transform (jest.config.js) and at run time
// through Node's require(esm). This proves both the loading and the durable adapter on real files.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { DurableJsonFile } from '../../sync-server/store/durable-json-file';
import { CorruptDataError } from '../../sync-server/store/errors';
import { makeTempDir, removeDir } from '../support/temp-dir';

const schema = z.object({ orders: z.array(z.object({ id: z.string(), total: z.number().int() })) });
type Data = z.infer<typeof schema>;

let dir: string;
beforeEach(() => (dir = makeTempDir('pos-lowdb-')));
afterEach(() => removeDir(dir));

const open = (file: string) =>
  new Low<Data>(new DurableJsonFile(file, (data) => schema.parse(data)), { orders: [] });

test('writes a lowdb file and reads it back', async () => {
  const file = path.join(dir, 'db.json');
  const db = open(file);
  await db.read();
  db.data.orders.push({ id: 'T1-1122-0001', total: 1230 });
  await db.write();
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
    orders: [{ id: 'T1-1122-0001', total: 1230 }],
  });

  const again = open(file);
  await again.read();
  expect(again.data.orders).toEqual([{ id: 'T1-1122-0001', total: 1230 }]);
});

test('a later change to the data cannot slip into a write already started', async () => {
  const file = path.join(dir, 'db.json');
  const db = open(file);
  db.data.orders.push({ id: 'a', total: 1 });
  const writing = db.write();
  db.data.orders.push({ id: 'b', total: 2 });
  await writing;
  expect(JSON.parse(readFileSync(file, 'utf8')).orders).toHaveLength(1);
});

test('a file that fails its schema is reported with the file and the field, and kept', async () => {
  const file = path.join(dir, 'db.json');
  writeFileSync(file, '{"orders":[{"id":"x","total":1.5}]}');
  const error = await open(file)
    .read()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CorruptDataError);
  expect((error as Error).message).toContain(`corrupt data file ${file}`);
  expect((error as Error).message).toContain('total');
  expect(readFileSync(file, 'utf8')).toBe('{"orders":[{"id":"x","total":1.5}]}');
});
