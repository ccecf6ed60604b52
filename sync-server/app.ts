// Builds the in-store server from its parts: the HTTP API (express) and the sync channel (ws).
// It never listens and reads no environment: the entry file (main.ts) and tests do that.
import express, { type Express } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { PROTOCOL_VERSION } from '@pos/shared';
import { PairingCodes } from './auth/pairing-codes';
import { StaffSessions } from './auth/staff-sessions';
import { identify } from './http/auth';
import { catalogRoutes } from './http/catalog-routes';
import type { HttpDeps } from './http/deps';
import { deviceRoutes } from './http/device-routes';
import { errorHandler, notFound } from './http/errors';
import { memberRoutes } from './http/member-routes';
import { orderRoutes } from './http/order-routes';
import { paymentRoutes } from './http/payment-routes';
import { qrRoutes } from './http/qr-routes';
import { createPayments, type Payments, type PaymentsOptions } from './payments/payments';
import { RateLimits } from './http/attempt-limit';
import { staffRoutes } from './http/staff-routes';
import { wechatPayNotifyRoute } from './http/wechatpay-notify-route';
import { dashboardRoutes } from './dashboard/dashboard-routes';
import type { DayBook } from './reports/day-book';
import { createDayEnd } from './reports/day-end';
import type { Store } from './store/store';
import { createSyncServer } from './sync/sync-server';
import type { SyncServer, SyncServerOptions } from './sync/sync-server-options';

export interface AppDeps {
  store: Store;
  /** The journal's index for day-end reports, fed by the store (server.ts wires it). */
  dayBook: DayBook;
  logger: Logger;
  now?: () => number;
  sync?: Omit<SyncServerOptions, 'store' | 'logger' | 'now'>;
  /** QR secret and payment provider; without them, a throwaway secret and the simulator. */
  payments?: PaymentsOptions;
}

export interface PosApp {
  app: Express;
  sync: SyncServer;
  pairingCodes: PairingCodes;
  payments: Payments;
  /** Hand this the HTTP server's 'upgrade' events. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes the sync sockets; the store is the caller's to close. */
  close(): Promise<void>;
}

/**
 * Wrong PINs at either sign-in (the dashboard's and the tills' over HTTP). A manager who mistypes
 * meets the address's lockout long before the store's: one address alone adds at most 5 failures
 * every 5 minutes. The store's ceiling holds a LAN laptop taking address after address to 20
 * guesses per 15 minutes (days, not an hour, for a 4-digit PIN) and spares the event loop the slow
 * hash of the rest. The price: such a laptop can keep the real managers out of the dashboard (and
 * staff out of HTTP sign-in) for as long as it keeps guessing; the tills sign in on the device and
 * are not affected, and the warning in the log says when it starts.
 */
export const PIN_ATTEMPT_LIMITS = {
  perAddress: { failures: 5, windowMs: 5 * 60_000 },
  storeWide: { failures: 20, windowMs: 15 * 60_000 },
};

export function createApp({
  store,
  dayBook,
  logger,
  now = Date.now,
  sync: syncOptions,
  payments: paymentOptions,
}: AppDeps): PosApp {
  const limits = new RateLimits();
  const deps: HttpDeps = {
    store,
    logger,
    now,
    sessions: new StaffSessions(now),
    pairingCodes: new PairingCodes(now),
    // One count for both sign-ins: five wrong PINs from an address, not five on each.
    pinAttempts: limits.failedAttempts({
      ...PIN_ATTEMPT_LIMITS.perAddress,
      what: 'PIN',
      storeWide: { ...PIN_ATTEMPT_LIMITS.storeWide, action: 'sign-in', logger },
    }),
    limits,
  };
  const sync = createSyncServer({ store, logger, now, ...syncOptions });
  const payments = createPayments({ store, logger, now, ...paymentOptions });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // After a failed change the state is rebuilt from the files: requests wait, as writes do, so
  // none reads the half-changed state.
  app.use((_request, _response, next) => void store.settled().then(() => next(), next));
  app.use(wechatPayNotifyRoute(payments)); // before the JSON parser: it verifies the raw body
  app.use(express.json({ limit: '1mb' }));
  app.use(identify(store, deps.sessions));
  const dayEnd = createDayEnd({ ...deps, dayBook, sync });
  app.use(dashboardRoutes({ ...deps, sync, reports: dayEnd.reports }));

  const api = express.Router();
  api.get('/health', (_request, response) => {
    // A store that takes no more changes until a restart is not healthy, though it still answers.
    const { failure } = store;
    response.status(failure ? 503 : 200).json({
      status: failure ? 'failing' : 'ok',
      ...(failure && { reason: failure.message }),
      storeName: store.settings.storeName,
      protocol: PROTOCOL_VERSION,
      time: now(),
      cursor: store.cursor,
      orders: store.orderCount,
      connectedDevices: sync.connectedDevices().length,
    });
  });
  api.use(deviceRoutes(deps));
  api.use(staffRoutes(deps));
  api.use(catalogRoutes(deps));
  api.use(orderRoutes(deps, dayEnd.reports));
  api.use(memberRoutes(deps));
  api.use(dayEnd.routes);
  app.use(paymentRoutes(deps, payments));
  app.use(qrRoutes(deps, payments));
  app.use('/api', api);
  app.use(notFound);
  app.use(errorHandler(logger));

  return {
    app,
    sync,
    pairingCodes: deps.pairingCodes,
    payments,
    handleUpgrade: (request, socket, head) => sync.handleUpgrade(request, socket, head),
    close: () => {
      limits.close();
      payments.stop();
      return sync.close();
    },
  };
}
