// When the sync socket is opened again after it failed: a backoff delay on a timer, the backoff
// started over only once a connection is seen to work.
import type { ServerMessage } from '@pos/shared';
import type { Clock, TimerHandle } from '../adapters/clock';
import { Backoff, type BackoffPolicy } from './backoff';

export interface ReconnectOptions {
  clock: Clock;
  random: () => number;
  policy: BackoffPolicy;
  connect(): void;
}

/**
 * What shows the connection works, not merely that the server accepted it: these reset the
 * backoff. A server failing right after `welcome` (its journal cannot write) then sees its devices
 * back off, not all knock again within half a second. A pong comes a heartbeat after `welcome`. A
 * snapshot counts once whole: a server giving up on a slow link mid-snapshot (1013) drops its parts.
 */
const workingConnection = new Set<ServerMessage['type']>(['ack', 'changes', 'snapshot', 'pong']);

export class Reconnect {
  private readonly backoff: Backoff;
  private timer: TimerHandle | null = null;

  constructor(private readonly options: ReconnectOptions) {
    this.backoff = new Backoff(options.random, options.policy);
  }

  /** Connects again after the next backoff delay; returns when, on the clock. */
  later(): number {
    const { clock } = this.options;
    const delay = this.backoff.next();
    this.timer = clock.setTimeout(() => {
      this.timer = null;
      this.options.connect();
    }, delay);
    return clock.now() + delay;
  }

  /** Drops the retry waiting, if any. */
  cancel(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The next retry comes soon again: a connection worked, or someone asked to try now. */
  reset(): void {
    this.backoff.reset();
  }

  /** Resets the backoff when this message shows the connection works; true when it does. */
  heard(message: Pick<ServerMessage, 'type'> & { more?: boolean }): boolean {
    if (message.type === 'snapshot' && message.more) return false;
    if (!workingConnection.has(message.type)) return false;
    this.reset();
    return true;
  }
}
