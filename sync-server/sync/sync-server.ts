// The sync channel: one WebSocket per device at /sync (ws in noServer mode), authenticated by
// its first message. Pushes are acknowledged once durable; changes fan out once durable, to a
// device that came back with operations to push only once it has pushed them (and sent `pull`).
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { clientMessageSchema, closeCodes, MAX_FRAME_BYTES, parseJsonWith } from '@pos/shared';
import { ChangeStream } from './change-stream';
import { DeviceOutboxes } from './device-outboxes';
import { DeviceSessions } from './device-sessions';
import { hello, type HelloDeps } from './hello';
import { triagePush } from './push-triage';
import { Pushes } from './pushes';
import { PushesFirst } from './pushes-first';
import { TokenBucket } from './rate-limiter';
import { enqueue, fail, openSession, send, type Session } from './session';
import type { SyncServer, SyncServerOptions } from './sync-server-options';

export function createSyncServer(options: SyncServerOptions): SyncServer {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const changesPerFrame = options.changesPerFrame ?? 500;
  const maxBufferedBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const sessions = new Set<Session>();
  const deviceSessions = new DeviceSessions<Session>();
  const pushesFirst = new PushesFirst<Session>(options.maxPullDelayMs ?? 2000);
  const outboxes = new DeviceOutboxes(now);
  const stream = new ChangeStream(store, now, changesPerFrame);
  const pushes = new Pushes(store, logger, now, pushesFirst);
  const helloDeps: HelloDeps = {
    store,
    logger,
    now,
    deviceSessions,
    pushesFirst,
    outboxes,
    stream,
  };

  const unsubscribe = store.onChanges((changes, encoded) => {
    stream.live(changes, encoded, sessions);
    // A revoked device loses its socket at once.
    for (const change of changes) {
      if (change.kind !== 'device' || change.device.revokedAt === null) continue;
      const session = deviceSessions.of(change.device.id);
      if (session)
        fail(session, 'revoked', 'this device was revoked by a manager', closeCodes.revoked);
    }
  });

  async function pull(session: Session): Promise<void> {
    if (session.streaming) return;
    if (!session.refusedWhole) outboxes.pulled(session.deviceId!);
    await pushesFirst.othersDone(session);
    if (session.ws.readyState !== session.ws.OPEN) return;
    const caughtUp = await stream.start(session);
    logger.info({ device: session.deviceId, caughtUp }, 'device pulled');
  }

  function onMessage(session: Session, data: RawData): void {
    session.alive = true;
    if (!session.limiter.take()) {
      return fail(session, 'rate_limited', 'too many messages: slow down', closeCodes.rateLimited);
    }
    const text = data.toString();
    const parsed = parseJsonWith(clientMessageSchema, text);
    if (!parsed.ok) {
      const triaged = session.ready ? triagePush(text) : null;
      if (triaged) return pushes.accept(session, triaged.valid, triaged.refused);
      const authenticated = session.deviceId !== null;
      if (authenticated) session.refusedWhole = true;
      return fail(
        session,
        'bad_message',
        `message refused: ${parsed.error}`,
        authenticated ? undefined : closeCodes.badFrame,
      );
    }
    const message = parsed.value;
    if (message.type === 'ping') return send(session, { type: 'pong', t: message.t });
    if (message.type === 'hello') {
      if (session.helloSaid)
        return fail(
          session,
          'bad_message',
          'this socket already said hello: one socket speaks for one device',
        );
      session.helloSaid = true;
      const { protocol, token, cursor } = message;
      const pending = message.pending === true;
      return enqueue(
        session,
        () => hello(helloDeps, session, { protocol, token, cursor, pending }),
        logger,
      );
    }
    // Not `unauthorized`: a device told that stops and asks to be paired again.
    if (!session.ready)
      return fail(
        session,
        'bad_message',
        'say hello with a device token first',
        closeCodes.badFrame,
      );
    if (message.type === 'pull') return enqueue(session, () => pull(session), logger);
    pushes.accept(session, message.ops);
  }

  function onConnection(ws: WebSocket): void {
    const session = openSession(ws, {
      acceptedOrder: deviceSessions.nextAcceptedOrder(),
      limiter: new TokenBucket(options.messagesPerSecond ?? 200, options.messageBurst ?? 400, now),
      maxBufferedBytes,
    });
    sessions.add(session);
    // A hello slowed down by bad Wi-Fi: the device is not unknown (`unauthorized` would stop it
    // for good and ask for pairing again), it reconnects on this code.
    const helloTimer = setTimeout(() => {
      if (!session.helloSaid)
        fail(session, 'hello_timeout', 'no hello within the time allowed', closeCodes.badFrame);
    }, options.helloTimeoutMs ?? 10_000);
    ws.on('message', (data) => {
      // A throw here would end the process, and every other till's sync with it.
      try {
        onMessage(session, data);
      } catch (error) {
        logger.error({ err: error, device: session.deviceId }, 'message failed');
        fail(
          session,
          'server_error',
          'the server could not handle this message',
          closeCodes.goingAway,
        );
      }
    });
    ws.on('pong', () => (session.alive = true));
    ws.on('error', (error) =>
      logger.warn({ err: error, device: session.deviceId }, 'socket error'),
    );
    ws.on('close', (code) => {
      clearTimeout(helloTimer);
      sessions.delete(session);
      pushesFirst.forget(session);
      if (session.deviceId && deviceSessions.release(session.deviceId, session))
        outboxes.disconnected(session.deviceId);
      logger.info({ device: session.deviceId, code }, 'socket closed');
    });
  }

  const heartbeat = setInterval(() => {
    for (const session of sessions) {
      if (!session.alive) {
        session.ws.terminate();
        continue;
      }
      session.alive = false;
      session.ws.ping();
    }
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    handleUpgrade(request, socket, head) {
      // Node takes its own 'error' listener off a socket it hands to 'upgrade': without this one, a
      // client that resets the connection is an uncaught error, and the whole server exits.
      socket.on('error', () => socket.destroy());
      // Not `new URL`: it throws on a target such as `//[`, and one such request from anyone on
      // the Wi-Fi would end the process.
      const pathname = (request.url ?? '/').split('?')[0];
      if (pathname !== '/sync') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws));
    },
    connectedDevices: () => deviceSessions.deviceIds(),
    outboxStates: () => outboxes.states(),
    async close() {
      /**
       * How long the devices get to answer the close: one whose connection is dead (a tablet out of
       * Wi-Fi range) never does, and ws would wait 30 s, past `docker stop`'s 10 s before SIGKILL.
       */
      const CLOSE_ANSWER_WAIT_MS = 2_000;
      clearInterval(heartbeat);
      unsubscribe();
      await Promise.all([...sessions].map((session) => session.queue));
      for (const session of sessions)
        session.ws.close(closeCodes.goingAway, 'server shutting down');
      const closed = new Promise<void>((resolve) => wss.close(() => resolve()));
      // Every push was answered above (a device that missed its answer pushes it again, and the
      // repeat is recognised): ending a silent socket loses nothing.
      const endSilent = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, CLOSE_ANSWER_WAIT_MS);
      await closed;
      clearTimeout(endSilent);
    },
  };
}
