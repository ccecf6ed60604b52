// A device's hello, which authenticates its socket: the protocol it speaks, its token, its claim to
// be the socket its device speaks through; then its welcome, and its changes (or, when it has
// operations to push, its pushes first).
import type { Logger } from 'pino';
import { closeCodes, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from '@pos/shared';
import type { Store } from '../store/store';
import type { ChangeStream } from './change-stream';
import type { DeviceOutboxes } from './device-outboxes';
import type { DeviceSessions } from './device-sessions';
import type { PushesFirst } from './pushes-first';
import { fail, send, type Session } from './session';

export interface HelloDeps {
  store: Store;
  logger: Logger;
  now: () => number;
  deviceSessions: DeviceSessions<Session>;
  pushesFirst: PushesFirst<Session>;
  outboxes: DeviceOutboxes;
  stream: ChangeStream;
}

export interface Hello {
  protocol: number;
  token: string;
  cursor: number | null;
  /** The device has operations to push. */
  pending: boolean;
}

export async function hello(
  deps: HelloDeps,
  session: Session,
  { protocol, token, cursor, pending }: Hello,
): Promise<void> {
  const { store, logger, now, deviceSessions } = deps;
  const range = `speaks sync protocol ${MIN_PROTOCOL_VERSION} to ${PROTOCOL_VERSION}, this device ${protocol}`;
  if (protocol < MIN_PROTOCOL_VERSION)
    return fail(
      session,
      'protocol_version',
      `the server ${range}: update the app`,
      closeCodes.protocolVersion,
    );
  // WeChat updates tills before the shop updates this server. The same close: a till that does not
  // know `server_outdated` still stops on it, as it did before. The range is in the words (and so in
  // the close reason) as it always was, for a till that reads it.
  if (protocol > PROTOCOL_VERSION)
    return fail(
      session,
      'server_outdated',
      `the store's server ${range}: update the store's server`,
      closeCodes.protocolVersion,
    );
  const device = store.deviceByToken(token);
  if (!device)
    return fail(
      session,
      'unauthorized',
      'unknown device token: pair this device again',
      closeCodes.unauthorized,
    );
  if (device.revokedAt !== null)
    return fail(session, 'revoked', 'this device was revoked by a manager', closeCodes.revoked);
  // Not a code the device stops on: it gave this socket up already, and ignores what it says.
  const claim = deviceSessions.claim(device.id, session);
  if (!claim.taken)
    return fail(
      session,
      'superseded',
      'this device already speaks through a newer connection: this one is closed',
      closeCodes.superseded,
    );
  if (claim.replaced)
    fail(
      claim.replaced,
      'replaced',
      'a newer connection from this device replaced this one',
      closeCodes.replaced,
    );
  session.deviceId = device.id;
  device.lastSeenAt = now();
  send(session, {
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    deviceId: device.id,
    deviceCode: device.code,
    ackedSeq: device.ackedSeq,
    serverTime: now(),
  });
  session.ready = true;
  session.helloCursor = cursor;
  session.protocol = protocol;
  if (protocol >= 2) deps.outboxes.hello(device.id, pending);
  // Its outbox first: the device should not stay the only copy of its sales, and changes sent
  // meanwhile would only compete with its pushes (it asks for them with `pull` once drained).
  if (pending) {
    deps.pushesFirst.willPush(session);
    return logger.info({ device: device.code, cursor }, 'device connected, pushing');
  }
  const caughtUp = await deps.stream.start(session);
  logger.info({ device: device.code, cursor, caughtUp }, 'device connected');
}
