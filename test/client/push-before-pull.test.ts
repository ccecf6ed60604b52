// The sync engine's side of push before pull (protocol 2), against a scripted server: hello says
// whether the outbox has operations to push, and `pull` goes out once, when nothing is left to push.
import { PROTOCOL_VERSION, type AckResult, type ClientMessage } from '@pos/shared';
import type { Ledger } from '../../miniprogram/core/ledger';
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
  ({ storage, clock, ledger, sockets, engine } = scriptedEngine({ pushBatch: 200 }));
});
afterEach(() => {
  engine.dispose();
  return storage.standIn.dispose();
});

const last = () => sockets[sockets.length - 1];

const sell = (count: number) => recordSales(ledger, clock, count);

function connect(ackedSeq = 0): ScriptedSocket {
  engine.start();
  const socket = last();
  socket.open();
  socket.deliver({
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    deviceId: testIdentity.deviceId,
    deviceCode: testIdentity.deviceCode,
    ackedSeq,
    serverTime: clock.now(),
  });
  return socket;
}

function answer(socket: ScriptedSocket, push: number, status: AckResult['status'] = 'applied') {
  const { ops } = socket.pushes()[push];
  socket.deliver({
    type: 'ack',
    results: ops.map((op) => ({
      id: op.id,
      seq: op.seq,
      status,
      ...(status === 'refused' ? { error: { code: 'no', message: 'refused' } } : {}),
    })),
    ackedSeq: ops[ops.length - 1].seq,
  });
}

const hello = (socket: ScriptedSocket) =>
  socket.sent.find((m): m is Extract<ClientMessage, { type: 'hello' }> => m.type === 'hello')!;
const pulls = (socket: ScriptedSocket) => socket.sent.filter((m) => m.type === 'pull').length;

test('with nothing to push, hello asks for changes at once and no pull follows', () => {
  const socket = connect();
  expect(hello(socket).pending).toBe(false);
  expect(pulls(socket)).toBe(0);
});

test('with operations to push, hello says so and pull goes out once, after the last ack', () => {
  sell(450);
  const socket = connect();
  expect(hello(socket).pending).toBe(true);
  for (const push of [0, 1]) {
    expect(pulls(socket)).toBe(0);
    answer(socket, push);
  }
  expect(pulls(socket)).toBe(0);
  answer(socket, 2);
  expect(ledger.outbox.size).toBe(0);
  expect(socket.sent.map((m) => m.type)).toEqual(['hello', 'push', 'push', 'push', 'pull']);
  // Selling on afterwards pushes as usual, with no second pull.
  sell(1);
  answer(socket, 3);
  expect(pulls(socket)).toBe(1);
});

test('a refused operation does not hold changes back', () => {
  sell(2);
  const first = connect();
  answer(first, 0, 'refused');
  expect(pulls(first)).toBe(1);
  expect(ledger.outbox.tally().refused).toHaveLength(2);
  // On the next connection the refused operations are not "pending": changes come at once.
  first.serverClose(1006);
  clock.advance(500);
  const second = connect();
  expect(second).not.toBe(first);
  expect(hello(second).pending).toBe(false);
});

test('a connection lost mid-drain says pending again, and pulls only once drained', () => {
  sell(300);
  const first = connect();
  answer(first, 0);
  expect(pulls(first)).toBe(0);
  first.serverClose(1006);
  clock.advance(500);
  const second = connect(200);
  expect(hello(second).pending).toBe(true);
  expect(second.pushes()[0].ops[0].seq).toBe(201);
  answer(second, 0);
  expect(pulls(second)).toBe(1);
  expect(ledger.outbox.size).toBe(0);
});

test('a push the server refuses whole (an error, no ack) does not hold changes back while its socket lasts', () => {
  sell(300);
  const socket = connect();
  expect(hello(socket).pending).toBe(true);
  socket.deliver({ type: 'error', code: 'bad_message', message: 'message refused: ops.0' });
  // The other push's ack is awaited on this socket: the changes come meanwhile.
  expect(pulls(socket)).toBe(1);
  expect(engine.status().lastError).toMatch(/bad_message/);
  // Then the socket ends, so the refused operations go again on the next one.
  answer(socket, 1);
  expect(engine.status().connection).toBe('offline');
  clock.advance(engine.status().nextRetryAt! - clock.now());
  const next = connect(0);
  expect(hello(next).pending).toBe(true);
  expect(next.pushes()[0].ops[0].seq).toBe(1);
  expect(pulls(next)).toBe(0);
});
