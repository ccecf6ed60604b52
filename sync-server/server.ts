// Starts the whole in-store server on a port: store, app, HTTP server, sync upgrades.
// Used by the entry file and by tests (port 0), so both run exactly the same wiring.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp, type AppDeps, type PosApp } from './app';
import { fillSkuInitials } from './catalog/fill-sku-initials';
import { loadOrCreateQrSecret } from './qr/server-secret';
import { DayBook } from './reports/day-book';
import { Store } from './store/store';
import type { StoreOptions } from './store/store-options';

export interface StartOptions extends StoreOptions {
  port: number;
  host?: string;
  logger: Logger;
  sync?: AppDeps['sync'];
  /** Payment provider settings; the QR secret comes from the data directory. */
  payments?: Omit<NonNullable<AppDeps['payments']>, 'qrSecret'>;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  pos: PosApp;
  http: Server;
  /** Stops accepting, finishes in-flight writes, closes sockets (1001) and the store. */
  close(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const dayBook = new DayBook();
  const store = await Store.open({
    ...options,
    onRecord: (record) => {
      dayBook.add(record);
      options.onRecord?.(record);
    },
  });
  let qrSecret: Uint8Array;
  try {
    // Older data only: a store that has them all commits nothing here.
    const filled = await fillSkuInitials(store);
    if (filled > 0) options.logger.info({ products: filled }, 'SKU label initials filled in');
    qrSecret = await loadOrCreateQrSecret(options.dataDir);
  } catch (error) {
    await store.close();
    throw error;
  }
  const pos = createApp({
    store,
    dayBook,
    logger: options.logger,
    now: options.now,
    sync: options.sync,
    payments: { ...options.payments, qrSecret },
  });
  const http = createServer(pos.app);
  http.on('upgrade', pos.handleUpgrade);
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    // Not listening: let go of the data directory, so a corrected start can open it.
    await pos.close();
    await store.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    pos,
    http,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        await pos.close();
        http.closeIdleConnections();
        await store.close();
        http.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}
