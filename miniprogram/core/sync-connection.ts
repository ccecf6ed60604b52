// One socket to the server's /sync and the conversation on it: hello with the token, push the
// outbox in order (two batches of DEFAULT_PUSH_BATCH in flight), then pull (the server holds changes
// back while a device that came back with operations pushes them), apply what the server sends and
// say when the catch-up is in (caughtUp), keep the line alive. The engine (sync-engine.ts) opens
// one at a time and decides what follows when it ends.
import {
  closeCodes,
  MAX_FRAME_BYTES,
  MAX_PUSH_BATCH,
  PROTOCOL_VERSION,
  type ClientMessage,
} from '@pos/shared';
import type { TimerHandle } from '../adapters/clock';
import type { SocketConnection } from '../adapters/socket';
import {
  finalCloses,
  finalErrors,
  refusedAsNewer,
  refusedForTheDevice,
  type ConnectionState,
  type EngineStatus,
} from './connection-state';
import type { DeviceIdentity } from './device-identity';
import { Heartbeat } from './heartbeat';
import { PushesInFlight } from './pushes-in-flight';
import { readServerFrame, type ReadFrame } from './server-frame';
import { SnapshotParts } from './snapshot-parts';
import { CLOCK_SKEW_WARNING_MS } from './server-clock';
import { DEFAULT_PUSH_BATCH, type SyncEngineOptions } from './sync-engine-options';

/** Room left in a frame for the envelope around the operations. */
const FRAME_MARGIN_BYTES = 16 * 1024;

function closeQuietly(socket: SocketConnection): void {
  try {
    socket.close(1000, 'closing');
  } catch {
    // Already closed: nothing to do.
  }
}

/** The engine, as a connection reports to it. */
export interface ConnectionOwner {
  status(): EngineStatus;
  update(patch: Partial<EngineStatus>): void;
  /** A message came: true when it shows the connection works (reconnect.ts's rule). */
  heard(message: ReadFrame): boolean;
  /** Retrying cannot help: the engine stops. */
  stop(state: ConnectionState, reason: string): void;
  /** The connection failed: the engine drops it and tries again later. */
  fail(reason: string): void;
  /** The store's server is older than this app: the engine drops it and knocks again later. */
  serverOutdated(): void;
  /** The socket closed. */
  closed(code: number, reason: string): void;
}

export class SyncConnection {
  private readonly socket: SocketConnection;
  /** Dropped by the engine: the socket's late events are ignored. */
  private dropped = false;
  private welcomed = false;
  private readonly pushes: PushesInFlight;
  /** Asked for changes on this socket (in hello, or with `pull` once the outbox was pushed). */
  private pulling = false;
  private readonly snapshotParts = new SnapshotParts();
  /** The server's clock less the device's at this socket's welcome. */
  private skewMs: number | null = null;
  private connectTimer: TimerHandle | null = null;
  private readonly heartbeat: Heartbeat;

  /** Opens the socket; listen() once the engine has it in hand. */
  constructor(
    private readonly options: SyncEngineOptions,
    private readonly identity: DeviceIdentity,
    private readonly owner: ConnectionOwner,
  ) {
    this.socket = options.openSocket(`ws://${identity.serverAddress}/sync`);
    this.pushes = new PushesInFlight({
      clock: options.clock,
      answerTimeoutMs: options.answerTimeoutMs ?? 10_000,
      end: (reason) => owner.fail(reason),
    });
    this.heartbeat = new Heartbeat({
      clock: options.clock,
      intervalMs: options.heartbeatMs ?? 15_000,
      timeoutMs: options.pongTimeoutMs ?? 10_000,
      ping: () => this.send({ type: 'ping', t: options.clock.now() }),
      dead: () => owner.fail("the store's server stopped answering"),
    });
  }

