// The sync engine's "caught up", against a scripted server: online is not enough (the replica is
// as old as the last socket until the catch-up answering this one's pull is applied). The first
// catch-up frame sends a ping; the server sends a catch-up's frames together, so its pong comes
// after the last of them, and only then is the device caught up. A dropped socket starts over.
import { PROTOCOL_VERSION, type ClientMessage } from '@pos/shared';
import { recordSales, testIdentity } from './support/offline-seed';
import { scriptedEngine, type ScriptedEngine } from './support/scripted-engine';
import type { ScriptedSocket } from './support/scripted-socket';
import { demo } from '../support/test-server';

let scripted: ScriptedEngine;

beforeEach(() => {
  scripted = scriptedEngine();
});
afterEach(() => {
  scripted.engine.dispose();
  return scripted.storage.standIn.dispose();
});

const status = () => scripted.engine.status();

function connect(): ScriptedSocket {
  const { engine, sockets, clock } = scripted;
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

const pings = (socket: ScriptedSocket) =>
  socket.sent.filter((m): m is Extract<ClientMessage, { type: 'ping' }> => m.type === 'ping');

/** A catch-up frame: a member's record as the server holds it now, at `cursor`. */
function memberChange(socket: ScriptedSocket, cursor: number, balance: number): void {
  const member = { ...demo.members[1], balance };
  socket.deliver({ type: 'changes', changes: [{ kind: 'member', cursor, member }], cursor });
}

test('online at welcome, caught up only once the pong to the ping after the catch-up came', () => {
  const socket = connect();
  expect(status()).toMatchObject({ connection: 'online', caughtUp: false });
  expect(pings(socket)).toEqual([]);

  memberChange(socket, 2, 0);
  // Applied, but more frames of the same catch-up may be on their way: a ping goes after them.
  expect(scripted.ledger.replica.members.get(demo.members[1].id)?.balance).toBe(0);
  const [probe] = pings(socket);
  expect(probe.t).toBeLessThan(0);
  expect(status().caughtUp).toBe(false);
  memberChange(socket, 3, 0);
  expect(pings(socket)).toHaveLength(1);

  // A heartbeat's pong says nothing of the catch-up.
  socket.deliver({ type: 'pong', t: scripted.clock.now() });
  expect(status().caughtUp).toBe(false);
  socket.deliver({ type: 'pong', t: probe.t });
  expect(status()).toMatchObject({ connection: 'online', caughtUp: true });

  // Gone: not caught up again until the next socket's catch-up is in.
  socket.serverClose(1006);
  expect(status()).toMatchObject({ connection: 'offline', caughtUp: false });
});

test('with operations to push, the catch-up comes after the pull, and only that counts', () => {
  recordSales(scripted.ledger, scripted.clock, 2);
  const socket = connect();
  const [push] = socket.pushes();
  expect(socket.sent.some((m) => m.type === 'pull')).toBe(false);
  socket.deliver({
    type: 'ack',
    results: push.ops.map((op) => ({ id: op.id, seq: op.seq, status: 'applied' as const })),
    ackedSeq: push.ops[push.ops.length - 1].seq,
  });
  expect(socket.sent[socket.sent.length - 1]).toEqual({ type: 'pull' });
  expect(status().caughtUp).toBe(false);

  memberChange(socket, 2, 0);
  const [probe] = pings(socket);
  socket.deliver({ type: 'pong', t: probe.t });
  expect(status().caughtUp).toBe(true);
});

test('a snapshot in parts: the ping goes at the first part, and the pong follows the last', () => {
  const socket = connect();
  const snapshot = {
    settings: demo.settings,
    categories: demo.categories,
    products: [],
    stock: [],
    staff: demo.staff,
    members: [],
    devices: [],
    orders: [],
  };
  socket.deliver({ type: 'snapshot', snapshot, cursor: 9, more: true });
  const [probe] = pings(socket);
  expect(probe.t).toBeLessThan(0);
  socket.deliver({ type: 'snapshot', snapshot: { ...snapshot, members: demo.members }, cursor: 9 });
  socket.deliver({ type: 'pong', t: probe.t });
  expect(status().caughtUp).toBe(true);
  expect(scripted.ledger.replica.cursor).toBe(9);
});
