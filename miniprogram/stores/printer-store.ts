// The receipt printer for the views: finding and remembering one, its connection, and receipts.
// Printing never blocks or fails a sale: printOrder resolves with what happened, never throws, and
// a receipt that did not print is kept with the reason until it is printed again or dismissed.
// How a job is laid out and sent is print-jobs.ts; what is kept of a receipt that did not print,
// and how it prints again, core/failed-receipts.ts.
import { makeAutoObservable, observable, runInAction } from 'mobx-miniprogram';
import type { Order, PaperWidth, ReceiptContext } from '@pos/shared';
import { Bluetooth, type BluetoothWx, type FoundPrinter } from '../adapters/bluetooth';
import type { KeyValueStorage } from '../adapters/storage';
import {
  keptAgain,
  keptForOrder,
  printsAsReprint,
  type FailedJob,
  type FindOrder,
} from '../core/failed-receipts';
import { describePrintError } from '../core/print-problems';
import { PrinterConnection } from '../core/printer';
import { readSavedPrinter, writeSavedPrinter, type SavedPrinter } from '../core/saved-printer';
import { text } from '../i18n/index';
import { PrintJobs, type PrintJobDeps, type PrintJobState, type PrintResult } from './print-jobs';

// The store's API as the app, the views and the tests have always imported it.
export { SALE_RECEIPT_RETRY_MS } from '../core/failed-receipts';
export type { FailedJob, FindOrder } from '../core/failed-receipts';
export type { PrintProblem } from '../core/print-problems';
export { PRINTER_STORAGE_KEY, type SavedPrinter } from '../core/saved-printer';
export type { PrintJob, PrintResult } from './print-jobs';

/** `receiptContext` (what a receipt prints besides its order) and the clock: see PrintJobDeps. */
export interface PrinterStoreDeps extends PrintJobDeps {
  wx: BluetoothWx;
  storage: KeyValueStorage;
  bluetooth?: Bluetooth;
}

export class PrinterStore implements PrintJobState {
  saved: SavedPrinter | null;
  found: FoundPrinter[] = [];
  searching = false;
  connected = false;
  busy: 'connecting' | 'printing' | null = null;
  /** The last problem, in words, until something succeeds. */
  problem: string | null = null;
  /** The printer's last answer to a paper check was "near its end" (a new roll clears it). */
  paperLow = false;
  failed: FailedJob[] = [];
  lastPrinted: { title: string; at: number } | null = null;

  private readonly bluetooth: Bluetooth;
  private readonly connection: PrinterConnection;
  private readonly jobs: PrintJobs;
  private stopDiscovery: (() => Promise<void>) | null = null;
  private nextJobId = 1;

  constructor(private readonly deps: PrinterStoreDeps) {
    this.saved = readSavedPrinter(deps.storage);
    this.bluetooth = deps.bluetooth ?? new Bluetooth(deps.wx, deps.clock);
    this.connection = new PrinterConnection(this.bluetooth, {
      onConnection: (deviceId, connected) =>
        runInAction(() => {
          if (deviceId === this.saved?.deviceId) this.connected = connected;
        }),
      onPaper: (_deviceId, status) => runInAction(() => (this.paperLow = status === 'near-end')),
      onProgress: (sent) => this.jobs.progressed(sent),
    });
    this.jobs = new PrintJobs(this, this.connection, deps);
    makeAutoObservable<
      PrinterStore,
      'deps' | 'connection' | 'jobs' | 'stopDiscovery' | 'bluetooth'
    >(
      this,
      {
        deps: false,
        connection: false,
        jobs: false,
        stopDiscovery: false,
        bluetooth: false,
        failed: observable.ref,
        found: observable.ref,
      },
      { autoBind: true },
    );
  }

  /** Order ids whose receipt did not print (the Orders page can offer to print them). */
  get unprintedOrderIds(): string[] {
    return this.failed.flatMap((job) => (job.orderId ? [job.orderId] : []));
  }

  /** Looks for printers nearby; found ones appear in `found`. */
  async startSearch(): Promise<void> {
    if (this.searching) return;
    this.found = [];
    this.searching = true;
    this.problem = null;
    try {
      const stop = await this.bluetooth.discover((printer) =>
        runInAction(() => (this.found = [...this.found, printer])),
      );
      this.stopDiscovery = stop;
    } catch (error) {
      runInAction(() => {
        this.searching = false;
        this.problem = describePrintError(error).message;
      });
    }
  }

