// The mini-program's entry: one client (storage, outbox, sync engine and stores) for the whole app,
// made at launch. Pages reach it through getApp<PosApp>().client and bind to its stores.
import { createClient, type PosClient } from './core/client';

export interface PosApp {
  client: PosClient;
}

App<PosApp>({
  client: null as unknown as PosClient,

  onLaunch() {
    this.client = createClient({ wx });
  },

  // Going to the background: write what was received but not yet stored (WeChat may kill the app).
  onHide() {
    this.client.flush();
  },
});
