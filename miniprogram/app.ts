// The mini-program's entry: one client (storage, outbox, sync engine and stores) for the whole app,
// and the receipt printer next to it, both made at launch. Pages reach them through
// getApp<PosApp>().client and .printer and bind to their stores.
import { wxStorage } from './adapters/storage';
import { createClient, type PosClient } from './core/client';
import { receiptContextFrom } from './core/receipt-context';
import { PrinterStore } from './stores/printer-store';
import { endIdleKioskStaff } from './view/idle-timer';
import { restartAt } from './view/navigation';
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
      receiptContext: receiptContextFrom(this.client),
    });
    // The remembered printer, connected again in the background (a failure only shows in Settings).
    void this.printer.reconnect();
  },

  // Back in the foreground: connect now, or have the socket kept answer within seconds. WeChat cuts
  // sockets in the background (not always with a close event), and the backoff may have grown
  // meanwhile; a till should not wait up to 30 s to send its sales.
  // A kiosk left in staff mode in the background past its wait ends the session first, before the
  // staff screen shows again (at a launch, before any page: the first one then sends it on).
  onShow() {
    if (endIdleKioskStaff(this.client) && getCurrentPages().length > 0) restartAt('kiosk');
    this.client.sync.reconnectNow();
    // WeChat stops timers in the background: the store's day may have started meanwhile.
    this.client.checkDay();
  },

  // Going to the background: write what was received but not yet stored (WeChat may kill the app),
  // and the staff's last touch, which a kiosk's staff session is timed from.
  onHide() {
    this.client.flush();
    this.client.session.saveActivity();
  },
});
