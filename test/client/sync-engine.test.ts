// The sync engine against a scripted server: hello first, batches in flight, bad frames reported,
// pushes the server refuses whole, heartbeats, close codes that stop it, and reconnects with backoff.
import { closeCodes, MAX_PUSH_BATCH, PROTOCOL_VERSION } from '@pos/shared';
import type { NetworkMonitor, NetworkState } from '../../miniprogram/adapters/network';
import { syncTargetOf } from '../../miniprogram/core/client';
import { Ledger } from '../../miniprogram/core/ledger';
import { SyncEngine } from '../../miniprogram/core/sync-engine';
import {
  DEFAULT_PUSH_BATCH,
  type SyncEngineOptions,
} from '../../miniprogram/core/sync-engine-options';
import { ManualClock } from './support/manual-clock';
import { demoSnapshot, recordSales, seedLedger, testIdentity } from './support/offline-seed';
import { recordingStorage, type RecordingStorage } from './support/recording-storage';
import { scriptedSockets, type ScriptedSocket } from './support/scripted-socket';

let storage: RecordingStorage;
let clock: ManualClock;
let ledger: Ledger;
let sockets: ScriptedSocket[];
let engine: SyncEngine;

beforeEach(() => {
  storage = recordingStorage();
  clock = new ManualClock();
  ledger = new Ledger(storage, clock);
  ledger.load();
  seedLedger(ledger);
  engine = newEngine();
  ledger.subscribe((topics) => topics.has('outbox') && engine.pump());
});
afterEach(() => {
  engine.dispose();
  return storage.standIn.dispose();
});

/** An engine on the test's ledger and clock, with fresh scripted sockets. */
function newEngine(options: Partial<SyncEngineOptions> = {}): SyncEngine {
  const scripted = scriptedSockets();
  sockets = scripted.sockets;
  return new SyncEngine({
    target: syncTargetOf(ledger),
    openSocket: scripted.open,
    clock,
    // The top of each jitter range, so delays are predictable.
    random: () => 0.999999,
    ...options,
  });
}

const last = () => sockets[sockets.length - 1];

const sell = (count: number) => recordSales(ledger, clock, count);

