// One device's socket as the sync server keeps it: what it said so far, what it may do, and its
// queue of tasks; and the two ways the server speaks to it (an answer, or an error that may close it).
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import { closeCodes, PROTOCOL_VERSION, type ServerMessage } from '@pos/shared';
import { closeReason } from './close-reason';
import { Outgoing } from './outgoing';
import type { TokenBucket } from './rate-limiter';

export interface Session {
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

/** A socket just accepted: nothing said yet. */
export function openSession(
  ws: WebSocket,
  {
    acceptedOrder,
    limiter,
    maxBufferedBytes,
  }: Pick<Session, 'acceptedOrder' | 'limiter'> & {
    maxBufferedBytes: number;
  },
): Session {
  return {
    ws,
    outgoing: new Outgoing(ws, maxBufferedBytes),
    acceptedOrder,
    helloSaid: false,
    deviceId: null,
    ready: false,
    streaming: false,
    helloCursor: null,
    protocol: PROTOCOL_VERSION,
    alive: true,
    refusedWhole: false,
    limiter,
    queue: Promise.resolve(),
    pushesWaiting: 0,
  };
}

export function send(session: Session, message: ServerMessage): void {
  session.outgoing.send(JSON.stringify(message));
}

export function fail(session: Session, code: string, message: string, closeCode?: number): void {
  send(session, { type: 'error', code, message });
  if (closeCode !== undefined) session.ws.close(closeCode, closeReason(message));
}

/** Runs a session's tasks one after another; a failure (the journal cannot write) is told, never hidden. */
export function enqueue(session: Session, task: () => Promise<void>, logger: Logger): void {
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