  /** Says hello once the socket opens, and gives the server connectTimeoutMs to welcome it. */
  listen(): void {
    const { socket, options, owner } = this;
    const current = () => !this.dropped;
    socket.onOpen(() => {
      // Dropped while connecting: WeChat does not close a socket before it opens, so it is closed
      // now, or it would hold one of the mini-program's five until the server gives up on it.
      if (!current()) return closeQuietly(socket);
      // Refused operations stay in the outbox but are not pushed: they do not hold changes back.
      const pending = options.target.nextBatch(1, MAX_FRAME_BYTES).length > 0;
      this.pulling = !pending;
      // The token travels in the first message, never in the URL (URLs end up in logs).
      this.send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        token: this.identity.token,
        cursor: options.target.cursor(),
        pending,
      });
    });
    socket.onMessage((text) => current() && this.receive(text));
    socket.onClose((code, reason) => current() && owner.closed(code, reason));
    socket.onError((message) => current() && owner.fail(`connection failed: ${message}`));
    this.connectTimer = options.clock.setTimeout(() => {
      this.connectTimer = null;
      if (current() && !this.welcomed) owner.fail("the store's server did not answer in time");
    }, options.connectTimeoutMs ?? 10_000);
  }

  /** Welcomed, this socket is asked for a sign of life (see the engine's connectNow). */
  probe(): void {
    if (this.welcomed) this.heartbeat.probe(this.options.probeTimeoutMs ?? 5_000);
  }

  /**
   * The device clock was found off at this socket's welcome: a cashier told to set it right comes
   * back from the phone's settings (the app shown again), and a new welcome measures it again.
   */
  clockToMeasure(): boolean {
    return this.welcomed && this.skewMs !== null && Math.abs(this.skewMs) > CLOCK_SKEW_WARNING_MS;
  }

  /** The outbox grew: push now when welcomed. With nothing (more) to push, ask for changes. */
  pump(): void {
    if (this.dropped || !this.welcomed) return;
    if (this.pushes.refused !== null) return this.pull();
    const maxOps = Math.min(this.options.pushBatch ?? DEFAULT_PUSH_BATCH, MAX_PUSH_BATCH);
    while (this.pushes.count < (this.options.pushesInFlight ?? 2)) {
      const ops = this.options.target.nextBatch(
        maxOps,
        MAX_FRAME_BYTES - FRAME_MARGIN_BYTES,
        this.pushes.lastSeq,
      );
      if (ops.length === 0) {
        if (this.pushes.count === 0) this.pull();
        return;
      }
      this.pushes.sent(ops);
      this.send({ type: 'push', ops });
    }
  }

  /** Forgets the socket (its late events are ignored), stops its timers and closes it. */
  close(): void {
    this.dropped = true;
    this.welcomed = false;
    this.pushes.reset();
    this.snapshotParts.reset();
    this.clearConnectTimer();
    this.heartbeat.stop();
    closeQuietly(this.socket);
  }

  /** Asks for changes, once per socket. */
  private pull(): void {
    if (this.pulling || !this.welcomed) return;
    this.pulling = true;
    this.send({ type: 'pull' });
  }

  private send(message: ClientMessage): void {
    if (!this.dropped) this.socket.send(JSON.stringify(message));
  }

  private receive(text: string): void {
    const parsed =
      text.length > MAX_FRAME_BYTES
        ? ({ ok: false, error: `larger than ${MAX_FRAME_BYTES} bytes` } as const)
        : readServerFrame(text);
    this.heartbeat.heard();
    if (!parsed.ok) {
      // Reported and skipped: one bad frame must not stop the device from syncing.
      return this.owner.update({
        lastError: `a message from the server was refused: ${parsed.error}`,
      });
    }
    try {
      this.handle(parsed.value);
    } catch (error) {
      this.owner.update({
        lastError: `could not apply a message from the server: ${(error as Error).message}`,
      });
    }
  }

  private handle(message: ReadFrame): void {
    const now = this.options.clock.now();
    const { target } = this.options;
    const { owner } = this;
    const works = this.pushes.refused === null && owner.heard(message);
    if (works && !owner.status().working) owner.update({ working: true });
    switch (message.type) {
      case 'welcome':
        this.welcomed = true;
        this.clearConnectTimer();
        this.skewMs = message.serverTime - now;
        target.welcome(message.ackedSeq, message.serverTime);
        // Not yet a successful sync: a server that cannot store anything still says welcome.
        owner.update({ connection: 'online', reason: null, caughtUp: false });
        this.heartbeat.start();
        return this.pump();
      case 'ack': {
        const revoked = message.results.some(refusedForTheDevice);
        if (revoked) {
          // Revoked while these were on their way: kept, unsent, for a reinstated device to send.
          target.settle(message.results.filter((result) => !refusedForTheDevice(result)));
          const { state, reason } = finalCloses[closeCodes.revoked];
          return owner.stop(state, reason);
        }
        this.pushes.acked(message.results);
        target.settle(message.results);
        // Sent only once the server stored what it answers.
        this.synced(now);
        if (this.pushes.refused !== null) return this.pushes.endRefused();
        return this.pump();
      }
      case 'changes':
        target.applyChanges(message.changes, message.cursor);
        // The server marks the catch-up's last frame: live changes alone never make it caught up.
        return this.synced(now, message.caughtUp ? { caughtUp: true } : {});
      case 'snapshot': {
        const { snapshot, unreadable, cursor } = message;
        if (message.more) return this.snapshotParts.add({ snapshot, unreadable }, cursor);
        const whole = this.snapshotParts.complete({ snapshot, unreadable }, cursor);
        target.applySnapshot(whole.snapshot, cursor, whole.unreadable);
        // Only a catch-up is a snapshot, and a whole one holds everything up to its cursor.
        return this.synced(now, { caughtUp: true });
      }
      case 'error': {
        if (refusedAsNewer(message.code, message.message)) return owner.serverOutdated();
        const final = finalErrors.get(message.code);
        if (final) return owner.stop(final.state, final.reason);
        // A malformed message is refused without closing the socket. With pushes in flight it may
        // be any of them (its error comes at once, acks only once stored), and no ack will come.
        if (message.code === 'bad_message' && this.pushes.unanswered > 0) {
          const reason = `the server refused operations: ${message.message} (${message.code}); they stay on this device and are sent again when it reconnects`;
          this.pushes.refuse(reason);
          owner.update({ lastError: reason });
          // The changes are not held back while the other pushes' acks are awaited.
          if (this.pushes.unanswered > 0) this.pull();
          return this.pushes.endRefused();
        }
        owner.update({ lastError: `the server said: ${message.message} (${message.code})` });
        // The server's changes must not be held back.
        return this.pull();
      }
      case 'pong':
        // Heard above, by the heartbeat: nothing else to do.
        return;
    }
  }

  /** Something really reached the server or came from it: the status's last successful sync. */
  private synced(now: number, patch: Partial<EngineStatus> = {}): void {
    this.options.target.synced(now);
    this.owner.update({ lastSyncAt: now, ...patch });
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) this.options.clock.clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }
}
