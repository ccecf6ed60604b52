// When the store writes its checkpoint (state.json): on time whatever the wall clock does, and not
// at all, nor tried again and again, once the journal has failed. Real store, real files.
import type { FileHandle } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Store } from '../../sync-server/store/store';
import { hashToken } from '../../sync-server/store/store';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { demo } from '../support/test-server';

let dataDir: string;
let store: Store | null = null;
beforeEach(() => (dataDir = makeTempDir('pos-checkpoint-')));
afterEach(async () => {
  await store?.close().catch(() => undefined);
  store = null;
  removeDir(dataDir);
});

function pairing(id: string) {
  return {
    kind: 'device.paired' as const,
    device: {
      id,
      code: id.slice(-2).toUpperCase(),
      name: 'Till',
      kind: 'tablet' as const,
      pairedAt: 1,
      revokedAt: null,
      ackedSeq: 0,
      missingSeqs: [],
      lastSeenAt: null,
      tokenHash: hashToken(`t_secret-token-for-tests-${id}-000000000`),
      maxSeq: 0,
    },
  };
}

/** The journal entry state.json holds, or -1 before the first checkpoint. */
function checkpointedN(): number {
  const file = path.join(dataDir, 'state.json');
  if (!existsSync(file)) return -1;
  return (JSON.parse(readFileSync(file, 'utf8')) as { journalN: number }).journalN;
}

async function until(check: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

test('a wall clock set back an hour (an NTP correction) does not hold back the next checkpoint', async () => {
  let wallClock = Date.now();
  store = await Store.open({
    dataDir,
    seed: () => demo,
    now: () => wallClock,
    checkpointIntervalMs: 50,
  });
  await store.commit(pairing('d_checkpt01'));
  const first = store.state.journalN;
  expect(await until(() => checkpointedN() === first, 2_000)).toBe(true);

  wallClock -= 60 * 60 * 1000;
  await store.commit(pairing('d_checkpt02'));
  const second = store.state.journalN;
  expect(second).toBeGreaterThan(first);
  expect(await until(() => checkpointedN() === second, 2_000)).toBe(true);
});

test('once the journal has failed, the checkpointer stops trying instead of waking every 10 ms', async () => {
  store = await Store.open({ dataDir, seed: () => demo, checkpointIntervalMs: 0 });
  await store.commit(pairing('d_checkpt03'));
  const journal = (store as unknown as { journal: { handle: FileHandle; lastDurableN: number } })
    .journal;
  await journal.handle.close();
  await expect(store.commit(pairing('d_checkpt04'))).rejects.toThrow('journal write failed');

  // Count the checkpointer's looks at the journal from now on: each wake-up takes one.
  let looks = 0;
  const durableN = journal.lastDurableN;
  Object.defineProperty(journal, 'lastDurableN', {
    get: () => {
      looks += 1;
      return durableN;
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(looks).toBeLessThanOrEqual(1);
});
