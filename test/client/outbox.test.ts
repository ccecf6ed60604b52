// The outbox: a sale is committed by one storage write; sequence and order numbers carry on across
// pruning and relaunches; only acknowledged operations leave; refused ones stay, marked; what this
// app version cannot read stays as it was, its sequences never reused, and fields it does not know
// survive its rewrites.
import { operationSchema, type AckResult, type Operation } from '@pos/shared';
import { wxStorage } from '../../miniprogram/adapters/storage';
import { Ledger } from '../../miniprogram/core/ledger';
import { saleOperation, trackedSkus } from '../support/sales';
import { ManualClock } from './support/manual-clock';
import { seedLedger, testIdentity } from './support/offline-seed';
import { recordingStorage, type RecordingStorage } from './support/recording-storage';

let storage: RecordingStorage;
let clock: ManualClock;

beforeEach(() => {
  storage = recordingStorage();
  clock = new ManualClock();
});
afterEach(() => storage.standIn.dispose());

function openLedger(on: RecordingStorage = storage): Ledger {
  const ledger = new Ledger(on, clock);
  ledger.load();
  return ledger;
}

/** A cash sale made the way the orders store makes it: the next order number, then record. */
function sell(ledger: Ledger): Operation {
  const { seq } = ledger.nextOrderNumber();
  const made = saleOperation({
    device: { deviceId: testIdentity.deviceId, deviceCode: testIdentity.deviceCode },
    seq,
    orderSeq: seq,
    at: clock.now(),
    items: [{ skuId: trackedSkus[0].id, qty: 1 }],
  });
  return ledger.record(() => ({ type: 'order.placed', payload: made.payload }));
}

const applied = (ops: Operation[]): AckResult[] =>
  ops.map((op) => ({ id: op.id, seq: op.seq, status: 'applied' }));

test('recording an operation is exactly one storage write, of an outbox chunk holding it', () => {
  const ledger = openLedger();
  seedLedger(ledger);
  storage.reset();
  const op = sell(ledger);
  expect(storage.writes).toEqual(['pos.outbox.0']);
  expect(storage.removals).toEqual([]);
  expect(storage.get('pos.outbox.0')).toMatchObject({ records: [{ op: { id: op.id } }] });
});

test('sequence numbers carry on after the acknowledged operations are pruned and the app restarts', () => {
  let ledger = openLedger();
  seedLedger(ledger);
  const first = [sell(ledger), sell(ledger), sell(ledger)];
  expect(first.map((op) => op.seq)).toEqual([1, 2, 3]);
  ledger.settle(applied(first));
  expect(ledger.outbox.size).toBe(0);
  expect(storage.keys().filter((key) => key.startsWith('pos.outbox'))).toEqual([]);

  ledger = openLedger();
  const next = sell(ledger);
  expect(next.seq).toBe(4);
  expect(next.type === 'order.placed' && next.payload.orderNo).toMatch(/^T1-\d{4}-0004$/);
});

test('order numbers damaged in storage are never handed out again: numbering goes above every operation', () => {
  let ledger = openLedger();
  seedLedger(ledger);
  ledger.settle(applied([sell(ledger), sell(ledger), sell(ledger)]));
  // The history let go of the day's sales (pruned), and the counters' day was damaged.
  for (const key of storage.keys()) if (key.startsWith('pos.orders.')) storage.remove(key);
  const counters = storage.get('pos.counters') as { orderSeqs: Record<string, number> };
  const [today] = Object.keys(counters.orderSeqs);
  storage.set('pos.counters', { ...counters, orderSeqs: { [today]: 'three', 'not a day': 9 } });

  ledger = openLedger();
  expect(ledger.counters.orderSeqsDamaged).toBe(true);
  // Not 1 (a number the server holds for another sale), nor NaN: above the 3 operations made.
  const next = sell(ledger);
  expect(next.type === 'order.placed' && next.payload.orderNo).toMatch(/^T1-\d{4}-0004$/);
  // And on after a relaunch, from the sale in the outbox.
  ledger = openLedger();
  expect(ledger.nextOrderNumber().seq).toBe(5);
});

