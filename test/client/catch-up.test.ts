// The sync engine's "caught up", against a scripted server: online is not enough (the replica is
// as old as the last socket until the catch-up answering this one's pull is applied). The server
// marks the catch-up's last frame `caughtUp` (an empty frame when nothing was missed), and a whole
// snapshot is a whole catch-up; only then is the device caught up. A dropped socket starts over.
import { PROTOCOL_VERSION } from '@pos/shared';
import { recordSales, testIdentity } from './support/offline-seed';
import { scriptedEngine, type ScriptedEngine } from './support/scripted-engine';
import type { ScriptedSocket } from './support/scripted-socket';
import { demo } from '../support/test-server';
import { CatalogStore } from '../../miniprogram/stores/catalog-store';
import { MemberStore } from '../../miniprogram/stores/member-store';
import { SessionStore } from '../../miniprogram/stores/session-store';
import { SyncStore } from '../../miniprogram/stores/sync-store';

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

const liu = demo.members[1];
const cap = demo.settings.offlineStoredValueCap.perMember;

/** A change frame: a member's record as the server holds it now, at `cursor`. */
function memberChange(socket: ScriptedSocket, cursor: number, balance: number, caughtUp = false) {
  const member = { ...liu, balance };
  socket.deliver({
    type: 'changes',
    changes: [{ kind: 'member', cursor, member }],
    cursor,
    ...(caughtUp && { caughtUp: true as const }),
  });
}

test('online at welcome, caught up only once the frame marking the end of the catch-up came', () => {
  const socket = connect();
  expect(status()).toMatchObject({ connection: 'online', caughtUp: false });
  // The hello asks from the device's own cursor: no probe, no change sent again.
  expect(socket.sent[0]).toMatchObject({ type: 'hello', cursor: scripted.ledger.replica.cursor });

  memberChange(socket, 2, 0);
  // Applied, but more frames of the same catch-up may be on their way.
  expect(scripted.ledger.replica.members.get(liu.id)?.balance).toBe(0);
  expect(status().caughtUp).toBe(false);
  // A pong says nothing of the catch-up.
  socket.deliver({ type: 'pong', t: scripted.clock.now() });
  expect(status().caughtUp).toBe(false);
  memberChange(socket, 3, 0, true);
  expect(status()).toMatchObject({ connection: 'online', caughtUp: true });
  expect(socket.sent.some((m) => m.type === 'ping')).toBe(false);

  // Gone: not caught up again until the next socket's catch-up is in.
  socket.serverClose(1006);
  expect(status()).toMatchObject({ connection: 'offline', caughtUp: false });
});

test('nothing missed: the empty marker frame makes it caught up and leaves the cursor as it was', () => {
  const socket = connect();
  const cursor = scripted.ledger.replica.cursor!;
  socket.deliver({ type: 'changes', changes: [], cursor, caughtUp: true });
  expect(status().caughtUp).toBe(true);
  expect(scripted.ledger.replica.cursor).toBe(cursor);
});

/** The till's member and sync stores over the scripted engine, as the client wires them. */
function tillStores() {
  const { ledger, clock, engine } = scripted;
  const unreachable = () => Promise.reject(new Error('no HTTP in this test'));
  const session = new SessionStore({
    ledger,
    clock,
    http: { postJson: unreachable, getJson: unreachable },
    onPaired: () => undefined,
    onUnpaired: () => undefined,
  });
  const catalog = new CatalogStore({ ledger, clock, session });
  const sync = new SyncStore({ ledger, engine, clock, session });
  const members = new MemberStore({ ledger, clock, session, catalog, sync });
  engine.onStatus(() => sync.refresh());
  ledger.subscribe((topics) => {
    catalog.refresh(topics);
    members.refresh();
    sync.refresh();
  });
  return { sync, members };
}

test('without the marker the till stays capped, whatever changes come', () => {
  const { sync, members } = tillStores();
  expect(cap).toBeLessThan(liu.balance);
  const socket = connect();
  const cursor = scripted.ledger.replica.cursor!;
  // Live-looking changes, an empty frame unmarked, a pong: none says the catch-up is in.
  memberChange(socket, cursor + 1, liu.balance);
  socket.deliver({ type: 'changes', changes: [], cursor: cursor + 1 });
  socket.deliver({ type: 'pong', t: -1 });
  expect(sync.isOnline).toBe(true);
  expect(sync.isCaughtUp).toBe(false);
  expect(members.accountOf(liu.phone)?.balance).toBe(liu.balance);
  expect(members.spendable(liu.phone)).toBe(cap);
  expect(members.checkSpend(liu.phone, liu.balance)).toMatchObject({
    ok: false,
    error: { code: 'stored_value_catching_up' },
  });

  // The marker lifts the cap.
  socket.deliver({ type: 'changes', changes: [], cursor: cursor + 1, caughtUp: true });
  expect(sync.isCaughtUp).toBe(true);
  expect(members.spendable(liu.phone)).toBe(liu.balance);
});

test('with operations to push, the catch-up comes after the pull, and only its marker counts', () => {
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

  memberChange(socket, 2, 0, true);
  expect(status().caughtUp).toBe(true);
});

test('a snapshot in parts: caught up once the last part is applied, not at the first', () => {
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
  expect(status().caughtUp).toBe(false);
  socket.deliver({ type: 'snapshot', snapshot: { ...snapshot, members: demo.members }, cursor: 9 });
  expect(status().caughtUp).toBe(true);
  expect(scripted.ledger.replica.cursor).toBe(9);
});
