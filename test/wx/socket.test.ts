// connectSocket against a real `ws` server on loopback: events and close codes reach the
// callbacks, the 6th socket is refused, failures give onError then onClose, offline drops sockets
// (or, as some phones do, leaves them half-open).
import { createWxStandIn, type WxApi, type WxStandIn } from './index';
import {
  startSilentServer,
  startWsServer,
  unusedPort,
  until,
  type WsTestServer,
} from './local-servers';

type Event = { kind: 'open' | 'message' | 'error' | 'close'; payload: Record<string, unknown> };

interface Recorded {
  task: WechatMiniprogram.SocketTask;
  events: Event[];
  kinds(): string[];
  last(kind: Event['kind']): Record<string, unknown> | undefined;
}

function connect(
  wx: WxApi,
  url: string,
  extra: Partial<WechatMiniprogram.ConnectSocketOption> = {},
) {
  const task = wx.connectSocket({ url, ...extra });
  const events: Event[] = [];
  const push = (kind: Event['kind']) => (payload: object) =>
    events.push({ kind, payload: payload as Record<string, unknown> });
  task.onOpen(push('open'));
  task.onMessage(push('message'));
  task.onError(push('error'));
  task.onClose(push('close'));
  const recorded: Recorded = {
    task,
    events,
    kinds: () => events.map((event) => event.kind),
    last: (kind) => [...events].reverse().find((event) => event.kind === kind)?.payload,
  };
  return recorded;
}

const opened = (socket: Recorded) => until(() => socket.kinds().includes('open'), 'onOpen');
const closed = (socket: Recorded) => until(() => socket.kinds().includes('close'), 'onClose');

function settle<T>(run: (callbacks: { success: (r: T) => void; fail: (e: T) => void }) => void) {
  return new Promise<{ ok: boolean; result: T }>((resolve) =>
    run({
      success: (result) => resolve({ ok: true, result }),
      fail: (result) => resolve({ ok: false, result }),
    }),
  );
}

let standIn: WxStandIn;
let server: WsTestServer;

beforeEach(async () => {
  standIn = createWxStandIn();
  server = await startWsServer();
});
afterEach(async () => {
  await standIn.dispose();
  await server.close();
});

test('opens, exchanges text and binary messages, and closes with a code and reason', async () => {
  let connected: unknown = null;
  const socket = connect(standIn.wx, server.url, { success: (result) => (connected = result) });
  const serverSide = await server.nextClient();
  await opened(socket);
  // WeChat creates the task at once: success says nothing about the connection, onOpen does.
  expect(connected).toEqual({ errMsg: 'connectSocket:ok' });
  expect(socket.last('open')?.header).toMatchObject({ Upgrade: 'websocket' });
  expect(standIn.openSockets()).toBe(1);

  const sent = await settle((callbacks) => socket.task.send({ data: 'hello', ...callbacks }));
  expect(sent).toEqual({ ok: true, result: { errMsg: 'sendSocketMessage:ok' } });
  socket.task.send({ data: new Uint8Array([1, 2, 3]).buffer });
  await until(() => server.received.length === 2, 'server received both');
  expect(server.received).toEqual(['hello', '<bytes 3>']);

  serverSide.send('{"type":"welcome"}');
  serverSide.send(Buffer.from([9, 8]), { binary: true });
  await until(() => socket.kinds().filter((kind) => kind === 'message').length === 2, 'messages');
  const messages = socket.events.filter((event) => event.kind === 'message');
  expect(messages[0].payload.data).toBe('{"type":"welcome"}');
  expect(messages[1].payload.data).toBeInstanceOf(ArrayBuffer);
  expect([...new Uint8Array(messages[1].payload.data as ArrayBuffer)]).toEqual([9, 8]);

  const closing = await settle((callbacks) =>
    socket.task.close({ code: 3001, reason: 'shift closed', ...callbacks }),
  );
  expect(closing).toEqual({ ok: true, result: { errMsg: 'closeSocket:ok' } });
  await closed(socket);
  expect(socket.last('close')).toEqual({ code: 3001, reason: 'shift closed' });
  expect(socket.kinds()).not.toContain('error');
  await until(() => server.closes.length > 0, 'server saw the close');
  expect(server.closes[0]).toEqual({ code: 3001, reason: 'shift closed' });
});

test("the server's close code and reason reach onClose", async () => {
  const socket = connect(standIn.wx, server.url);
  const serverSide = await server.nextClient();
  await opened(socket);
  serverSide.close(4001, 'device revoked');
  await closed(socket);
  expect(socket.last('close')).toEqual({ code: 4001, reason: 'device revoked' });
  expect(socket.kinds()).toEqual(['open', 'close']);
  expect(standIn.openSockets()).toBe(0);
});

test('send before open and after close fails; a closed socket cannot be reused', async () => {
  const socket = connect(standIn.wx, server.url);
  const early = await settle((callbacks) => socket.task.send({ data: 'too soon', ...callbacks }));
  expect(early).toEqual({
    ok: false,
    result: { errMsg: 'sendSocketMessage:fail WebSocket is not connected' },
  });
  await opened(socket);
  const badCode = await settle((callbacks) => socket.task.close({ code: 1001, ...callbacks }));
  expect(badCode.result).toEqual({
    errMsg: 'closeSocket:fail:The code must be either 1000, or between 3000 and 4999',
  });
  socket.task.close({});
  await closed(socket);
  expect(socket.last('close')).toEqual({ code: 1000, reason: '' });
  const late = await settle((callbacks) => socket.task.send({ data: 'too late', ...callbacks }));
  expect(late.ok).toBe(false);
  const again = await settle((callbacks) => socket.task.close({ ...callbacks }));
  expect(again.ok).toBe(false);
  expect(server.received).toEqual([]);
});

