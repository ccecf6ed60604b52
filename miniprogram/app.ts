// The mini-program's entry: one client (storage, outbox, sync engine and stores) for the whole app,
// and the receipt printer next to it, both made at launch. Pages reach them through
// getApp<PosApp>().client and .printer and bind to their stores.
import { wxStorage } from './adapters/storage';
import { createClient, type PosClient } from './core/client';
import { receiptContextFrom } from './core/receipt-context';
import { PrinterStore } from './stores/printer-store';
import type { PrinterApp } from './view/printer-view';

export interface PosApp extends PrinterApp {
  client: PosClient;
}

App<PosApp>({
  client: null as unknown as PosClient,
  printer: null as unknown as PrinterStore,

  onLaunch() {
    this.client = createClient({ wx });
    this.printer = new PrinterStore({
      wx,
      storage: wxStorage(wx),
      clock: this.client.clock,
      receiptContext: receiptContextFrom(this.client.ledger),
    });
    // The remembered printer, connected again in the background (a failure only shows in Settings).
    void this.printer.reconnect();
  },

  // Back in the foreground: connect now. WeChat cut the socket in the background, and the backoff
  // may have grown meanwhile; a till should not wait up to 30 s to send its sales.
  onShow() {
    this.client.sync.retryNow();
  },

  // Going to the background: write what was received but not yet stored (WeChat may kill the app).
  onHide() {
    this.client.flush();
  },
});
