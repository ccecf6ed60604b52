// Where the sync connection stands and why, and the server's close codes that end retrying: a
// revoked or unknown device, or an app too old for the server, must not knock again and again. A
// server older than the app is knocked on now and then: it may be updated any time.
import { closeCodes, PROTOCOL_VERSION, type AckResult } from '@pos/shared';
import type { NetworkState } from '../adapters/network';

/**
 * 'revoked', 'unauthorized', 'outdated' and 'replaced' stop retrying until the app is started again,
 * or, for the first two, until someone taps 重试 (fixableOnServer). 'server_outdated' retries on the
 * backoff, as 'offline' does.
 */
export type ConnectionState =
  | 'unpaired'
  | 'offline'
  | 'connecting'
  | 'online'
  | 'revoked'
  | 'unauthorized'
  | 'outdated'
  | 'server_outdated'
  | 'replaced'
  | 'stopped';

export interface EngineStatus {
  connection: ConnectionState;
  /** Why the device is not online, in words; null when it is. */
  reason: string | null;
  network: NetworkState | null;
  /**
   * This socket was seen to work (reconnect.ts's rule: an ack, changes, a whole snapshot, a pong).
   * A welcome alone does not show it: a server that cannot store anything still says welcome.
   */
  working: boolean;
  /**
   * The last time the server stored what it answered, or sent changes or a whole snapshot: never a
   * welcome alone. Kept across a relaunch; null before the first.
   */
  lastSyncAt: number | null;
  /**
   * Online, and what the server sent answering this socket's pull (the catch-up) is applied: only
   * then is the replica as current as the server's (members' balances), not a day old.
   */
  caughtUp: boolean;
  nextRetryAt: number | null;
  /** The last thing that went wrong (a bad frame, a server error), kept for the status screen. */
  lastError: string | null;
}

/**
 * Close codes after which retrying cannot help, with what to tell staff. Any other code is retried:
 * 1008 with `hello_timeout` (a hello slowed by bad Wi-Fi) and 4410 `superseded` (a socket this device
 * gave up on, whose late hello found a newer one in place; its events are ignored anyway).
 * `replaced` stays final: the server replaces a session only by a connection accepted after it, so
 * one device never replaces itself, and two phones with the same identity must not take turns.
 */
export const finalCloses: Record<number, { state: ConnectionState; reason: string }> = {
  [closeCodes.revoked]: { state: 'revoked', reason: 'this device was revoked by a manager' },
  [closeCodes.unauthorized]: {
    state: 'unauthorized',
    reason: "the store's server does not know this device: pair it again",
  },
  [closeCodes.protocolVersion]: {
    state: 'outdated',
    reason: "this app and the store's server speak different sync versions: update the app",
  },
  [closeCodes.replaced]: {
    state: 'replaced',
    reason: 'another copy of this device connected to the server; this one stopped syncing',
  },
};

/**
 * The error codes the server sends just before each of those closes. Heard first, they stop the
 * engine by themselves: not every phone is known to pass a server's own close codes to onClose.
 */
export const finalErrors = new Map<string, { state: ConnectionState; reason: string }>([
  ['revoked', finalCloses[closeCodes.revoked]],
  ['unauthorized', finalCloses[closeCodes.unauthorized]],
  ['protocol_version', finalCloses[closeCodes.protocolVersion]],
  ['replaced', finalCloses[closeCodes.replaced]],
]);

/**
 * The store's server is older than this app: WeChat updates tills before the shop updates its
 * server. Not a stop: the till sells offline and knocks again on the backoff (and at once on 重试,
 * the network or the app coming back), so an updated server is found without relaunching the app.
 */
export const serverOutdated = {
  state: 'server_outdated',
  reason: "the store's server is older than this app: update the store's server",
} as const;

/**
 * Whether a server's refusal of this app's protocol says the server is the older one: by its code
 * (`server_outdated`), or, from a server older than that code (which says `protocol_version` either
 * way), by the range its words name ("speaks sync protocol 1 to 2") ending below this app's.
 */
export function refusedAsNewer(code: string, message: string): boolean {
  if (code === 'server_outdated') return true;
  return code === 'protocol_version' && namesOlderRange(message);
}

/**
 * A 4400 close whose reason (the refusal's words, which the server repeats there) says the server
 * is the older one: what is left when the error frame before it was missed.
 */
export function closedAsNewer(code: number, reason: string): boolean {
  return code === closeCodes.protocolVersion && namesOlderRange(reason);
}

function namesOlderRange(words: string): boolean {
  const range = /speaks sync protocol \d+ to (\d+)/.exec(words);
  return range !== null && Number(range[1]) < PROTOCOL_VERSION;
}

/**
 * Stops a manager can undo on the server (reinstate a revoked device; an unknown one may be known
 * again once the server's data is restored): a person's 重试 asks once more. Never automatically.
 */
export const fixableOnServer: ReadonlySet<ConnectionState> = new Set(['revoked', 'unauthorized']);

/**
 * An operation refused for who sent it, not for what it is: kept to send once the device is
 * reinstated, never marked refused (a revoked device's sales must still reach the store).
 */
export function refusedForTheDevice(result: AckResult): boolean {
  return result.status === 'refused' && result.error?.code === 'device_revoked';
}