test('sales stay in the outbox while the history cannot keep them, and order numbers carry on', () => {
  let ledger = openLedger();
  seedLedger(ledger);
  // Storage refuses the history: the server holds the sales, but the device would lose them.
  storage.refuse = (key) => key.startsWith('pos.orders.');
  const ops = [sell(ledger), sell(ledger), sell(ledger)];
  ledger.settle(applied(ops));
  expect(ledger.outbox.size).toBe(3);
  expect(ledger.nextBatch(10, 1 << 20)).toEqual([]);
  expect(ledger.writeProblem).toMatch(/storage is full/);
  expect(storage.keys().filter((key) => key.startsWith('pos.orders.'))).toEqual([]);

  storage.refuse = () => false;
  ledger = openLedger();
  expect(ledger.orders().map((view) => view.order.id)).toHaveLength(3);
  // Pushed again after the relaunch, the server has them.
  ledger.settle(ops.map((op) => ({ id: op.id, seq: op.seq, status: 'duplicate' })));
  expect(ledger.outbox.size).toBe(0);
  expect(ledger.nextOrderNumber().seq).toBe(4);
  const next = sell(ledger);
  expect(next.seq).toBe(4);
  expect(next.type === 'order.placed' && next.payload.id).toMatch(/:4$/);
});

test('a refused operation stays, marked with the reason, and is not pushed again', () => {
  let ledger = openLedger();
  seedLedger(ledger);
  const [bad, good] = [sell(ledger), sell(ledger)];
  ledger.settle([
    {
      id: bad.id,
      seq: bad.seq,
      status: 'refused',
      error: { code: 'totals_inconsistent', message: 'total is wrong' },
    },
    { id: good.id, seq: good.seq, status: 'applied' },
  ]);
  ledger = openLedger();
  expect(ledger.outbox.entries()).toHaveLength(1);
  expect(ledger.outbox.entries()[0]).toMatchObject({
    op: { id: bad.id },
    refused: { code: 'totals_inconsistent', message: 'total is wrong' },
  });
  expect(ledger.nextBatch(200, 1e6)).toEqual([]);
  // The refused sale is still shown, as refused.
  const shown = ledger
    .orders()
    .find((view) => view.order.id === (bad.payload as { id: string }).id);
  expect(shown?.sync).toBe('refused');
  // Its sequence is used: the next operation does not reuse it.
  expect(sell(ledger).seq).toBe(3);
});

test('operations whose ack was lost are pushed again (the server answers duplicate), in order', () => {
  let ledger = openLedger();
  seedLedger(ledger);
  const ops = [sell(ledger), sell(ledger), sell(ledger)];
  expect(ledger.nextBatch(200, 1e6).map((op) => op.seq)).toEqual([1, 2, 3]);
  // The app stops before the ack arrives.
  ledger = openLedger();
  expect(ledger.nextBatch(2, 1e6).map((op) => op.seq)).toEqual([1, 2]);
  ledger.settle(ops.map((op) => ({ id: op.id, seq: op.seq, status: 'duplicate' })));
  expect(ledger.outbox.size).toBe(0);
});

test('a server that saw higher sequences (storage lost on the phone) raises the floor', () => {
  const ledger = openLedger();
  seedLedger(ledger);
  ledger.welcome(41);
  expect(sell(ledger).seq).toBe(42);
  expect(openLedger().outbox.lastSeq()).toBe(42);
});