  async stopSearch(): Promise<void> {
    const stop = this.stopDiscovery;
    this.stopDiscovery = null;
    this.searching = false;
    if (stop) await stop();
  }

  /** Connects to a printer found nearby and remembers it; false (with `problem` set) if it fails. */
  async choose(printer: FoundPrinter): Promise<boolean> {
    await this.stopSearch();
    const paper = this.saved?.paper ?? '58mm';
    return this.connectTo({ deviceId: printer.deviceId, name: printer.name, paper });
  }

  /** Connects to the remembered printer again (at launch, or after it was switched off). */
  async reconnect(): Promise<boolean> {
    return this.saved ? this.connectTo(this.saved) : false;
  }

  setPaper(paper: PaperWidth): void {
    if (!this.saved) return;
    this.remember({ ...this.saved, paper });
  }

  async forget(): Promise<void> {
    this.remember(null);
    this.connected = false;
    this.failed = [];
    this.problem = null;
    await this.connection.disconnect();
  }

  testPrint(): Promise<PrintResult> {
    const kept = { orderId: null, title: text.printer.testTitle, reprint: false };
    return this.jobs.printTestPage(this.nextJobId++, { ...kept, askedAt: this.deps.clock.now() });
  }

  /**
   * Prints an order's receipt. Resolves with what happened and never throws: the sale is already
   * stored, and a receipt that did not print waits in `failed` to be printed again.
   */
  printOrder(
    order: Order,
    options: { reprint?: boolean; qr?: ReceiptContext['qr'] } = {},
  ): Promise<PrintResult> {
    const kept = keptForOrder(order, options, this.deps.clock.now());
    return this.jobs.printReceipt(this.nextJobId++, order, kept, kept.reprint);
  }

  /**
   * Kicks the cash drawer open (ESC p) with nothing printed and no paper needed. Never throws; a
   * kick that failed is not kept to send again later, when the drawer would open by surprise.
   */
  openDrawer(): Promise<PrintResult> {
    return this.jobs.kickDrawer(this.nextJobId++);
  }

  /**
   * Prints a receipt that did not print once more, laid out again from its order as `findOrder`
   * has it now, as the sale's own receipt or a reprint (`printsAsReprint`). One whose order this
   * device no longer holds is let go, said so.
   */
  retry(jobId: number, findOrder: FindOrder): Promise<PrintResult> {
    const job = this.failed.find((candidate) => candidate.id === jobId);
    if (!job)
      return Promise.resolve(this.jobs.fail(null, 'failed', `no unprinted receipt ${jobId}`));
    this.failed = this.failed.filter((candidate) => candidate !== job);
    const kept = keptAgain(job);
    if (job.orderId === null) return this.jobs.printTestPage(job.id, kept);
    const order = findOrder(job.orderId);
    if (!order)
      return Promise.resolve(
        this.jobs.fail(null, 'order_gone', `order ${job.orderId} is no longer on this device`),
      );
    const reprint = printsAsReprint(job, this.deps.clock.now());
    return this.jobs.printReceipt(job.id, order, kept, reprint);
  }

  /**
   * Prints every receipt that did not print, oldest first (see `retry`); stops at the first the
   * printer fails again. One whose order is gone is let go and the others go on.
   */
  async retryAll(findOrder: FindOrder): Promise<void> {
    for (const job of [...this.failed]) {
      const result = await this.retry(job.id, findOrder);
      if (!result.ok && result.problem !== 'order_gone') return;
    }
  }

  dismiss(jobId: number): void {
    this.failed = this.failed.filter((job) => job.id !== jobId);
  }

  async dispose(): Promise<void> {
    await this.stopSearch();
    await this.connection.disconnect();
  }

  private async connectTo(printer: SavedPrinter): Promise<boolean> {
    this.busy = 'connecting';
    this.problem = null;
    try {
      await this.connection.connect(printer.deviceId);
      runInAction(() => {
        this.remember(printer);
        this.connected = true;
        this.busy = this.jobs.sending ? 'printing' : null;
      });
      return true;
    } catch (error) {
      runInAction(() => {
        this.busy = this.jobs.sending ? 'printing' : null;
        this.connected = false;
        this.problem = describePrintError(error).message;
      });
      return false;
    }
  }

  private remember(printer: SavedPrinter | null): void {
    this.saved = printer;
    writeSavedPrinter(this.deps.storage, printer);
  }
}