function connectAndWelcome(ackedSeq = 0): ScriptedSocket {
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

function ackAll(socket: ScriptedSocket, push: number): void {
  const { ops } = socket.pushes()[push];
  socket.deliver({
    type: 'ack',
    results: ops.map((op) => ({ id: op.id, seq: op.seq, status: 'applied' as const })),
    ackedSeq: ops[ops.length - 1].seq,
  });
}

test('says hello first, with the token in the message and not in the URL, and its own cursor', () => {
  engine.start();
  expect(engine.status().connection).toBe('connecting');
  last().open();
  expect(last().url).toBe(`ws://${testIdentity.serverAddress}/sync`);
  expect(last().url).not.toContain(testIdentity.token);
  expect(last().sent).toEqual([
    {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      token: testIdentity.token,
      // The device has applied cursor 1: it asks for what came after it (the server marks the
      // catch-up's end, even an empty one: catch-up tests).
      cursor: 1,
      pending: false,
    },
  ]);
  expect(ledger.replica.cursor).toBe(1);
});

test('pushes the outbox in order, in batches of DEFAULT_PUSH_BATCH, two batches in flight at most', () => {
  const batch = DEFAULT_PUSH_BATCH;
  const seqs = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  sell(2 * batch + 50);
  const socket = connectAndWelcome();
  expect(engine.status().connection).toBe('online');
  expect(socket.pushes().map((push) => push.ops.map((op) => op.seq))).toEqual([
    seqs(1, batch),
    seqs(batch + 1, batch),
  ]);
  // A sale while two batches are in flight waits for an ack.
  sell(1);
  expect(socket.pushes()).toHaveLength(2);
  ackAll(socket, 0);
  expect(socket.pushes()).toHaveLength(3);
  expect(socket.pushes()[2].ops.map((op) => op.seq)).toEqual(seqs(2 * batch + 1, 51));
  ackAll(socket, 1);
  ackAll(socket, 2);
  expect(ledger.outbox.size).toBe(0);
  expect(socket.pushes()).toHaveLength(3);
});

test('a push batch asked above the protocol limit is cut to MAX_PUSH_BATCH', () => {
  engine.dispose();
  engine = newEngine({ pushBatch: MAX_PUSH_BATCH * 3 });
  sell(MAX_PUSH_BATCH + 10);
  const socket = connectAndWelcome();
  expect(socket.pushes().map((push) => push.ops.length)).toEqual([MAX_PUSH_BATCH, 10]);
});

test('a bad frame is reported and skipped; the next good one is applied', () => {
  const socket = connectAndWelcome();
  socket.deliver('{not json');
  expect(engine.status().lastError).toMatch(/refused: not valid JSON/);
  socket.deliver(JSON.stringify({ type: 'ack', results: 'all of them', ackedSeq: 1 }));
  expect(engine.status().lastError).toMatch(/results/);
  expect(engine.status().connection).toBe('online');
  socket.deliver({ type: 'changes', changes: [], cursor: 7 });
  expect(ledger.replica.cursor).toBe(7);
});

/** The socket was given up as silent, and a new one is opened after the first backoff. */
function expectReplacedAsSilent(socket: ScriptedSocket): void {
  expect(socket.closedWith).not.toBeNull();
  expect(engine.status()).toMatchObject({
    connection: 'offline',
    reason: expect.stringMatching(/stopped answering/),
  });
  clock.advance(500);
  expect(sockets).toHaveLength(2);
}

test('pings every 15 s and reconnects when no answer comes within 10 s', () => {
  const socket = connectAndWelcome();
  clock.advance(15_000);
  expect(socket.sent.filter((m) => m.type === 'ping')).toHaveLength(1);
  socket.deliver({ type: 'pong', t: clock.now() });
  clock.advance(10_000);
  expect(engine.status().connection).toBe('online');
  clock.advance(5_000);
  expect(socket.sent.filter((m) => m.type === 'ping')).toHaveLength(2);
  clock.advance(10_000);
  expectReplacedAsSilent(socket);
});

test('back from the background: a socket that no longer answers is replaced within 5 s', () => {
  const socket = connectAndWelcome();
  clock.advance(3_000);
  // The app comes back: WeChat may have cut the line without a close event.
  engine.connectNow();
  expect(socket.sent.filter((m) => m.type === 'ping')).toHaveLength(1);
  clock.advance(4_999);
  expect(engine.status().connection).toBe('online');
  clock.advance(1);
  expectReplacedAsSilent(socket);
});

test('back from the background: a socket that answers is kept, and so is its heartbeat', () => {
  const socket = connectAndWelcome();
  clock.advance(3_000);
  engine.connectNow();
  socket.deliver({ type: 'pong', t: clock.now() });
  clock.advance(10_000);
  expect(engine.status().connection).toBe('online');
  expect(sockets).toHaveLength(1);
  // The regular ping still comes 15 s after the last one was scheduled.
  clock.advance(2_000);
  expect(socket.sent.filter((m) => m.type === 'ping')).toHaveLength(2);
});

/** The phone's network, switched by the test. */
function switchedNetwork(): NetworkMonitor & { set(state: NetworkState): void } {
  let state: NetworkState = { connected: true, type: 'wifi' };
  const listeners = new Set<(state: NetworkState) => void>();
  return {
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => listeners.clear(),
    set(next) {
      state = next;
      for (const listener of listeners) listener(next);
    },
  };
}

test('the phone says the network is gone, the socket says nothing: offline and not caught up at once', () => {
  engine.dispose();
  const network = switchedNetwork();
  engine = newEngine({ network });
  const socket = connectAndWelcome();
  socket.deliver({ type: 'changes', changes: [], cursor: 1, caughtUp: true });
  expect(engine.status()).toMatchObject({ connection: 'online', caughtUp: true });

  network.set({ connected: false, type: 'none' });
  expect(engine.status()).toMatchObject({
    connection: 'offline',
    caughtUp: false,
    reason: 'the phone has no network',
  });
  expect(socket.closedWith).not.toBeNull();

  // Back: a new socket at once, not at the end of a backoff.
  network.set({ connected: true, type: 'wifi' });
  expect(sockets).toHaveLength(2);
  expect(engine.status().connection).toBe('connecting');
});

test('a revoked device stops, says why, and does not try again', () => {
  const socket = connectAndWelcome();
  socket.deliver({
    type: 'error',
    code: 'revoked',
    message: 'this device was revoked by a manager',
  });
  socket.serverClose(closeCodes.revoked, 'this device was revoked by a manager');
  expect(engine.status()).toMatchObject({
    connection: 'revoked',
    reason: 'this device was revoked by a manager',
  });
  clock.advance(10 * 60_000);
  expect(sockets).toHaveLength(1);
});

test('operations refused because the device was revoked are kept to send, not marked refused', () => {
  sell(3);
  const socket = connectAndWelcome();
  const { ops } = socket.pushes()[0];
  socket.deliver({
    type: 'ack',
    results: ops.map((op) => ({
      id: op.id,
      seq: op.seq,
      status: 'refused' as const,
      error: { code: 'device_revoked', message: 'device T1 was revoked by a manager' },
    })),
    ackedSeq: 0,
  });
  // Refused for who sent them, not for what they are: a manager may reinstate the device.
  expect(ledger.outbox.tally()).toMatchObject({ unsynced: 3, refused: [] });
  expect(engine.status()).toMatchObject({
    connection: 'revoked',
    reason: 'this device was revoked by a manager',
  });
  clock.advance(10 * 60_000);
  expect(sockets).toHaveLength(1);
});

test('重试 by hand asks once again after revoked or unknown, never after outdated or replaced', () => {
  connectAndWelcome().serverClose(closeCodes.revoked);
  // Automatic attempts (the network back, the app shown) never knock on a revoked device's behalf.
  engine.connectNow();
  expect(sockets).toHaveLength(1);
  engine.retryByHand();
  expect(sockets).toHaveLength(2);
  expect(engine.status().connection).toBe('connecting');
  last().open();
  last().serverClose(closeCodes.unauthorized);
  expect(engine.status().connection).toBe('unauthorized');
  engine.retryByHand();
  expect(sockets).toHaveLength(3);
  last().open();
  last().serverClose(closeCodes.protocolVersion);
  engine.retryByHand();
  expect(engine.status().connection).toBe('outdated');
  expect(sockets).toHaveLength(3);
});

test('重试 by hand does not start an engine stopped on purpose (un-paired, app closed)', () => {
  connectAndWelcome();
  engine.stop();
  engine.retryByHand();
  expect(sockets).toHaveLength(1);
  expect(engine.status().connection).toBe('stopped');
});

test.each([
  [closeCodes.unauthorized, 'unauthorized', /pair it again/],
  [closeCodes.protocolVersion, 'outdated', /update the app/],
])('close code %i stops retrying as %s', (code, connection, reason) => {
  connectAndWelcome().serverClose(code);
  expect(engine.status()).toMatchObject({ connection, reason: expect.stringMatching(reason) });
  clock.advance(10 * 60_000);
  expect(sockets).toHaveLength(1);
});

test.each([
  ['revoked', 'revoked', /revoked by a manager/],
  ['unauthorized', 'unauthorized', /pair it again/],
  ['protocol_version', 'outdated', /update the app/],
  ['replaced', 'replaced', /another copy of this device/],
])(
  "the server's %s error stops retrying as %s, even when the close that follows comes as a plain 1006",
  (code, connection, reason) => {
    // Not every phone is known to pass a server's own close code on to onClose.
    const socket = connectAndWelcome();
    socket.deliver({ type: 'error', code, message: 'the server says no' });
    socket.serverClose(1006);
    expect(engine.status()).toMatchObject({ connection, reason: expect.stringMatching(reason) });
    expect(socket.closedWith).not.toBeNull();
    clock.advance(10 * 60_000);
    expect(sockets).toHaveLength(1);
  },
);

test('a socket dropped while connecting is closed once it opens (WeChat does not close it before)', () => {
  engine.start();
  const dropped = sockets[0];
  engine.stop();
  dropped.closedWith = null; // on a phone that close did nothing: the socket goes on connecting
  dropped.open();
  expect(dropped.closedWith).toEqual({ code: 1000, reason: 'closing' });
  expect(dropped.sent).toEqual([]);
});

const retryDelay = () => engine.status().nextRetryAt! - clock.now();

test.each([
  ['hello_timeout', closeCodes.badFrame],
  ['superseded', closeCodes.superseded],
  // What an older till makes of a code a newer server may send.
  ['a_code_from_a_newer_server', 4499],
])("the server's %s error and close %i are retried, not a stop", (code, closeCode) => {
  const socket = connectAndWelcome();
  socket.deliver({ type: 'error', code, message: 'the server says try again' });
  socket.serverClose(closeCode);
  expect(engine.status()).toMatchObject({
    connection: 'offline',
    lastError: expect.stringContaining(code),
  });
  clock.advance(retryDelay());
  expect(sockets).toHaveLength(2);
});

test('retries with a growing, capped delay, reset once a connection worked', () => {
  engine.start();
  const delays: number[] = [];
  for (let i = 0; i < 9; i++) {
    last().serverClose(1006);
    delays.push(retryDelay());
    clock.advance(delays[i]);
  }
  expect(delays).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
  expect(sockets).toHaveLength(10);
  connectAndWelcome().deliver({ type: 'changes', changes: [], cursor: 2 });
  last().serverClose(1001, 'server shutting down');
  expect(retryDelay()).toBe(499);
  expect(engine.status().reason).toMatch(/1001: server shutting down/);
});

test('a snapshot cut off after a part sees the delay grow, not reset: a part proves nothing yet', () => {
  // A slow link the server gives up on mid-snapshot (1013): the parts go with the socket.
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    const socket = connectAndWelcome();
    socket.deliver({ type: 'snapshot', snapshot: demoSnapshot(), cursor: 9, more: true });
    socket.serverClose(1013, 'too slow to keep up');
    delays.push(retryDelay());
    clock.advance(delays[i]);
  }
  expect(delays).toEqual([499, 999, 1999, 3999]);
  // The whole snapshot, in its last part, does.
  const socket = connectAndWelcome();
  socket.deliver({ type: 'snapshot', snapshot: demoSnapshot(), cursor: 9 });
  socket.serverClose(1013, 'too slow to keep up');
  expect(retryDelay()).toBe(499);
});

