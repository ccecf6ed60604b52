// A record from the server too large for one storage key (a product saved before the server capped
// barcodes) is skipped with a problem the sync status shows: the rest of its snapshot or changes
// frame applies, and the product's stale copy goes rather than selling at a price the store left.
import { type Product } from '@pos/shared';
import { Ledger } from '../../miniprogram/core/ledger';
import type { SyncEngine } from '../../miniprogram/core/sync-engine';
import { syncStatus } from '../../miniprogram/core/sync-status';
import type { ManualClock } from './support/manual-clock';
import { demoSnapshot } from './support/offline-seed';
import type { RecordingStorage } from './support/recording-storage';
import {
  connectAndWelcome,
  scriptedEngineForEachTest,
  type ScriptedEngine,
} from './support/scripted-engine';

let storage: RecordingStorage;
let ledger: Ledger;
let clock: ManualClock;
let engine: SyncEngine;
let scripted: ScriptedEngine;

scriptedEngineForEachTest((started) => {
  scripted = started;
  ({ storage, clock, ledger, engine } = scripted);
});

const connect = () => connectAndWelcome(scripted);
const demo = demoSnapshot();

/** The reviewer's product: 50 SKUs of 240 internal codes each, about 424 KB as JSON. */
function oversized(base: Product): Product {
  const skus = Array.from({ length: 50 }, (_, s) => ({
    ...base.skus[0],
    id: `${base.id}-${s}`,
    barcodes: Array.from({ length: 240 }, (_, b) => `Z${String(s * 1000 + b).padStart(31, '0')}`),
  }));
  return { ...base, skus };
}

const problem = () => syncStatus(engine.status(), ledger).problem;

test('a snapshot with one product too large still pairs the till with every other product', () => {
  ledger.replica.clear();
  const socket = connect();
  const [big, ...others] = demo.products;
  socket.deliver({
    type: 'snapshot',
    snapshot: { ...demo, products: [oversized(big), ...others] },
    cursor: 9,
    more: false,
  });
  expect(ledger.replica.cursor).toBe(9);
  expect(ledger.replica.products.values().map((p) => p.id)).toEqual(others.map((p) => p.id));
  expect(problem()).toContain(big.id);
  expect(problem()).toMatch(/KB/);
});

test('a changes frame applies its other changes; the stale copy of the large product goes', () => {
  const socket = connect();
  const [big, priced] = demo.products;
  expect(ledger.replica.products.has(big.id)).toBe(true);
  const repriced = { ...priced, skus: [{ ...priced.skus[0], price: priced.skus[0].price + 100 }] };
  socket.deliver({
    type: 'changes',
    changes: [
      { kind: 'product', cursor: 20, product: oversized(big) },
      { kind: 'product', cursor: 21, product: repriced },
    ],
    cursor: 21,
  });
  expect(ledger.replica.cursor).toBe(21);
  expect(ledger.replica.products.get(priced.id)!.skus[0].price).toBe(priced.skus[0].price + 100);
  expect(ledger.replica.products.has(big.id)).toBe(false);
  expect(problem()).toContain(big.id);
  expect(engine.status().lastError).toBeNull();

  // Saved again within the limits: it is back, and the problem is gone.
  socket.deliver({
    type: 'changes',
    changes: [{ kind: 'product', cursor: 22, product: big }],
    cursor: 22,
  });
  expect(ledger.replica.products.get(big.id)).toEqual(big);
  expect(problem()).toBeNull();
});

test('the skipped product stays named after a relaunch, until it comes again small enough', () => {
  const socket = connect();
  const [big] = demo.products;
  socket.deliver({
    type: 'changes',
    changes: [{ kind: 'product', cursor: 20, product: oversized(big) }],
    cursor: 20,
  });
  ledger.persist();
  engine.dispose();

  // The app killed and opened again: the cursor is past the product, which nothing sends again.
  const relaunched = new Ledger(storage, clock);
  relaunched.load();
  expect(relaunched.replica.cursor).toBe(20);
  expect(relaunched.replica.products.has(big.id)).toBe(false);
  expect(relaunched.writeProblem).toContain(big.id);

  relaunched.applyChanges([{ kind: 'product', cursor: 21, product: big }], 21);
  relaunched.persist();
  const again = new Ledger(storage, clock);
  again.load();
  expect(again.writeProblem).toBeNull();
});
