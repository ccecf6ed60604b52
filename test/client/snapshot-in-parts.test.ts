// A snapshot in parts (protocol 2) reaches the ledger only once whole; parts of a snapshot whose
// socket dropped are forgotten.
import { type Snapshot } from '@pos/shared';
import type { Ledger } from '../../miniprogram/core/ledger';
import type { ManualClock } from './support/manual-clock';
import { demoSnapshot } from './support/offline-seed';
import {
  connectAndWelcome,
  scriptedEngineForEachTest,
  type ScriptedEngine,
} from './support/scripted-engine';

let ledger: Ledger;
let clock: ManualClock;
let scripted: ScriptedEngine;

scriptedEngineForEachTest((started) => {
  scripted = started;
  ({ clock, ledger } = scripted);
});

const connect = () => connectAndWelcome(scripted);
const demo = demoSnapshot();
const half = Math.ceil(demo.products.length / 2);
const first: Snapshot = { ...demo, stock: [], products: demo.products.slice(0, half) };
const second: Snapshot = { ...demo, categories: [], products: demo.products.slice(half) };
const productIds = () => ledger.replica.products.values().map((product) => product.id);

test('parts are applied together once the last one came', () => {
  const socket = connect();
  socket.deliver({ type: 'snapshot', snapshot: first, cursor: 9, more: true });
  expect(ledger.replica.cursor).toBe(1);
  socket.deliver({ type: 'snapshot', snapshot: second, cursor: 9, more: false });
  expect(ledger.replica.cursor).toBe(9);
  expect(productIds()).toEqual(demo.products.map((product) => product.id));
  expect(ledger.replica.categories.size).toBe(demo.categories.length);
});

test('parts from a socket that dropped are forgotten', () => {
  const socket = connect();
  socket.deliver({ type: 'snapshot', snapshot: first, cursor: 9, more: true });
  socket.serverClose(1006);
  clock.advance(500);
  const again = connect();
  expect(again).not.toBe(socket);
  // A server would send the whole snapshot again; here only a small one comes, and it alone counts.
  const small: Snapshot = { ...demo, products: demo.products.slice(0, 1) };
  again.deliver({ type: 'snapshot', snapshot: small, cursor: 9 });
  expect(productIds()).toEqual([demo.products[0].id]);
});
