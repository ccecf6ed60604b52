// What the sync engine syncs (the ledger, seen through what sync needs of it) and how it is set up:
// its adapters, timings and push sizes.
import type { AckResult, Operation, Snapshot } from '@pos/shared';
import type { Clock } from '../adapters/clock';
import type { NetworkMonitor } from '../adapters/network';
import type { SocketOpener } from '../adapters/socket';
import type { BackoffPolicy } from './backoff';
import type { DeviceIdentity } from './device-identity';
import type { FeedEntry, UnreadableRecord } from './server-frame';

/** What the engine syncs: the ledger, seen through what sync needs of it. */
export interface SyncTarget {
  identity(): DeviceIdentity | null;
  cursor(): number | null;
  /** When the device last synced for real, as kept across a relaunch; null before the first. */
  lastSyncAt(): number | null;
  /** A successful sync at `at`: the server stored what it answered, or sent changes or a snapshot. */
  synced(at: number): void;
  /** `serverTime`: the server's clock as it said welcome. */
  welcome(ackedSeq: number, serverTime: number): void;
  /** Operations to push after `afterSeq` (0: from the first). */
  nextBatch(maxOps: number, maxBytes: number, afterSeq?: number): Operation[];
  settle(results: readonly AckResult[]): void;
  /** Changes in feed order, with those this build could not read in their places. */
  applyChanges(changes: readonly FeedEntry[], cursor: number): void;
  /** `unreadable`: the snapshot's records this build could not read, left out of it. */
  applySnapshot(snapshot: Snapshot, cursor: number, unreadable: readonly UnreadableRecord[]): void;
}

export interface SyncEngineOptions {
  target: SyncTarget;
  openSocket: SocketOpener;
  clock: Clock;
  random: () => number;
  network?: NetworkMonitor;
  heartbeatMs?: number;
  pongTimeoutMs?: number;
  /** How long a socket asked for a sign of life by connectNow() has to answer. */
  probeTimeoutMs?: number;
  connectTimeoutMs?: number;
  /**
   * Once the server refused a push whole, how long the other pushes in flight have to be answered
   * before the socket is ended anyway (default 10 s).
   */
  answerTimeoutMs?: number;
  backoff?: BackoffPolicy;
  /** Most operations in one push (DEFAULT_PUSH_BATCH; at most MAX_PUSH_BATCH, and a frame). */
  pushBatch?: number;
  /**
   * Pushes sent before the first is acknowledged (default 2): the device builds the next batch while
   * the server stores the last, and the server has the next one at hand when it acknowledges.
   */
  pushesInFlight?: number;
}

/**
 * Operations in one push, below the protocol's MAX_PUSH_BATCH: a phone builds a smaller frame in
 * one short stretch of its single JS thread, loses less when the line drops, and its outbox drains
 * in steps the cashier sees. A store's server gets acks out sooner too (bench:sync drains faster
 * with it than with batches of MAX_PUSH_BATCH).
 */
export const DEFAULT_PUSH_BATCH = 250;
