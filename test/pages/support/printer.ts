// A receipt printer for page tests: the app's printer store (getApp().printer, made as app.ts
// makes it) on the test device's wx stand-in, with a fake BLE printer near the device, remembered
// from an earlier visit to Settings and connected again as at launch - or no printer at all.
import { Bluetooth } from '../../../miniprogram/adapters/bluetooth';
import { systemClock } from '../../../miniprogram/adapters/clock';
import { wxStorage } from '../../../miniprogram/adapters/storage';
import { receiptContextFrom } from '../../../miniprogram/core/receipt-context';
import { PrinterStore, PRINTER_STORAGE_KEY } from '../../../miniprogram/stores/printer-store';
import type { TestDevice } from '../../client/support/device';
import { readEscPos } from '../../support/escpos-reader';
import type { FakeBlePrinter } from '../../wx/bluetooth';

export interface TestPrinter {
  store: PrinterStore;
  /** The printer near the device; null when none was ever set up. */
  printer: FakeBlePrinter | null;
}

/** The receipts a printer printed (status requests aside), one per cut, as lines of text. */
export function printedReceipts(printer: FakeBlePrinter): string[][] {
  const receipts: string[][] = [[]];
  for (const event of readEscPos(printer.received()).events) {
    if (event.kind === 'line' && event.line.text.trim())
      receipts[receipts.length - 1].push(event.line.text.trim());
    if (event.kind === 'cut') receipts.push([]);
  }
  return receipts.slice(0, -1);
}

/**
 * Registers the hooks (after the device's own) and returns the printer, filled in before each
 * test. `remembered: false`: no printer was ever chosen, so there is nothing to print on. `now`:
 * the printer store's time (a test moves it on; Bluetooth keeps real time).
 */
export function printerPerTest(
  device: () => TestDevice,
  { remembered = true, now }: { remembered?: boolean; now?: () => number } = {},
): TestPrinter {
  const setup = {} as TestPrinter;
  const globals = globalThis as Record<string, unknown>;
  let harnessGetApp: () => Record<string, unknown>;
  beforeEach(async () => {
    const { standIn, client } = device();
    setup.printer = null;
    if (remembered) {
      setup.printer = standIn.bluetooth.addPrinter({ name: 'Printer_58' });
      standIn.wx.setStorageSync(PRINTER_STORAGE_KEY, {
        deviceId: setup.printer.deviceId,
        name: setup.printer.name,
        paper: '58mm',
      });
    }
    const clock = systemClock();
    setup.store = new PrinterStore({
      wx: standIn.wx as never,
      storage: wxStorage(standIn.wx),
      clock: now ? systemClock(now) : clock,
      receiptContext: receiptContextFrom(client),
      bluetooth: new Bluetooth(standIn.wx as never, clock, {
        retryDelayMs: 5,
        writeTimeoutMs: 200,
        statusTimeoutMs: 100,
      }),
    });
    if (remembered && !(await setup.store.reconnect()))
      throw new Error(`the printer did not connect: ${setup.store.problem}`);
    harnessGetApp = globals.getApp as () => Record<string, unknown>;
    globals.getApp = () => ({ ...harnessGetApp(), printer: setup.store });
  });
  afterEach(async () => {
    globals.getApp = harnessGetApp;
    await setup.store.dispose();
  });
  return setup;
}
