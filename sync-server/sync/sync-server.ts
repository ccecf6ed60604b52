// The sync channel: one WebSocket per device at /sync (ws in noServer mode), authenticated by
// its first message. Pushes are acknowledged once durable; changes fan out once durable, to a
// device that came back with operations to push only once it has pushed them (and sent `pull`).
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  businessDayOf,
  clientMessageSchema,
  closeCodes,
  MAX_FRAME_BYTES,
  MIN_PROTOCOL_VERSION,
  parseJsonWith,
  PROTOCOL_VERSION,
  type AckResult,
  type Operation,
  type ServerMessage,
} from '@pos/shared';
import type { DeviceOutboxState } from '../reports/report-service';
import { closeReason } from './close-reason';
import { DeviceSessions } from './device-sessions';
import { catchUpFrames, changeFrames, snapshotFrames } from './frames';
import { Outgoing } from './outgoing';
import { mergeAnswers, triagePush } from './push-triage';
import { PushesFirst } from './pushes-first';
import { TokenBucket } from './rate-limiter';
import type { SyncServer, SyncServerOptions } from './sync-server-options';

interface Session {
  ws: WebSocket;
  /** What the server sends it: a catch-up as the socket drains, live changes behind it. */
  outgoing: Outgoing;
  acceptedOrder: number;
  /**
   * Said hello, set as the hello is read: its device is known only once the queued hello runs, and
   * a second hello read before then would have made one socket two devices (the first never let go).
   */
  helloSaid: boolean;
  deviceId: string | null;
  /** Welcomed: may push. */
  ready: boolean;
  /** Gets changes: from hello on, or (a device with operations to push) from its `pull` on. */
  streaming: boolean;
  /** The cursor the device said hello with, kept for its `pull`. */
  helloCursor: number | null;
  /** The protocol the device speaks (from 2 on, it takes a snapshot in parts). */
  protocol: number;
  alive: boolean;
  /** A message of this device was refused whole: its `pull` then does not mean its outbox is pushed. */
  refusedWhole: boolean;
  limiter: TokenBucket;
  /** Pushes are handled one after another, in the order they came. */
  queue: Promise<void>;
  /** Pushes received and not yet answered: past MAX_PUSHES_WAITING the socket is not read. */
  pushesWaiting: number;
}

/**
 * A device sends two pushes before the first ack; one that sends more waits for TCP (its socket is
 * not read meanwhile) rather than piling up frames of up to 1 MB in the server's memory.
 */
export const MAX_PUSHES_WAITING = 4;

