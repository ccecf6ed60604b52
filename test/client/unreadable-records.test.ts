// A record from the server this build cannot read (a newer server's, or a bug's) is named and left
// out, and the rest of its changes frame or snapshot applies. Dropped whole, as before, the next
// frame's cursor passed every change in it: a price, a PIN, another till's sale, lost unseen.
import type { Product } from '@pos/shared';
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
import type { ScriptedSocket } from './support/scripted-socket';
import { saleOperation } from '../support/sales';

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
const problem = () => syncStatus(engine.status(), ledger).problem;

/** A product as a newer server might send it: a way of selling this build has never heard of. */
const soldByPack = (product: Product) => ({ ...product, soldBy: 'pack' });
const repriced = (product: Product): Product => ({
  ...product,
  skus: [{ ...product.skus[0], price: product.skus[0].price + 100 }, ...product.skus.slice(1)],
});

/** Frames as the server's JSON: these would not type as the frames this build knows. */
function deliver(socket: ScriptedSocket, frame: object): void {
  socket.deliver(JSON.stringify(frame));
}

test('a changes frame applies what it can read; the unreadable product is named and its stale copy goes', () => {
  const socket = connect();
  const [odd, priced] = demo.products;
  expect(ledger.replica.products.has(odd.id)).toBe(true);
  deliver(socket, {
    type: 'changes',
    changes: [
      { kind: 'product', cursor: 20, product: soldByPack(odd) },
      { kind: 'product', cursor: 21, product: repriced(priced) },
      { kind: 'promotion', cursor: 22, promotion: { id: 'spring' } },
    ],
    cursor: 22,
  });
  expect(ledger.replica.cursor).toBe(22);
  expect(ledger.replica.products.get(priced.id)).toEqual(repriced(priced));
  // Not sold at what the store has since changed.
  expect(ledger.replica.products.has(odd.id)).toBe(false);
  expect(problem()).toContain(`products ${odd.id} could not be read (product.soldBy:`);
  expect(problem()).toContain('promotion spring could not be read (a kind of change this app');
  expect(engine.status().lastError).toBeNull();

  // Sent again in a form this build reads: back, and no longer named.
  socket.deliver({
    type: 'changes',
    changes: [{ kind: 'product', cursor: 23, product: odd }],
    cursor: 23,
  });
  expect(ledger.replica.products.get(odd.id)).toEqual(odd);
  expect(problem()).not.toContain(odd.id);
  expect(problem()).toContain('promotion spring');
});

test('an unreadable change of settings or of an order is named until one readable comes', () => {
  const socket = connect();
  const order = saleOperation({
    device: { deviceId: 'till-two', deviceCode: 'T2' },
    seq: 9,
  }).payload;
  const settings = { ...demo.settings, storeName: '新店名' };
  deliver(socket, {
    type: 'changes',
    changes: [
      { kind: 'settings', cursor: 30, settings: { ...settings, rounding: 'to the jiao' } },
      { kind: 'order', cursor: 31, order: { ...order, total: 'twelve' } },
      { kind: 'stock', cursor: 32, stock: { skuId: demo.stock[0].skuId, level: 'many' } },
    ],
    cursor: 32,
  });
  expect(ledger.replica.cursor).toBe(32);
  expect(ledger.replica.settings.storeName).toBe(demo.settings.storeName);
  expect(ledger.replica.stock.has(demo.stock[0].skuId)).toBe(false);
  expect(problem()).toContain('settings (no id) could not be read (settings.rounding:');
  expect(problem()).toContain(`orders ${order.id} could not be read (order.total:`);
  expect(ledger.history.get(order.id)).toBeUndefined();
  expect(problem()).toContain(`stock ${demo.stock[0].skuId} could not be read (stock.level:`);

  socket.deliver({
    type: 'changes',
    changes: [
      { kind: 'settings', cursor: 33, settings },
      { kind: 'stock', cursor: 34, stock: demo.stock[0] },
      { kind: 'order', cursor: 35, order },
    ],
    cursor: 35,
  });
  expect(ledger.replica.settings.storeName).toBe('新店名');
  expect(ledger.replica.stock.get(demo.stock[0].skuId)).toEqual(demo.stock[0]);
  expect(ledger.history.get(order.id)).toEqual(order);
  expect(problem()).toBeNull();
});

test('a snapshot with an unreadable cashier still pairs the till with everything else', () => {
  ledger.replica.clear();
  const socket = connect();
  const [odd, ...others] = demo.staff;
  deliver(socket, {
    type: 'snapshot',
    snapshot: { ...demo, staff: [{ ...odd, role: 'owner' }, ...others] },
    cursor: 9,
  });
  expect(ledger.replica.cursor).toBe(9);
  expect(ledger.replica.hasSettings).toBe(true);
  expect(ledger.replica.products.size).toBe(demo.products.length);
  expect(ledger.replica.staff.values().map((s) => s.id)).toEqual(others.map((s) => s.id));
  expect(problem()).toContain(`staff ${odd.id} could not be read (role:`);
  expect(engine.status()).toMatchObject({ caughtUp: true, lastError: null });

  // The next snapshot, all readable, names nothing.
  socket.deliver({ type: 'snapshot', snapshot: demo, cursor: 12 });
  expect(ledger.replica.staff.size).toBe(demo.staff.length);
  expect(problem()).toBeNull();
});

test('an unreadable record in the first part of a snapshot is named once the last part is in', () => {
  ledger.replica.clear();
  const socket = connect();
  const [odd, ...others] = demo.products;
  deliver(socket, {
    type: 'snapshot',
    snapshot: { ...demo, products: [soldByPack(odd)], orders: [] },
    cursor: 9,
    more: true,
  });
  expect(ledger.replica.cursor).toBeNull();
  expect(problem()).toBeNull();
  socket.deliver({ type: 'snapshot', snapshot: { ...demo, products: others }, cursor: 9 });
  expect(ledger.replica.cursor).toBe(9);
  expect(ledger.replica.products.size).toBe(others.length);
  expect(problem()).toContain(`products ${odd.id} could not be read`);
});

test('the unreadable record stays named after a relaunch, as the cursor has moved past it', () => {
  const socket = connect();
  const [odd] = demo.products;
  deliver(socket, {
    type: 'changes',
    changes: [{ kind: 'product', cursor: 20, product: soldByPack(odd) }],
    cursor: 20,
  });
  ledger.persist();
  engine.dispose();

  const relaunched = new Ledger(storage, clock);
  relaunched.load();
  expect(relaunched.replica.cursor).toBe(20);
  expect(relaunched.replica.products.has(odd.id)).toBe(false);
  expect(relaunched.writeProblem).toContain(`products ${odd.id} could not be read`);
});

test('a frame whose envelope is wrong is refused whole, as before: the cursor stays', () => {
  const socket = connect();
  const cursor = ledger.replica.cursor;
  deliver(socket, {
    type: 'changes',
    changes: [{ kind: 'product', cursor: 20, product: repriced(demo.products[0]) }],
    cursor: 'twenty',
  });
  expect(ledger.replica.cursor).toBe(cursor);
  expect(ledger.replica.products.get(demo.products[0].id)).toEqual(demo.products[0]);
  expect(engine.status().lastError).toMatch(/refused: cursor/);
  deliver(socket, { type: 'snapshot', snapshot: { ...demo, staff: 'everyone' }, cursor: 40 });
  expect(ledger.replica.cursor).toBe(cursor);
  expect(engine.status().lastError).toMatch(/refused: snapshot\.staff/);
});
