// The one client's stores as the pages bind them. Read through getApp() when a page attaches, so a
// page module never holds a client of its own (tests hand the app a client on the wx stand-in).
import type { PosApp } from '../app';
import type { PosClient } from '../core/client';

export function posClient(): PosClient {
  return getApp<PosApp>().client;
}

/** A store for `storeBindings`: every read goes to the client's current stores. */
export const pos = {
  get session() {
    return posClient().session;
  },
  get catalog() {
    return posClient().catalog;
  },
  get cart() {
    return posClient().cart;
  },
  get orders() {
    return posClient().orders;
  },
  get payments() {
    return posClient().payments;
  },
  get shift() {
    return posClient().shift;
  },
  get sync() {
    return posClient().sync;
  },
};

export type Pos = typeof pos;