test('at most 5 sockets: the 6th fails with onError and never opens', async () => {
  const five = Array.from({ length: 5 }, () => connect(standIn.wx, server.url));
  await Promise.all(five.map(opened));
  expect(standIn.openSockets()).toBe(5);

  const sixth = connect(standIn.wx, server.url);
  await until(() => sixth.kinds().includes('error'), 'onError of the 6th');
  expect(sixth.last('error')).toEqual({ errMsg: 'fail:max connected' });
  expect(standIn.openSockets()).toBe(5);
  expect(server.clients).toHaveLength(5);

  five[0].task.close({});
  await closed(five[0]);
  const replacement = connect(standIn.wx, server.url);
  await opened(replacement);
  expect(sixth.kinds()).toEqual(['error']);
});

test('an unreachable server gives onError then onClose 1006, and no retry', async () => {
  const port = await unusedPort();
  const socket = connect(standIn.wx, `ws://127.0.0.1:${port}`);
  await closed(socket);
  expect(socket.kinds()).toEqual(['error', 'close']);
  expect(socket.last('error')).toEqual({ errMsg: 'abnormal closure' });
  expect(socket.last('close')).toEqual({ code: 1006, reason: '' });
  expect(standIn.openSockets()).toBe(0);
});

test('a handshake that never completes times out with onError', async () => {
  const silent = await startSilentServer();
  try {
    const socket = connect(standIn.wx, `ws://127.0.0.1:${silent.port}`, { timeout: 100 });
    await until(() => socket.kinds().includes('error'), 'timeout');
    expect(socket.last('error')).toEqual({ errMsg: 'connect response time out' });
    expect(standIn.openSockets()).toBe(0);
  } finally {
    await silent.close();
  }
});

test("answers the server's pings, as WeChat's WebSocket does", async () => {
  const socket = connect(standIn.wx, server.url);
  const serverSide = await server.nextClient();
  await opened(socket);
  const pong = new Promise<string>((resolve) =>
    serverSide.once('pong', (data) => resolve(data.toString())),
  );
  serverSide.ping('beat-1');
  expect(await pong).toBe('beat-1');
});

test('going offline closes open sockets, fails new ones, and nothing reconnects by itself', async () => {
  const socket = connect(standIn.wx, server.url);
  await opened(socket);
  standIn.network.set({ isConnected: false });
  await closed(socket);
  expect(socket.kinds()).toEqual(['open', 'error', 'close']);
  expect(socket.last('error')).toEqual({ errMsg: 'network is down' });
  expect(socket.last('close')).toEqual({ code: 1006, reason: '' });
  expect(standIn.openSockets()).toBe(0);
  await until(() => server.closes.length === 1, 'the server noticed the drop');

  const whileOffline = connect(standIn.wx, server.url);
  await closed(whileOffline);
  expect(whileOffline.kinds()).toEqual(['error', 'close']);
  expect(server.clients).toHaveLength(1);

  standIn.network.set({ isConnected: true });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(server.clients).toHaveLength(1);
  expect(socket.kinds()).toEqual(['open', 'error', 'close']);
});

test('half-open on network loss: no event, sends vanish, nothing arrives, the server hears nothing', async () => {
  const phone = createWxStandIn({ socketsOnNetworkLoss: 'half-open' });
  const socket = connect(phone.wx, server.url);
  const serverSide = await server.nextClient();
  await opened(socket);
  phone.network.set({ isConnected: false });

  const sent = await settle((callbacks) => socket.task.send({ data: 'lost', ...callbacks }));
  expect(sent).toEqual({ ok: true, result: { errMsg: 'sendSocketMessage:ok' } });
  serverSide.send('{"type":"welcome"}');
  let ponged = false;
  serverSide.once('pong', () => (ponged = true));
  serverSide.ping();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect({ ponged, received: server.received, closes: server.closes }).toEqual({
    ponged: false,
    received: [],
    closes: [],
  });
  expect(socket.kinds()).toEqual(['open']);
  expect(phone.openSockets()).toBe(1);

  // The app closing it frees its place; the close cannot reach the server either.
  socket.task.close({});
  expect(phone.openSockets()).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(server.closes).toEqual([]);
  expect(socket.kinds()).toEqual(['open']);
  await phone.dispose();
  await until(() => server.closes.length === 1, 'the connection gone with the stand-in');
});

test('rejects URLs WeChat would not dial', async () => {
  const socket = connect(standIn.wx, 'http://127.0.0.1:1/sync');
  await until(() => socket.kinds().includes('error'), 'onError');
  expect(socket.last('error')).toEqual({ errMsg: 'fail:url not ws or wss' });
});

test('dispose closes open sockets', async () => {
  const socket = connect(standIn.wx, server.url);
  await opened(socket);
  await standIn.dispose();
  expect(standIn.openSockets()).toBe(0);
  await until(() => server.closes.length === 1, 'server saw the socket go');
});