test('a server that fails right after welcome sees the delay grow, not reset', () => {
  sell(1);
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    const socket = connectAndWelcome();
    // The journal cannot write: the push is answered with an error and the socket closed.
    socket.deliver({ type: 'error', code: 'server_error', message: 'could not store this' });
    socket.serverClose(1001, 'could not store this');
    delays.push(retryDelay());
    clock.advance(delays[i]);
  }
  expect(delays).toEqual([499, 999, 1999, 3999, 7999]);
  expect(sockets).toHaveLength(6);
});

test.each([
  ['an ack', (socket: ScriptedSocket) => ackAll(socket, 0)],
  [
    'changes',
    (socket: ScriptedSocket) => socket.deliver({ type: 'changes', changes: [], cursor: 2 }),
  ],
  [
    'a snapshot',
    (socket: ScriptedSocket) =>
      socket.deliver({ type: 'snapshot', snapshot: demoSnapshot(), cursor: 2 }),
  ],
  [
    'a pong, a heartbeat after welcome',
    (socket: ScriptedSocket) => {
      clock.advance(15_000);
      socket.deliver({ type: 'pong', t: clock.now() });
    },
  ],
])('%s shows the connection works and resets the delay', (_, works) => {
  sell(1);
  for (let i = 0; i < 3; i++) {
    connectAndWelcome().serverClose(1013);
    clock.advance(retryDelay());
  }
  const socket = connectAndWelcome();
  works(socket);
  socket.serverClose(1013);
  expect(retryDelay()).toBe(499);
});

