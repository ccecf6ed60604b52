// The composition root: wires the wx adapters, the core and the stores into one client, so the
// mini-program and the Node simulator create exactly the same thing.
import { wxHttp, type HttpClient } from '../adapters/http-request';
import { systemClock, type Clock, type TimerHandle } from '../adapters/clock';
import { wxNetwork } from '../adapters/network';
import { wxSocketOpener } from '../adapters/socket';
import { wxStorage } from '../adapters/storage';
import type { ClientWx } from '../adapters/wx-api';
import { CartStore } from '../stores/cart-store';
import { CatalogStore } from '../stores/catalog-store';
import { MemberStore } from '../stores/member-store';
import { OrdersStore } from '../stores/orders-store';
import { PaymentStore } from '../stores/payment-store';
import { SessionStore } from '../stores/session-store';
import { ShiftStore } from '../stores/shift-store';
import { SyncStore } from '../stores/sync-store';
import type { BackoffPolicy } from './backoff';
import { watchBusinessDay } from './day-watch';
import { Ledger } from './ledger';
import type { LedgerTopic } from './ledger-topics';
import { SyncEngine } from './sync-engine';
import type { SyncTarget } from './sync-engine-options';

export interface ClientOptions {
  wx: ClientWx;
  /** The server to pair with when the pairing form leaves it empty ("192.168.1.20:8787"). */
  serverAddress?: string;
  /** The time of sales and orders; Date.now by default. */
  now?: () => number;
  /** For reconnect jitter and cart ids; Math.random by default. */
  random?: () => number;
  /** Timers too (tests drive them); overrides `now`. */
  clock?: Clock;
  /** Start syncing at once when paired (default true). */
  autoStart?: boolean;
  sync?: {
    heartbeatMs?: number;
    pongTimeoutMs?: number;
    connectTimeoutMs?: number;
    backoff?: BackoffPolicy;
    pushBatch?: number;
  };
}

export interface PosClient {
  session: SessionStore;
  catalog: CatalogStore;
  /** Members' balances and points as this device may spend them, top-ups, the stored-value rule. */
  members: MemberStore;
  cart: CartStore;
  orders: OrdersStore;
  /** WeChat Pay by QR at the checkout. */
  payments: PaymentStore;
  shift: ShiftStore;
  sync: SyncStore;
  /** The data underneath the stores, for tests and tools. */
  ledger: Ledger;
  engine: SyncEngine;
  /** The client's time and timers, for screens that wait (the kiosk's return to the start). */
  clock: Clock;
  /** HTTP to the store's server (the manager's store-wide figures). */
  http: HttpClient;
  /** Starts syncing (when paired). */
  start(): void;
  /** Writes what sync received and still holds in memory. */
  flush(): void;
  /** Back from the background: the store's business day may have moved on meanwhile. */
  checkDay(): void;
  /** Stops syncing, writes what is pending and lets go of every timer and listener. */
  dispose(): void;
}

/** How often the status's "oldest unsynced" age is refreshed while something waits. */
const STATUS_TICK_MS = 1000;

export function createClient(options: ClientOptions): PosClient {
  const clock = options.clock ?? systemClock(options.now);
  const random = options.random ?? Math.random;
  const storage = wxStorage(options.wx);
  const http: HttpClient = wxHttp(options.wx);
  const network = wxNetwork(options.wx);
  const ledger = new Ledger(storage, clock);
  ledger.load();

  const engine = new SyncEngine({
    target: syncTargetOf(ledger),
    openSocket: wxSocketOpener(options.wx, options.sync?.connectTimeoutMs),
    clock,
    random,
    network,
    ...options.sync,
  });

  const session = new SessionStore({
    ledger,
    clock,
    http,
    defaultServerAddress: options.serverAddress,
    onPaired: () => engine.start(),
    onUnpaired: () => engine.stop('unpaired', 'not paired'),
    // The checkout's payment store and those another() made beside it (a member's top-up).
    payQrOpen: (): boolean =>
      [payments, ...payments.others()].some((store) => store.mayStillBePaid()),
  });
  const catalog = new CatalogStore({ ledger, clock, session });
  const sync = new SyncStore({ ledger, engine, clock, session });
  const members = new MemberStore({ ledger, clock, session, catalog, sync });
  const cart = new CartStore({ ledger, catalog, random, members, session });
  const orders = new OrdersStore({ ledger, clock, session, cart, members });
  const payments = new PaymentStore({
    wx: options.wx,
    ledger,
    clock,
    session,
    cart,
    orders,
    members,
  });
  const shift = new ShiftStore({ ledger, clock, session, catalog });

  let tick: TimerHandle | null = null;
  const keepStatusFresh = () => {
    sync.refresh();
    if (sync.unsyncedCount > 0 && !tick)
      tick = clock.setTimeout(() => {
        tick = null;
        keepStatusFresh();
      }, STATUS_TICK_MS);
  };

  const unsubscribe = ledger.subscribe((topics) => {
    if (topics.has('identity') || topics.has('staff')) session.refresh();
    catalog.refresh(topics);
    if (topics.has('orders') || topics.has('outbox') || topics.has('settings')) orders.refresh();
    if (topics.has('shifts') || topics.has('orders')) shift.refresh(topics);
    if (['members', 'outbox', 'orders', 'settings'].some((t) => topics.has(t as LedgerTopic)))
      members.refresh();
    keepStatusFresh();
    // Push as soon as possible: WeChat may clear a full phone's storage, so the device should
    // not stay the only copy for long.
    if (topics.has('outbox')) engine.pump();
  });
  const stopStatus = engine.onStatus(keepStatusFresh);
  // "Today" moves on at the store's day start, with or without a sale to say so.
  const dayWatch = watchBusinessDay(ledger, clock, () => orders.refresh());

  const start = () => {
    if (ledger.identity) engine.start();
  };
  if (options.autoStart ?? true) start();
  keepStatusFresh();

  return {
    session,
    catalog,
    members,
    cart,
    orders,
    payments,
    shift,
    sync,
    ledger,
    engine,
    clock,
    http,
    start,
    flush: () => void ledger.persist(),
    checkDay: () => dayWatch.check(),
    dispose() {
      dayWatch.dispose();
      engine.dispose();
      payments.dispose();
      stopStatus();
      unsubscribe();
      if (tick) clock.clearTimeout(tick);
      tick = null;
      ledger.dispose();
      network.dispose();
    },
  };
}

/** The ledger as the sync engine sees it. */
export function syncTargetOf(ledger: Ledger): SyncTarget {
  return {
    identity: () => ledger.identity,
    cursor: () => ledger.replica.cursor,
    lastSyncAt: () => ledger.lastSync.at,
    synced: (at) => ledger.lastSync.note(at),
    welcome: (ackedSeq, serverTime) => ledger.welcome(ackedSeq, serverTime),
    nextBatch: (maxOps, maxBytes, afterSeq) => ledger.nextBatch(maxOps, maxBytes, afterSeq),
    settle: (results) => ledger.settle(results),
    applyChanges: (changes, cursor) => ledger.applyChanges(changes, cursor),
    applySnapshot: (snapshot, cursor, unreadable) =>
      ledger.applySnapshot(snapshot, cursor, unreadable),
  };
}
