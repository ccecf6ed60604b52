// The receipt printer in Settings: find printers nearby, connect and remember one, choose the
// paper width, print a test page, forget it; and the receipts that did not print, to print again.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { Order, PaperWidth } from '@pos/shared';
import type { PosApp } from '../../app';
import { text, words } from '../../i18n/index';
import {
  printerSettingsView,
  printerStore,
  type PrinterSettingsView,
} from '../../view/printer-view';

/**
 * The order as this device holds it now: a receipt printed again is laid out from it (voided or
 * refunded since, it says so), never resent as the bytes made at the sale.
 */
function orderNow(orderId: string): Order | null {
  return getApp<Partial<PosApp>>().client?.orders.find(orderId)?.order ?? null;
}

const printerView = {
  get view() {
    return printerSettingsView(printerStore());
  },
};

ComponentWithStore({
  data: { t: words(text.printer), view: null as PrinterSettingsView | null },
  storeBindings: {
    store: printerView,
    fields: { view: () => printerView.view },
    actions: {},
  },
  lifetimes: {
    detached() {
      void printerStore().stopSearch();
    },
  },
  methods: {
    onSearch() {
      void printerStore().startSearch();
    },
    onStopSearch() {
      void printerStore().stopSearch();
    },
    onChoose(event: WechatMiniprogram.TouchEvent<object, object, { deviceId: string }>) {
      const store = printerStore();
      const printer = store.found.find((p) => p.deviceId === event.currentTarget.dataset.deviceId);
      if (printer) void store.choose(printer);
    },
    onPaper(event: { detail: PaperWidth }) {
      printerStore().setPaper(event.detail);
    },
    onTestPrint() {
      void printerStore().testPrint();
    },
    onForget() {
      void printerStore().forget();
    },
    /**
     * The sale's own receipt only just after the sale (a cash sale's opens the drawer then);
     * otherwise a reprint, the drawer shut (printer-store's `retry`).
     */
    onRetryAll() {
      void printerStore().retryAll(orderNow);
    },
  },
});
