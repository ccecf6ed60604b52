// The printer store shaped for the printer settings: which printer, its state in words, the
// printers found nearby, the last problem and the receipts waiting to be printed again.
import { text } from '../i18n/index';
import type { PrinterStore } from '../stores/printer-store';

/** The printer store the app holds next to its client (getApp().printer), made at launch. */
export interface PrinterApp {
  printer: PrinterStore;
}

export function printerStore(): PrinterStore {
  return getApp<PrinterApp>().printer;
}

export interface PrinterSettingsView {
  saved: {
    name: string;
    deviceId: string;
    paper: string;
    state: string;
    tone: 'success' | 'warning' | 'default';
  } | null;
  found: Array<{ deviceId: string; name: string; current: boolean }>;
  searching: boolean;
  busy: boolean;
  printing: boolean;
  problem: string | null;
  paperLow: string | null;
  failedCount: number;
  failedText: string;
}

export function printerSettingsView(store: PrinterStore): PrinterSettingsView {
  const words = text.printer;
  const saved = store.saved;
  const state =
    store.busy === 'connecting'
      ? words.connecting
      : store.busy === 'printing'
        ? words.printing
        : store.connected
          ? words.connected
          : words.notConnected;
  return {
    saved: saved && {
      name: saved.name,
      deviceId: saved.deviceId,
      paper: saved.paper,
      state,
      tone: store.connected ? 'success' : store.busy ? 'warning' : 'default',
    },
    found: store.found.map((printer) => ({
      deviceId: printer.deviceId,
      name: printer.name,
      current: printer.deviceId === saved?.deviceId,
    })),
    searching: store.searching,
    busy: store.busy !== null,
    printing: store.busy === 'printing',
    problem: store.problem,
    paperLow: store.paperLow ? words.paperLow : null,
    failedCount: store.failed.length,
    failedText: store.failed.length > 0 ? words.failedJobs(store.failed.length) : '',
  };
}
