// The sync client: one socket to the server's /sync, hello with the token, push the outbox in
// order (two batches of DEFAULT_PUSH_BATCH in flight), then pull (the server holds changes back
// while a device that came back with operations pushes them), apply what the server sends and say
// when the catch-up is in (caughtUp), keep the line alive, reconnect.
import {
  closeCodes,
  MAX_FRAME_BYTES,
  MAX_PUSH_BATCH,
  parseJsonWith,
  PROTOCOL_VERSION,
  serverMessageSchema,
  type ClientMessage,
  type ServerMessage,
} from '@pos/shared';
import type { TimerHandle } from '../adapters/clock';
import type { NetworkState } from '../adapters/network';
import type { SocketConnection } from '../adapters/socket';
import { defaultBackoff } from './backoff';
import {
  finalCloses,
  finalErrors,
  fixableOnServer,
  refusedForTheDevice,
  type ConnectionState,
  type EngineStatus,
} from './connection-state';
import { Heartbeat } from './heartbeat';
import { PushesInFlight } from './pushes-in-flight';
import { Reconnect } from './reconnect';
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

export class SyncEngine {
  private socket: SocketConnection | null = null;
  private welcomed = false;
  private readonly pushes: PushesInFlight;
  /** Asked for changes on this socket (in hello, or with `pull` once the outbox was pushed). */
  private pulling = false;
  private started = false;
  private readonly snapshotParts = new SnapshotParts();
  /** The server's clock less the device's at this socket's welcome. */
  private skewMs: number | null = null;
  private readonly reconnect: Reconnect;
  private connectTimer: TimerHandle | null = null;
  private readonly heartbeat: Heartbeat;
  private readonly stopNetwork: () => void;
  private readonly listeners = new Set<(status: EngineStatus) => void>();
  private state: EngineStatus;

  constructor(private readonly options: SyncEngineOptions) {
    this.pushes = new PushesInFlight({
      clock: options.clock,
      answerTimeoutMs: options.answerTimeoutMs ?? 10_000,
      end: (reason) => this.fail(reason),
    });
    this.reconnect = new Reconnect({
      clock: options.clock,
      random: options.random,
      policy: options.backoff ?? defaultBackoff,
      connect: () => this.connect(),
    });
    this.heartbeat = new Heartbeat({
      clock: options.clock,
      intervalMs: options.heartbeatMs ?? 15_000,
      timeoutMs: options.pongTimeoutMs ?? 10_000,
      ping: () => this.send({ type: 'ping', t: options.clock.now() }),
      dead: () => this.fail("the store's server stopped answering"),
    });
    this.state = {
      connection: options.target.identity() ? 'offline' : 'unpaired',
      reason: null,
      network: options.network?.current() ?? null,
      working: false,
      lastSyncAt: options.target.lastSyncAt(),
      caughtUp: false,
      nextRetryAt: null,
      lastError: null,
    };
    // Heard even while stopped: the status shows the phone's network whatever the engine does.
    this.stopNetwork =
      options.network?.subscribe((network) => this.onNetwork(network)) ?? (() => undefined);
  }

