// WeChat updates tills before the shop updates its in-store server: a till speaking a newer sync
// protocol than the server's is refused at hello. The till must say the store's server needs
// updating (not the app it just updated), keep knocking now and then on the usual backoff, and sync
// as soon as the server is updated, without being relaunched. A till too old for the server still
// stops and asks for the app to be updated. The engine against a scripted server.
import {
  closeCodes,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  type ServerMessage,
} from '@pos/shared';
import { testIdentity } from './support/offline-seed';
import { scriptedEngine, type ScriptedEngine } from './support/scripted-engine';

let setting: ScriptedEngine;
beforeEach(() => (setting = scriptedEngine()));
afterEach(() => {
  setting.engine.dispose();
  return setting.storage.standIn.dispose();
});

const last = () => setting.sockets[setting.sockets.length - 1];
const status = () => setting.engine.status();

/** What a server speaking protocols `min` to `max` says to this till's hello. */
const range = (min: number, max: number) =>
  `speaks sync protocol ${min} to ${max}, this device ${PROTOCOL_VERSION}`;
/** The words of a server with this fix, and of one from before it (which said "update the app"). */
const olderServerSays = `the store's server ${range(MIN_PROTOCOL_VERSION, PROTOCOL_VERSION - 1)}: update the store's server`;
const olderServerBeforeTheCodeSays = `the server ${range(MIN_PROTOCOL_VERSION, PROTOCOL_VERSION - 1)}: update the app`;

/** The newest socket opens, says hello, and the server refuses it: a frame (or none), then a close. */
function refusedAtHello(error: ServerMessage | null, close: [number, string]): void {
  const socket = last();
  socket.open();
  expect(socket.sent[0]).toMatchObject({ type: 'hello', protocol: PROTOCOL_VERSION });
  if (error) socket.deliver(error);
  socket.serverClose(...close);
}

function welcomed(): void {
  last().open();
  last().deliver({
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    deviceId: testIdentity.deviceId,
    deviceCode: testIdentity.deviceCode,
    ackedSeq: 0,
    serverTime: setting.clock.now(),
  });
}

test.each<[string, ServerMessage | null, [number, string]]>([
  [
    'its server_outdated error',
    { type: 'error', code: 'server_outdated', message: olderServerSays },
    [1006, ''],
  ],
  [
    'the protocol_version error of a server from before that code, naming a lower range',
    { type: 'error', code: 'protocol_version', message: olderServerBeforeTheCodeSays },
    [closeCodes.protocolVersion, olderServerBeforeTheCodeSays],
  ],
  ['its close 4400 alone, the reason naming a lower range', null, [4400, olderServerSays]],
])(
  'refused as newer than the server by %s: says to update the server, retries, and syncs once it is',
  (_, error, close) => {
    const { engine, clock } = setting;
    engine.start();
    refusedAtHello(error, close);
    expect(status()).toMatchObject({
      connection: 'server_outdated',
      reason: expect.stringMatching(/update the store's server/),
    });
    expect(status().reason).not.toMatch(/update the app/);

    // Not a stop: the till knocks again on the backoff, and again while the server is not updated.
    expect(status().nextRetryAt).not.toBeNull();
    clock.advance(status().nextRetryAt! - clock.now());
    expect(setting.sockets).toHaveLength(2);
    // While it knocks, the till still says the server needs updating, not 连接中.
    expect(status()).toMatchObject({
      connection: 'server_outdated',
      reason: expect.stringMatching(/update the store's server/),
    });
    refusedAtHello(error, close);
    expect(status().connection).toBe('server_outdated');
    clock.advance(status().nextRetryAt! - clock.now());
    expect(setting.sockets).toHaveLength(3);

    // The shop updated its server: the next knock is welcomed, no relaunch needed.
    welcomed();
    expect(status()).toMatchObject({ connection: 'online', reason: null, nextRetryAt: null });
  },
);

test('重试 by hand, or the app shown again, asks at once while the server is older', () => {
  const { engine } = setting;
  engine.start();
  refusedAtHello({ type: 'error', code: 'server_outdated', message: olderServerSays }, [4400, '']);
  engine.retryByHand();
  expect(setting.sockets).toHaveLength(2);
  refusedAtHello({ type: 'error', code: 'server_outdated', message: olderServerSays }, [4400, '']);
  engine.connectNow();
  expect(setting.sockets).toHaveLength(3);
  welcomed();
  expect(status().connection).toBe('online');
});

test.each<[string, string]>([
  [
    'the server says so',
    `the server ${range(PROTOCOL_VERSION + 1, PROTOCOL_VERSION + 2)}: update the app`,
  ],
  ['the server names no range', 'the server says no'],
])(
  'a till too old for the server still stops and asks for the app to be updated (%s)',
  (_, message) => {
    const { engine, clock } = setting;
    engine.start();
    refusedAtHello({ type: 'error', code: 'protocol_version', message }, [4400, message]);
    expect(status()).toMatchObject({
      connection: 'outdated',
      reason: expect.stringMatching(/update the app/),
      nextRetryAt: null,
    });
    clock.advance(10 * 60_000);
    expect(setting.sockets).toHaveLength(1);
  },
);
