// The sync client: keeps one connection (sync-connection.ts) to the store's server while started,
// says where it stands (EngineStatus), and after a failure opens another after a backoff, or at
// once when the network or the app comes back; it stops for good when retrying cannot help.
import type { NetworkState } from '../adapters/network';
import { defaultBackoff } from './backoff';
import {
  closedAsNewer,
  finalCloses,
  fixableOnServer,
  serverOutdated,
  type ConnectionState,
  type EngineStatus,
} from './connection-state';
import { Reconnect } from './reconnect';
import { SyncConnection, type ConnectionOwner } from './sync-connection';
import type { SyncEngineOptions } from './sync-engine-options';

const NO_NETWORK = 'the phone has no network';

export class SyncEngine {
  /** The socket open now, if any. */
  private connection: SyncConnection | null = null;
  private started = false;
  private readonly reconnect: Reconnect;
  private readonly stopNetwork: () => void;
  private readonly listeners = new Set<(status: EngineStatus) => void>();
  private state: EngineStatus;
  /** What a connection reports: only the one open now is heard (see SyncConnection's `dropped`). */
  private readonly owner: ConnectionOwner = {
    status: () => this.state,
    update: (patch) => this.update(patch),
    heard: (message) => this.reconnect.heard(message),
    stop: (state, reason) => this.stop(state, reason),
    fail: (reason) => this.fail(reason),
    serverOutdated: () => this.serverOutdated(),
    closed: (code, reason) => this.closed(code, reason),
  };

  constructor(private readonly options: SyncEngineOptions) {
    this.reconnect = new Reconnect({
      clock: options.clock,
      random: options.random,
      policy: options.backoff ?? defaultBackoff,
      connect: () => this.connect(),
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
    if (this.connection && !this.connection.clockToMeasure()) return this.connection.probe();
    this.dropSocket();
    this.reconnect.reset();
    this.connect();
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
    this.connection?.pump();
  }

  private connect(): void {
    this.reconnect.cancel();
    const identity = this.options.target.identity();
    if (!identity) return this.update({ connection: 'unpaired', reason: 'not paired yet' });
    const connection = new SyncConnection(this.options, identity, this.owner);
    this.connection = connection;
    // Knocking again on a server that said it is too old, the till still says so, rather than
    // 连接中 for a moment every 30 s, until the server answers otherwise.
    const knocking = this.state.connection === 'server_outdated' ? 'server_outdated' : 'connecting';
    this.update({ connection: knocking, working: false, nextRetryAt: null });
    connection.listen();
  }

  private closed(code: number, reason: string): void {
    if (closedAsNewer(code, reason)) return this.serverOutdated();
    this.dropSocket();
    const final = finalCloses[code];
    if (final) return this.stop(final.state, final.reason);
    this.retryLater(`the connection closed (${code}${reason ? `: ${reason}` : ''})`);
  }

  private fail(reason: string): void {
    this.dropSocket();
    this.retryLater(reason);
  }

  /**
   * Retried as a failure is, on the backoff (its longest wait, 30 s, once refused a few times):
   * the shop may update its server any time, and the till should find it without a relaunch.
   */
  private serverOutdated(): void {
    this.dropSocket();
    this.retryLater(serverOutdated.reason, serverOutdated.state);
  }

  private retryLater(reason: string, connection: ConnectionState = 'offline'): void {
    if (!this.started) return;
    // Attempts go on while the phone says it has no network (the truth is whether the server
    // answers), but that stays the reason given, not how an attempt failed for want of it.
    if (connection === 'offline' && this.state.network?.connected === false) reason = NO_NETWORK;
    this.update({ connection, reason, nextRetryAt: this.reconnect.later() });
  }

  private onNetwork(network: NetworkState): void {
    this.update({ network });
    // Some phones leave the socket without a close event: until the heartbeat gave up, the till
    // would say online and caught up (lifting the offline stored-value caps) with no network.
    if (!network.connected && this.connection) return this.fail(NO_NETWORK);
    // The phone says the network is back (or switched: the socket may not have survived it): try
    // now rather than at the end of a long backoff or the next heartbeat.
    if (network.connected) this.connectNow();
  }

  /** Forgets the socket (its late events are ignored) and closes it. */
  private dropSocket(): void {
    const connection = this.connection;
    this.connection = null;
    if (this.state.caughtUp || this.state.working) this.update({ caughtUp: false, working: false });
    connection?.close();
  }
}
