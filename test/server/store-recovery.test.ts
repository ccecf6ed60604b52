// Recovery of the embedded store from its files: checkpoint (lowdb) plus the journal after it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../../sync-server/store/store';
import type { StoreOptions } from '../../sync-server/store/store-options';
import { saleOperation, trackedSkus } from '../support/sales';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { demo } from '../support/test-server';
import { hashToken } from '../../sync-server/store/store';

let dataDir: string;
const opened: Store[] = [];
beforeEach(() => (dataDir = makeTempDir('pos-store-')));
afterEach(async () => {
  // Stores a test dropped as if crashed are closed only now, after the test is over.
  for (const store of opened.splice(0)) await store.close();
  removeDir(dataDir);
});

const device = { deviceId: 'd_test0001', deviceCode: 'T1' };
const sku = trackedSkus[0].id;

async function openStore(options: Partial<StoreOptions> = {}): Promise<Store> {
  const store = await Store.open({
    dataDir,
    seed: () => demo,
    checkpointIntervalMs: 60_000,
    ...options,
  });
  opened.push(store);
  return store;
}

async function pair(store: Store): Promise<void> {
  await store.commit({
    kind: 'device.paired',
    device: {
      id: device.deviceId,
      code: 'T1',
      name: 'Till',
      kind: 'tablet',
      pairedAt: 1,
      revokedAt: null,
      ackedSeq: 0,
      missingSeqs: [],
      lastSeenAt: null,
      tokenHash: hashToken('t_secret-token-for-tests-0000000000000'),
      maxSeq: 0,
    },
  });
}

test('a store dropped without closing (a crash) recovers every durable operation from the journal', async () => {
  const store = await openStore();
  await pair(store);
  const startLevel = store.state.stock[sku].level;
  const ops = Array.from({ length: 25 }, (_, i) =>
    saleOperation({ device, seq: i + 1, items: [{ skuId: sku, qty: 1 }] }),
  );
  await store.submit(device.deviceId, ops);
  const cursor = store.cursor;
  // No close(): the checkpoint is the seed's; everything since is only in the journal.

  const recovered = await openStore();
  expect(recovered.orderCount).toBe(25);
  expect(recovered.state.stock[sku].level).toBe(startLevel - 25);
  expect(recovered.device(device.deviceId)).toMatchObject({ ackedSeq: 25, maxSeq: 25 });
  expect(recovered.cursor).toBe(cursor);
  expect((await recovered.submit(device.deviceId, ops.slice(0, 3))).map((r) => r.status)).toEqual([
    'duplicate',
    'duplicate',
    'duplicate',
  ]);
  await recovered.close();
});

test('after a clean close the checkpoint covers everything, and the history is rebuilt from the journal', async () => {
  const store = await openStore();
  await pair(store);
  const sales = [saleOperation({ device, seq: 1 }), saleOperation({ device, seq: 2 })];
  await store.submit(device.deviceId, sales);
  await store.close();
  const checkpoint = JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8'));
  expect(checkpoint.journalN).toBe(4);

  const reopened = await openStore();
  expect(reopened.orderCount).toBe(2);
  expect(reopened.changesSince(0)?.length).toBe(reopened.cursor);
  // The journal line holds each order once (in its operation); the order comes back whole.
  for (const sale of sales) {
    expect(reopened.order(sale.payload.id)).toEqual(sale.payload);
    expect(reopened.changesSince(0)).toContainEqual(
      expect.objectContaining({ kind: 'order', order: sale.payload }),
    );
  }
  await reopened.close();
});

test('a checkpoint in the middle: what came after it is replayed, what came before is not applied twice', async () => {
  const stateFile = path.join(dataDir, 'state.json');
  const store = await openStore({ checkpointIntervalMs: 0 });
  await pair(store);
  const startLevel = store.state.stock[sku].level;
  await store.submit(device.deviceId, [
    saleOperation({ device, seq: 1, items: [{ skuId: sku, qty: 1 }] }),
  ]);
  await waitFor(
    () => existsSync(stateFile) && JSON.parse(readFileSync(stateFile, 'utf8')).journalN === 3,
  );
  const checkpointAtThree = readFileSync(stateFile, 'utf8');
  await store.submit(device.deviceId, [
    saleOperation({ device, seq: 2, items: [{ skuId: sku, qty: 1 }] }),
  ]);
  await store.close();
  // As if the process died after entry 4 reached the journal but before its checkpoint.
  writeFileSync(stateFile, checkpointAtThree);

  const recovered = await openStore();
  expect(recovered.state.stock[sku].level).toBe(startLevel - 2);
  expect(recovered.state.journalN).toBe(4);
  expect(recovered.device(device.deviceId)).toMatchObject({ ackedSeq: 2 });
  await recovered.close();
});

test('a crash that wrote the end of a group but not its start drops the whole group and starts, with a warning', async () => {
  const stateFile = path.join(dataDir, 'state.json');
  const journalFile = path.join(dataDir, 'journal', '00000001.log');
  const store = await openStore({ checkpointIntervalMs: 0 });
  await pair(store);
  await waitFor(
    () => existsSync(stateFile) && JSON.parse(readFileSync(stateFile, 'utf8')).journalN === 2,
  );
  const checkpointBefore = readFileSync(stateFile, 'utf8');
  const groupAt = readFileSync(journalFile).length;
  const sales = [saleOperation({ device, seq: 1 }), saleOperation({ device, seq: 2 })];
  await store.submit(device.deviceId, sales);
  await store.close();
  // As if the process died in the group's fdatasync: its first 200 bytes never reached the disk,
  // the rest did; nothing of it was acknowledged, and no checkpoint covers it.
  const bytes = readFileSync(journalFile);
  bytes.fill(0, groupAt, groupAt + 200);
  writeFileSync(journalFile, bytes);
  writeFileSync(stateFile, checkpointBefore);

  const warnings: string[] = [];
  const recovered = await openStore({ onWarning: (warning) => warnings.push(warning) });
  expect(warnings).toEqual([
    `dropped a torn last line (${bytes.length - groupAt} bytes) of ${journalFile}`,
  ]);
  expect(recovered.orderCount).toBe(0);
  expect(recovered.device(device.deviceId)).toMatchObject({ ackedSeq: 0, maxSeq: 0 });
  // The device, never answered, pushes them again: they are applied now.
  const results = await recovered.submit(device.deviceId, sales);
  expect(results.map((result) => result.status)).toEqual(['applied', 'applied']);
  await recovered.close();
});

test('a checkpoint ahead of its journal (journal files lost) stops the start, naming the state file', async () => {
  const store = await openStore();
  await pair(store);
  await store.close();
  writeFileSync(path.join(dataDir, 'journal', '00000001.log'), '');
  await expect(openStore()).rejects.toThrow(
    `corrupt data file ${path.join(dataDir, 'state.json')}: it covers journal entry 2 but the journal ends at 0`,
  );
});

test('the seed runs once, for a new store only', async () => {
  let seeded = 0;
  const seed = () => (seeded++, demo);
  await (await Store.open({ dataDir, seed })).close();
  await (await Store.open({ dataDir, seed })).close();
  expect(seeded).toBe(1);
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
