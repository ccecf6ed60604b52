// A journal that can no longer write (a disk failure) must stop the store from changing memory: a
// device retrying its push would otherwise apply the same operation again at every retry, and
// memory would drift ever further from the journal. The failure is the one stand-in here: the
// journal's real file handle closed under it, as a dead disk leaves it.
import type { FileHandle } from 'node:fs/promises';
import { operationId, type Operation } from '@pos/shared';
import { Store } from '../../sync-server/store/store';
import { hashToken } from '../../sync-server/store/store';
import { trackedSkus } from '../support/sales';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { demo } from '../support/test-server';

let dataDir: string;
let store: Store | null = null;
beforeEach(() => (dataDir = makeTempDir('pos-journal-failure-')));
afterEach(async () => {
  // A store whose journal failed cannot close cleanly; its directory lock goes with the directory.
  await store?.close().catch(() => undefined);
  store = null;
  removeDir(dataDir);
});

const device = { deviceId: 'd_test0001', deviceCode: 'T1' };
const sku = trackedSkus[0].id;

function received(seq: number, qty: number): Operation {
  const at = Date.now();
  return {
    id: operationId(device.deviceId, seq),
    deviceId: device.deviceId,
    seq,
    createdAt: at,
    type: 'stock.received',
    payload: { skuId: sku, qty, at },
  };
}

async function openPairedStore(): Promise<Store> {
  const opened = await Store.open({ dataDir, seed: () => demo, checkpointIntervalMs: 60_000 });
  await opened.commit({
    kind: 'device.paired',
    device: {
      id: device.deviceId,
      code: device.deviceCode,
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
  return opened;
}

/** Closes the journal's segment under it: every later write fails, as on a dead disk. */
async function failTheDisk(opened: Store): Promise<void> {
  const { journal } = opened as unknown as { journal: { handle: FileHandle } };
  await journal.handle.close();
}

test('once the journal failed, a retried push is refused before it changes memory, however often it comes', async () => {
  store = await openPairedStore();
  const levelBefore = store.state.stock[sku].level;
  await failTheDisk(store);
  const first = received(1, 5);
  const second = received(2, 5);

  // The push that meets the failure was applied in memory before its write failed; it is not acked.
  await expect(store.submit(device.deviceId, [first])).rejects.toThrow('journal write failed');
  const levelAtFailure = store.state.stock[sku].level;
  const journalN = store.state.journalN;
  expect(levelAtFailure).toBe(levelBefore + 5);

  for (let retry = 0; retry < 3; retry++) {
    await expect(store.submit(device.deviceId, [first, second])).rejects.toThrow(
      'journal write failed',
    );
    expect(store.state.stock[sku].level).toBe(levelAtFailure);
    expect(store.state.journalN).toBe(journalN);
  }
  // A change made through the API is refused the same way, before it touches the state.
  await expect(store.commit({ kind: 'stock.set', skuId: sku, level: 1 })).rejects.toThrow(
    'journal write failed',
  );
  expect(store.state.stock[sku].level).toBe(levelAtFailure);
});