test('acknowledged sales move into the history before they leave the outbox', () => {
  const ledger = openLedger();
  seedLedger(ledger);
  const op = sell(ledger);
  storage.reset();
  ledger.settle(applied([op]));
  const historyWrite = storage.writes.findIndex((key) => key.startsWith('pos.orders.'));
  const outboxRemoval = storage.removals.indexOf('pos.outbox.0');
  expect(historyWrite).toBeGreaterThanOrEqual(0);
  expect(storage.writes.indexOf('pos.counters')).toBeGreaterThanOrEqual(0);
  expect(outboxRemoval).toBeGreaterThanOrEqual(0);
  expect(openLedger().orders()[0]).toMatchObject({ sync: 'synced' });
  expect(wxStorage(storage.standIn.wx).get('pos.outbox.0')).toBeNull();
});

test('an entry this app cannot read stays as it was, and its sequence is not used again', () => {
  let ledger = openLedger();
  seedLedger(ledger);
  const [first] = [sell(ledger), sell(ledger)];
  // A newer app version wrote seq 2 in a shape this one refuses.
  const chunk = storage.get('pos.outbox.0') as { v: 1; records: Array<{ op: Operation }> };
  const unreadable = { ...chunk.records[1], op: { ...chunk.records[1].op, type: 'order.gifted' } };
  storage.set('pos.outbox.0', { v: 1, records: [chunk.records[0], unreadable] });

  ledger = openLedger();
  expect(sell(ledger).seq).toBe(3);
  // Rewriting and emptying the chunk around it leaves it in storage, unchanged.
  ledger.settle(applied([first]));
  const stored = storage.get('pos.outbox.0') as { records: unknown[] };
  expect(stored.records).toContainEqual(unreadable);
  ledger = openLedger();
  expect(ledger.outbox.entries().map((entry) => entry.op.seq)).toEqual([3]);
  expect(sell(ledger).seq).toBe(4);
  // And it is reported, as data that may not be on the server.
  expect(ledger.loadProblem).toMatch(/pos\.outbox\.0 holds a record this app cannot read/);
  expect(ledger.outbox.unreadable).toBe(1);
});

test('a whole outbox chunk this app cannot read keeps its sequences used', () => {
  let ledger = openLedger();
  seedLedger(ledger);
  sell(ledger);
  sell(ledger);
  const { records } = storage.get('pos.outbox.0') as { records: unknown[] };
  storage.set('pos.outbox.0', { v: 2, records });
  ledger = openLedger();
  expect(sell(ledger).seq).toBe(3);
  expect(storage.get('pos.outbox.0')).toEqual({ v: 2, records });
  expect(ledger.outbox.unreadable).toBe(1);
});

test('fields a newer app version wrote survive this version rewriting the chunk', () => {
  let ledger = openLedger();
  seedLedger(ledger);
  const [first] = [sell(ledger), sell(ledger)];
  // Written by a newer version, then the app was rolled back.
  const chunk = storage.get('pos.outbox.0') as { v: 1; records: Array<Record<string, unknown>> };
  const op = chunk.records[0].op as Operation & { payload: { lines: object[] } };
  const newer = {
    ...chunk.records[0],
    printedAt: 1234,
    op: {
      ...op,
      origin: 'kiosk',
      payload: {
        ...op.payload,
        loyaltyTier: 'gold',
        lines: [{ ...op.payload.lines[0], note: 'no ice' }, ...op.payload.lines.slice(1)],
      },
    },
  };
  storage.set('pos.outbox.0', { v: 1, records: [newer, chunk.records[1]] });

  ledger = openLedger();
  expect(ledger.loadProblem).toBeNull();
  // A refusal of the second sale and a new sale rewrite the chunk around the first.
  const second = ledger.outbox.get(2)!.op;
  ledger.settle([{ id: second.id, seq: 2, status: 'refused', error: { code: 'x', message: 'x' } }]);
  sell(ledger);
  const stored = storage.get('pos.outbox.0') as { records: unknown[] };
  expect(stored.records[0]).toEqual(newer);
  // What is pushed is still a valid operation to the server, whose schema drops what it does not know.
  const [pushed] = ledger.nextBatch(1, 1e6);
  expect(pushed.id).toBe(first.id);
  expect(operationSchema.safeParse(pushed).success).toBe(true);
});
