// Acknowledgements on a device whose storage is full: what the server holds leaves the outbox and
// frees room (nothing else can), and an acknowledged operation is never pushed again, even while
// storage still refuses its removal.
import { PROTOCOL_VERSION, summarizeShift, type Operation, type Order } from '@pos/shared';
import { Ledger } from '../../miniprogram/core/ledger';
import { drawerTopUps } from '../../miniprogram/core/shift-log';
import { WECHAT_QUOTA_BYTES } from '../../miniprogram/core/storage-layout';
import type { SyncEngine } from '../../miniprogram/core/sync-engine';
import type { ManualClock } from './support/manual-clock';
import { recordSales, testIdentity } from './support/offline-seed';
import type { RecordingStorage } from './support/recording-storage';
import { scriptedEngine } from './support/scripted-engine';
import type { ScriptedSocket } from './support/scripted-socket';

let storage: RecordingStorage;
let clock: ManualClock;
let ledger: Ledger;
let sockets: ScriptedSocket[];
let engine: SyncEngine;

beforeEach(() => {
  ({ storage, clock, ledger, sockets, engine } = scriptedEngine());
});
afterEach(() => {
  engine.dispose();
  return storage.standIn.dispose();
});

const sell = (count: number) => recordSales(ledger, clock, count);

function openShift(): Operation {
  const payload = { shiftId: 'shift-1', staffId: 'staff-cashier-1', float: 20000, at: clock.now() };
  return ledger.record(() => ({ type: 'shift.opened', payload }));
}

/** What else the phone holds takes every byte left (another mini-program page, a snapshot...). */
function fillStorage(): void {
  const used = () => storage.standIn.storage.usedBytes();
  for (let n = 0; used() < WECHAT_QUOTA_BYTES; n++) {
    const key = `filler.${n}`;
    const room = Math.min(WECHAT_QUOTA_BYTES - used(), 1000 * 1024) - key.length - 2;
    storage.standIn.wx.setStorageSync(key, 'x'.repeat(room));
  }
}

function connect(): ScriptedSocket {
  engine.start();
  const socket = sockets[sockets.length - 1];
  socket.open();
  socket.deliver({
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    deviceId: testIdentity.deviceId,
    deviceCode: testIdentity.deviceCode,
    ackedSeq: 0,
    serverTime: clock.now(),
  });
  return socket;
}

function ackAll(socket: ScriptedSocket, push: number): void {
  const { ops } = socket.pushes()[push];
  socket.deliver({
    type: 'ack',
    results: ops.map((op) => ({ id: op.id, seq: op.seq, status: 'applied' as const })),
    ackedSeq: ops[ops.length - 1].seq,
  });
}

const pulls = (socket: ScriptedSocket) => socket.sent.filter((m) => m.type === 'pull').length;

test('at a full storage, acknowledged sales and shift events leave the outbox and free room', () => {
  sell(3);
  openShift();
  fillStorage();
  expect(storage.standIn.storage.usedBytes()).toBe(WECHAT_QUOTA_BYTES);

  const socket = connect();
  ackAll(socket, 0);
  expect(ledger.outbox.size).toBe(0);
  expect(ledger.shifts().map((shift) => shift.opened.shiftId)).toEqual(['shift-1']);
  expect(storage.standIn.storage.usedBytes()).toBeLessThan(WECHAT_QUOTA_BYTES);
  // Nothing is pushed again: the device asks for changes.
  expect(socket.pushes()).toHaveLength(1);
  expect(pulls(socket)).toBe(1);
  // What is written survives a relaunch.
  const relaunched = new Ledger(storage, clock);
  relaunched.load();
  expect(relaunched.outbox.size).toBe(0);
  expect(relaunched.shifts().map((shift) => shift.opened.shiftId)).toEqual(['shift-1']);
});

test('sales acknowledged at a full storage are still on the device after a relaunch, in the open drawer', () => {
  openShift();
  const sales = sell(3);
  fillStorage();
  ackAll(connect(), 0);
  expect(ledger.outbox.tally().unsynced).toBe(0);

  const relaunched = new Ledger(storage, clock);
  relaunched.load();
  // Moved into the history: the room their operations took was enough for it.
  expect(relaunched.outbox.size).toBe(0);
  const sold = sales.map((op) => op.payload as Order);
  for (const order of sold) expect(relaunched.history.get(order.id)).toBeDefined();
  const [shift] = relaunched.shifts();
  const orders = relaunched.orders().map((view) => view.order);
  const { expected } = summarizeShift(
    shift.opened,
    shift.movements,
    orders,
    shift.closed,
    drawerTopUps(shift),
  );
  expect(expected).toBe(20000 + sold.reduce((sum, order) => sum + order.total, 0));
});

test('sales whose history storage will not take stay in the outbox, acknowledged, until it does', () => {
  const sales = sell(3);
  storage.refuse = (key) => key.startsWith('pos.orders.');
  const socket = connect();
  ackAll(socket, 0);
  expect(ledger.outbox.size).toBe(3);
  expect(ledger.outbox.tally().unsynced).toBe(0);
  expect(ledger.writeProblem).toMatch(/pos\.orders/);
  const relaunched = new Ledger(storage, clock);
  relaunched.load();
  expect(relaunched.outbox.entries().map((entry) => entry.op.id)).toEqual(sales.map((op) => op.id));

  // Storage takes the history again: the next settle moves them.
  storage.refuse = () => false;
  ledger.welcome(sales[2].seq);
  expect(ledger.outbox.size).toBe(0);
  expect(socket.pushes()).toHaveLength(1);
  const reloaded = new Ledger(storage, clock);
  reloaded.load();
  expect(reloaded.history.size).toBe(3);
});

test('operations storage will not let go of are not pushed again, and leave once it does', () => {
  sell(3);
  storage.refuse = (key) => key === 'pos.counters';
  const first = connect();
  ackAll(first, 0);
  expect(ledger.outbox.size).toBe(3);
  expect(ledger.outbox.tally().unsynced).toBe(0);
  expect(ledger.writeProblem).toMatch(/pos\.counters/);
  expect(first.pushes()).toHaveLength(1);
  expect(pulls(first)).toBe(1);

  // Storage takes the write again: the next connection settles them without pushing.
  storage.refuse = () => false;
  first.serverClose(1006);
  clock.advance(30_000);
  const second = connect();
  expect(second).not.toBe(first);
  expect(ledger.outbox.size).toBe(0);
  expect(second.pushes()).toEqual([]);
  expect(openLedgerSeq()).toBe(3);
});

/** The last sequence a relaunched ledger knows: the removed operations' numbers are kept. */
function openLedgerSeq(): number {
  const relaunched = new Ledger(storage, clock);
  relaunched.load();
  return relaunched.outbox.lastSeq();
}
