// The sync channel as the app sees it (handed to the reports and the dashboard) and how it is set
// up: the store, the logger, timings and limits.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { DeviceOutboxState } from '../reports/report-service';
import type { Store } from '../store/store';

export interface SyncServerOptions {
  store: Store;
  logger: Logger;
  now?: () => number;
  /** Ping every socket this often; one that has not answered the last ping is ended. */
  heartbeatMs?: number;
  /** A socket that has not said hello by then is closed. */
  helloTimeoutMs?: number;
  messagesPerSecond?: number;
  messageBurst?: number;
  /**
   * A socket with more unsent bytes than this is too slow: it is closed (1013) and resumes from its
   * cursor. A catch-up or snapshot is sent as the socket drains and does not count; the live
   * changes held behind it do.
   */
  maxBufferedBytes?: number;
  /** Changes per `changes` frame when catching a device up. */
  changesPerFrame?: number;
  /** Longest a `pull` waits for other devices' pushes to be answered first. */
  maxPullDelayMs?: number;
}

export interface SyncServer {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Device ids with an open, authenticated socket. */
  connectedDevices(): string[];
  /** What devices speaking protocol 2 said of their outboxes since the server started. */
  outboxStates(): ReadonlyMap<string, DeviceOutboxState>;
  close(): Promise<void>;
}
