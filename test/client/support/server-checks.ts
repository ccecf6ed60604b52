// What the real server holds, read from its store (in-process servers) for the end-to-end tests.
import type { Order } from '@pos/shared';
import type { TestServer } from '../../support/test-server';

/** This device's orders on the server, for the business days given. */
export function serverOrdersOf(server: TestServer, deviceId: string, days: string[]): Order[] {
  return days
    .flatMap((day) => server.store.ordersOfDay(day))
    .filter((o) => o.deviceId === deviceId);
}

export function serverStock(server: TestServer, skuId: string): number {
  return server.store.state.stock[skuId].level;
}