test('a batch whose ack never came is pushed again on the next connection', () => {
  sell(3);
  const first = connectAndWelcome();
  expect(first.pushes()).toHaveLength(1);
  first.serverClose(1006);
  clock.advance(500);
  const second = last();
  second.open();
  second.deliver({
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    deviceId: testIdentity.deviceId,
    deviceCode: testIdentity.deviceCode,
    ackedSeq: 3,
    serverTime: clock.now(),
  });
  expect(second.pushes()[0].ops.map((op) => op.seq)).toEqual([1, 2, 3]);
  second.deliver({
    type: 'ack',
    results: second
      .pushes()[0]
      .ops.map((op) => ({ id: op.id, seq: op.seq, status: 'duplicate' as const })),
    ackedSeq: 3,
  });
  expect(ledger.outbox.size).toBe(0);
});

describe('a push the server refuses whole (bad_message: no ack will come)', () => {
  const seqsOf = (socket: ScriptedSocket) => socket.pushes().map((p) => p.ops.map((op) => op.seq));
  const outboxSeqs = () => ledger.outbox.entries().map((entry) => entry.op.seq);

  function reconnect(previous: ScriptedSocket): ScriptedSocket {
    previous.serverClose(1006);
    clock.advance(30_000);
    expect(last()).not.toBe(previous);
    return connectAndWelcome();
  }

  beforeEach(() => {
    engine.dispose();
    engine = newEngine({ pushBatch: 2 });
    sell(6);
  });

  test('stops pushing on that socket, still pulls, and sends the refused operations first next time', () => {
    const socket = connectAndWelcome();
    expect(seqsOf(socket)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    socket.deliver({ type: 'error', code: 'bad_message', message: 'message refused: ops.0' });
    ackAll(socket, 1);
    sell(1);
    // Nothing is pushed ahead of the refused operations, and changes still come.
    expect(seqsOf(socket)).toHaveLength(2);
    expect(socket.sent.filter((m) => m.type === 'pull')).toHaveLength(1);
    expect(engine.status().lastError).toMatch(/server refused operations.*bad_message/);
    expect(outboxSeqs()).toEqual([1, 2, 5, 6, 7]);
    expect(ledger.outbox.tally()).toMatchObject({ unsynced: 5, refused: [] });

    const next = reconnect(socket);
    expect(seqsOf(next)[0]).toEqual([1, 2]);
  });

  test('ends the socket once the other push is answered, says why, and pushes again after the backoff', () => {
    const socket = connectAndWelcome();
    socket.deliver({ type: 'error', code: 'bad_message', message: 'message refused: ops.0' });
    // The other push may still be stored: its ack is awaited, and changes are not held back.
    expect(socket.closedWith).toBeNull();
    expect(engine.status().connection).toBe('online');
    ackAll(socket, 1);
    expect(socket.closedWith).not.toBeNull();
    expect(engine.status()).toMatchObject({
      connection: 'offline',
      reason: expect.stringMatching(
        /server refused operations: message refused: ops\.0 \(bad_message\)/,
      ),
    });
    expect(retryDelay()).toBe(499);
    clock.advance(499);
    const next = connectAndWelcome();
    expect(next).not.toBe(socket);
    expect(seqsOf(next)[0]).toEqual([1, 2]);
    ackAll(next, 0);
    ackAll(next, 1);
    expect(ledger.outbox.size).toBe(0);
    expect(engine.status().connection).toBe('online');
  });

  test('with no other push in flight, the socket ends at once', () => {
    engine.dispose();
    engine = newEngine({ pushBatch: 6 });
    const socket = connectAndWelcome();
    expect(seqsOf(socket)).toEqual([[1, 2, 3, 4, 5, 6]]);
    socket.deliver({ type: 'error', code: 'bad_message', message: 'message refused: ops.2' });
    expect(socket.closedWith).not.toBeNull();
    // Nothing asked of a socket that is ending.
    expect(socket.sent.filter((m) => m.type === 'pull')).toHaveLength(0);
    expect(engine.status().connection).toBe('offline');
    expect(last()).toBe(socket);
    clock.advance(retryDelay());
    expect(last()).not.toBe(socket);
  });

  test('an ack that does not come does not keep the socket: it ends after answerTimeoutMs', () => {
    engine.dispose();
    engine = newEngine({ pushBatch: 2, answerTimeoutMs: 3000 });
    const socket = connectAndWelcome();
    socket.deliver({ type: 'error', code: 'bad_message', message: 'message refused: ops.0' });
    clock.advance(2999);
    expect(socket.closedWith).toBeNull();
    clock.advance(1);
    expect(socket.closedWith).not.toBeNull();
    expect(engine.status()).toMatchObject({
      connection: 'offline',
      reason: expect.stringMatching(/server refused operations/),
    });
  });

  test('a server that refuses the same push every time is asked ever more slowly, acks or not', () => {
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const socket = connectAndWelcome();
      expect(seqsOf(socket)[0]).toEqual([1, 2]);
      socket.deliver({ type: 'error', code: 'bad_message', message: 'message refused: ops.0' });
      // A pong comes, and the push beside it is stored and answered (while there is one): the
      // connection still did not work, since the refused operations are still not sent.
      socket.deliver({ type: 'pong', t: clock.now() });
      if (socket.pushes().length > 1) ackAll(socket, 1);
      expect(engine.status().connection).toBe('offline');
      delays.push(retryDelay());
      clock.advance(delays[i]);
    }
    expect(delays).toEqual([499, 999, 1999, 3999, 7999, 15999]);
    expect(sockets).toHaveLength(7);
    expect(outboxSeqs()).toEqual([1, 2]);

    // Taken at last: the next failure starts from the shortest delay again.
    const socket = connectAndWelcome();
    ackAll(socket, 0);
    expect(ledger.outbox.size).toBe(0);
    socket.serverClose(1006);
    expect(retryDelay()).toBe(499);
  });

  test('its error may come before the ack of an earlier push: the ack still finds its own push', () => {
    const socket = connectAndWelcome();
    // The second push is malformed: refused at once, while the first is still being stored.
    socket.deliver({ type: 'error', code: 'bad_message', message: 'message refused: ops.1' });
    ackAll(socket, 0);
    expect(seqsOf(socket)).toHaveLength(2);
    expect(outboxSeqs()).toEqual([3, 4, 5, 6]);

    const next = reconnect(socket);
    expect(seqsOf(next)[0]).toEqual([3, 4]);
    ackAll(next, 0);
    ackAll(next, 1);
    expect(ledger.outbox.size).toBe(0);
    expect(next.sent.filter((m) => m.type === 'pull')).toHaveLength(1);
  });
});