  status(): EngineStatus {
    return this.state;
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(patch: Partial<EngineStatus>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  /** Starts syncing (when paired) and keeps at it until stop(). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  /** Closes the socket and cancels every timer. */
  stop(connection: ConnectionState = 'stopped', reason: string | null = null): void {
    this.started = false;
    this.dropSocket();
    this.reconnect.cancel();
    this.update({ connection, reason, nextRetryAt: null });
  }

  /** Stops for good: also stops listening to the network. */
  dispose(): void {
    this.stop();
    this.stopNetwork();
  }

  /**
   * Tries at once (a "retry now" button, the network or the app coming back). A socket still open
   * is asked for a sign of life instead: WeChat may have cut it in the background without a close
   * event, and a till should not wait for the next heartbeat to find out. One whose welcome found
   * the device clock off is replaced, so the clock is measured again.
   */
  connectNow(): void {
    if (!this.started) return;
    if (this.socket && !this.clockToMeasure()) {
      if (this.welcomed) this.heartbeat.probe(this.options.probeTimeoutMs ?? 5_000);
      return;
    }
    this.dropSocket();
    this.reconnect.reset();
    this.connect();
  }

  /**
   * The device clock was found off at this socket's welcome: a cashier told to set it right comes
   * back from the phone's settings (the app shown again), and a new welcome measures it again.
   */
  private clockToMeasure(): boolean {
    return this.welcomed && this.skewMs !== null && Math.abs(this.skewMs) > CLOCK_SKEW_WARNING_MS;
  }

  /**
   * A person's 重试: connectNow, and also once more after the server said the device is revoked or
   * unknown, which a manager may have fixed since. Not after an engine stopped on purpose.
   */
  retryByHand(): void {
    if (!this.started && fixableOnServer.has(this.state.connection)) return this.start();
    this.connectNow();
  }

  /** The outbox grew: push now when online. With nothing (more) to push, ask for changes. */
  pump(): void {
    if (!this.socket || !this.welcomed) return;
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

  /** Asks for changes, once per socket. */
  private pull(): void {
    if (this.pulling || !this.welcomed) return;
    this.pulling = true;
    this.send({ type: 'pull' });
  }

  private connect(): void {
    this.reconnect.cancel();
    const identity = this.options.target.identity();
    if (!identity) return this.update({ connection: 'unpaired', reason: 'not paired yet' });
    const socket = this.options.openSocket(`ws://${identity.serverAddress}/sync`);
    this.socket = socket;
    this.welcomed = false;
    this.pushes.reset();
    this.pulling = false;
    this.update({ connection: 'connecting', working: false, nextRetryAt: null });
    const current = () => this.socket === socket;
    socket.onOpen(() => {
      // Dropped while connecting: WeChat does not close a socket before it opens, so it is closed
      // now, or it would hold one of the mini-program's five until the server gives up on it.
      if (!current()) return closeQuietly(socket);
      // Refused operations stay in the outbox but are not pushed: they do not hold changes back.
      const pending = this.options.target.nextBatch(1, MAX_FRAME_BYTES).length > 0;
      this.pulling = !pending;
      // The token travels in the first message, never in the URL (URLs end up in logs).
      this.send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        token: identity.token,
        cursor: this.options.target.cursor(),
        pending,
      });
    });
    socket.onMessage((text) => current() && this.receive(text));
    socket.onClose((code, reason) => current() && this.closed(code, reason));
    socket.onError((message) => current() && this.fail(`connection failed: ${message}`));
    this.connectTimer = this.options.clock.setTimeout(() => {
      this.connectTimer = null;
      if (current() && !this.welcomed) this.fail("the store's server did not answer in time");
    }, this.options.connectTimeoutMs ?? 10_000);
  }

  private send(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private receive(text: string): void {
    const parsed =
      text.length > MAX_FRAME_BYTES
        ? ({ ok: false, error: `larger than ${MAX_FRAME_BYTES} bytes` } as const)
        : parseJsonWith(serverMessageSchema, text);
    this.heartbeat.heard();
    if (!parsed.ok) {
      // Reported and skipped: one bad frame must not stop the device from syncing.
      return this.update({ lastError: `a message from the server was refused: ${parsed.error}` });
    }
    try {
      this.handle(parsed.value);
    } catch (error) {
      this.update({
        lastError: `could not apply a message from the server: ${(error as Error).message}`,
      });
    }
  }

  private handle(message: ServerMessage): void {
    const now = this.options.clock.now();
    const { target } = this.options;
    const works = this.pushes.refused === null && this.reconnect.heard(message);
    if (works && !this.state.working) this.update({ working: true });
    switch (message.type) {
      case 'welcome':
        this.welcomed = true;
        this.clearConnectTimer();
        this.skewMs = message.serverTime - now;
        target.welcome(message.ackedSeq, message.serverTime);
        // Not yet a successful sync: a server that cannot store anything still says welcome.
        this.update({ connection: 'online', reason: null, caughtUp: false });
        this.heartbeat.start();
        return this.pump();
      case 'ack': {
        const revoked = message.results.some(refusedForTheDevice);
        if (revoked) {
          // Revoked while these were on their way: kept, unsent, for a reinstated device to send.
          target.settle(message.results.filter((result) => !refusedForTheDevice(result)));
          const { state, reason } = finalCloses[closeCodes.revoked];
          return this.stop(state, reason);
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
      case 'snapshot':
        if (message.more) return this.snapshotParts.add(message.snapshot, message.cursor);
        target.applySnapshot(
          this.snapshotParts.complete(message.snapshot, message.cursor),
          message.cursor,
        );
        // Only a catch-up is a snapshot, and a whole one holds everything up to its cursor.
        return this.synced(now, { caughtUp: true });
      case 'error': {
        const final = finalErrors.get(message.code);
        if (final) return this.stop(final.state, final.reason);
        // A malformed message is refused without closing the socket. With pushes in flight it may
        // be any of them (its error comes at once, acks only once stored), and no ack will come.
        if (message.code === 'bad_message' && this.pushes.unanswered > 0) {
          const reason = `the server refused operations: ${message.message} (${message.code}); they stay on this device and are sent again when it reconnects`;
          this.pushes.refuse(reason);
          this.update({ lastError: reason });
          // The changes are not held back while the other pushes' acks are awaited.
          if (this.pushes.unanswered > 0) this.pull();
          return this.pushes.endRefused();
        }
        this.update({ lastError: `the server said: ${message.message} (${message.code})` });
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
    this.update({ lastSyncAt: now, ...patch });
  }

  private closed(code: number, reason: string): void {
    this.dropSocket();
    const final = finalCloses[code];
    if (final) return this.stop(final.state, final.reason);
    this.retryLater(`the connection closed (${code}${reason ? `: ${reason}` : ''})`);
  }

  private fail(reason: string): void {
    this.dropSocket();
    this.retryLater(reason);
  }

  private retryLater(reason: string): void {
    if (!this.started) return;
    this.update({ connection: 'offline', reason, nextRetryAt: this.reconnect.later() });
  }

  private onNetwork(network: NetworkState): void {
    this.update({ network });
    // Some phones leave the socket without a close event: until the heartbeat gave up, the till
    // would say online and caught up (lifting the offline stored-value caps) with no network.
    if (!network.connected && this.socket) return this.fail('the phone has no network');
    // The phone says the network is back (or switched: the socket may not have survived it): try
    // now rather than at the end of a long backoff or the next heartbeat.
    if (network.connected) this.connectNow();
  }

  /** Forgets the socket (its late events are ignored) and closes it. */
  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.welcomed = false;
    this.pushes.reset();
    this.pulling = false;
    this.snapshotParts.reset();
    this.skewMs = null;
    if (this.state.caughtUp || this.state.working) this.update({ caughtUp: false, working: false });
    this.clearConnectTimer();
    this.heartbeat.stop();
    if (socket) closeQuietly(socket);
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) this.options.clock.clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }
}