export function createSyncServer(options: SyncServerOptions): SyncServer {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const changesPerFrame = options.changesPerFrame ?? 500;
  const maxBufferedBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const sessions = new Set<Session>();
  const deviceSessions = new DeviceSessions<Session>();
  const pushesFirst = new PushesFirst<Session>(options.maxPullDelayMs ?? 2000);
  // For the day-end report's completeness: a device still pushing has sales on their way.
  const outboxes = new Map<string, DeviceOutboxState>();
  /** The last snapshot's frames: devices that pull at the same cursor share them. */
  let lastSnapshot: { cursor: number; day: string; frames: string[] } | null = null;

  const send = (session: Session, message: ServerMessage): void =>
    session.outgoing.send(JSON.stringify(message));

  const fail = (session: Session, code: string, message: string, closeCode?: number): void => {
    send(session, { type: 'error', code, message });
    if (closeCode !== undefined) session.ws.close(closeCode, closeReason(message));
  };

  const unsubscribe = store.onChanges((changes, encoded) => {
    lastSnapshot = null;
    const streaming = [...sessions].filter((session) => session.streaming);
    // Serialized once for all, and not at all while every device is still pushing.
    const frames = streaming.length > 0 ? changeFrames(changes, changesPerFrame, { encoded }) : [];
    // A broadcast serializes once.
    for (const session of streaming) for (const frame of frames) session.outgoing.sendChange(frame);
    // A revoked device loses its socket at once.
    for (const change of changes) {
      if (change.kind !== 'device' || change.device.revokedAt === null) continue;
      const session = deviceSessions.of(change.device.id);
      if (session)
        fail(session, 'revoked', 'this device was revoked by a manager', closeCodes.revoked);
    }
  });

  async function hello(
    session: Session,
    protocol: number,
    token: string,
    cursor: number | null,
    pending: boolean,
  ): Promise<void> {
    if (protocol < MIN_PROTOCOL_VERSION || protocol > PROTOCOL_VERSION) {
      return fail(
        session,
        'protocol_version',
        `the server speaks sync protocol ${MIN_PROTOCOL_VERSION} to ${PROTOCOL_VERSION}, this device ${protocol}: update the app`,
        closeCodes.protocolVersion,
      );
    }
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
    if (protocol >= 2)
      outboxes.set(device.id, {
        pushing: pending,
        outboxEmptyAt: pending ? (outboxes.get(device.id)?.outboxEmptyAt ?? null) : now(),
      });
    // Its outbox first: the device should not stay the only copy of its sales, and changes sent
    // meanwhile would only compete with its pushes (it asks for them with `pull` once drained).
    if (pending) {
      pushesFirst.willPush(session);
      return logger.info({ device: device.code, cursor }, 'device connected, pushing');
    }
    const caughtUp = await startStreaming(session);
    logger.info({ device: device.code, cursor, caughtUp }, 'device connected');
  }

  /**
   * Sends what the device missed since its hello cursor, marked `caughtUp` at its end (or a whole
   * snapshot), then live changes. Returns without waiting for a big catch-up to go out: the
   * device's pushes are not held up behind it.
   */
  async function startStreaming(session: Session): Promise<number | 'snapshot'> {
    const cursor = session.helloCursor;
    const missed = cursor === null ? null : store.changesSince(cursor);
    let frames: string[];
    if (missed) {
      frames = catchUpFrames(missed, store.cursor, changesPerFrame);
    } else {
      const day = businessDayOf(now(), store.settings);
      const { snapshot, cursor: at } = await store.snapshot(day);
      const inParts = session.protocol >= 2;
      const shared = inParts && lastSnapshot?.cursor === at && lastSnapshot.day === day;
      frames = shared ? lastSnapshot!.frames : snapshotFrames(snapshot, at, inParts);
      if (inParts) lastSnapshot = { cursor: at, day, frames };
    }
    // Same tick as the catch-up: no change can fall between the two, and live ones wait behind it.
    void session.outgoing.sendCatchUp(frames);
    session.streaming = true;
    return missed ? missed.length : 'snapshot';
  }

  async function pull(session: Session): Promise<void> {
    if (session.streaming) return;
    const outbox = outboxes.get(session.deviceId!);
    if (outbox && !session.refusedWhole)
      outboxes.set(session.deviceId!, { pushing: false, outboxEmptyAt: now() });
    await pushesFirst.othersDone(session);
    if (session.ws.readyState !== session.ws.OPEN) return;
    const caughtUp = await startStreaming(session);
    logger.info({ device: session.deviceId, caughtUp }, 'device pulled');
  }

  async function push(session: Session, ops: Operation[], refused: AckResult[]): Promise<void> {
    const deviceId = session.deviceId!;
    const stored = ops.length > 0 ? await store.submit(deviceId, ops) : [];
    const device = store.device(deviceId);
    if (device) device.lastSeenAt = now();
    const results = mergeAnswers(stored, refused);
    send(session, { type: 'ack', results, ackedSeq: device?.ackedSeq ?? 0 });
  }

  function acceptPush(session: Session, ops: Operation[], refused: AckResult[] = []): void {
    pushesFirst.pushReceived(session);
    if (++session.pushesWaiting === MAX_PUSHES_WAITING) session.ws.pause();
    enqueue(session, () =>
      push(session, ops, refused).finally(() => {
        pushesFirst.pushAnswered(session);
        if (session.pushesWaiting-- === MAX_PUSHES_WAITING) session.ws.resume();
      }),
    );
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
      if (triaged) return acceptPush(session, triaged.valid, triaged.refused);
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
      return enqueue(session, () =>
        hello(session, message.protocol, message.token, message.cursor, message.pending === true),
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
    if (message.type === 'pull') return enqueue(session, () => pull(session));
    acceptPush(session, message.ops);
  }

  /** Runs a session's tasks one after another; a failure (the journal cannot write) is told, never hidden. */
  function enqueue(session: Session, task: () => Promise<void>): void {
    session.queue = session.queue.then(task).catch((error: unknown) => {
      logger.error({ err: error, device: session.deviceId }, 'sync failed');
      fail(
        session,
        'server_error',
        'the server could not store this; the device keeps it and retries',
        closeCodes.goingAway,
      );
    });
  }

  function onConnection(ws: WebSocket): void {
    const session: Session = {
      ws,
      outgoing: new Outgoing(ws, maxBufferedBytes),
      acceptedOrder: deviceSessions.nextAcceptedOrder(),
      helloSaid: false,
      deviceId: null,
      ready: false,
      streaming: false,
      helloCursor: null,
      protocol: PROTOCOL_VERSION,
      alive: true,
      refusedWhole: false,
      limiter: new TokenBucket(options.messagesPerSecond ?? 200, options.messageBurst ?? 400, now),
      queue: Promise.resolve(),
      pushesWaiting: 0,
    };
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
      if (session.deviceId && deviceSessions.release(session.deviceId, session)) {
        const outbox = outboxes.get(session.deviceId);
        if (outbox) outboxes.set(session.deviceId, { ...outbox, pushing: false });
      }
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
    outboxStates: () => outboxes,
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
