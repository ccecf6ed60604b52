// The receipt printer for the views: finding and remembering one, its connection, and receipts.
// Printing never blocks or fails a sale: printOrder resolves with what happened, never throws, and
// a receipt that did not print is kept with the reason until it is printed again or dismissed.
// What is kept of it, and how it prints again, is core/failed-receipts.ts.
import { makeAutoObservable, observable, runInAction } from 'mobx-miniprogram';
import {
  encodeDrawerKick,
  encodeReceipt,
  testPageDocument,
  type Order,
  type PaperWidth,
  type ReceiptContext,
  type ReceiptDocument,
} from '@pos/shared';
import { Bluetooth, type BluetoothWx, type FoundPrinter } from '../adapters/bluetooth';
import type { Clock } from '../adapters/clock';
import type { KeyValueStorage } from '../adapters/storage';
import {
  drawerOpenedFor,
  keepsReceipt,
  keptAgain,
  keptForOrder,
  printsAsReprint,
  receiptDocument,
  stillUnsent,
  type FailedJob,
  type FindOrder,
  type KeptReceipt,
} from '../core/failed-receipts';
import { describePrintError, printProblemMessage, type PrintProblem } from '../core/print-problems';
import { OutOfPaperError, PrinterConnection, type PrintOptions } from '../core/printer';
import { readSavedPrinter, writeSavedPrinter, type SavedPrinter } from '../core/saved-printer';
import { text } from '../i18n/index';

// The store's API as the app, the views and the tests have always imported it.
export { SALE_RECEIPT_RETRY_MS } from '../core/failed-receipts';
export type { FailedJob, FindOrder } from '../core/failed-receipts';
export type { PrintProblem } from '../core/print-problems';
export { PRINTER_STORAGE_KEY, type SavedPrinter } from '../core/saved-printer';

/** A job as it was sent to the printer. */
export interface PrintJob {
  id: number;
  /** The order the receipt is for; null for a test page. */
  orderId: string | null;
  title: string;
  bytes: Uint8Array;
}

export type PrintResult =
  | { ok: true; job: PrintJob }
  | { ok: false; job: PrintJob | null; problem: PrintProblem; message: string };

export interface PrinterStoreDeps {
  wx: BluetoothWx;
  storage: KeyValueStorage;
  clock: Clock;
  /**
   * What a receipt prints besides the order itself: store, cashier, member, QR code. Told whether
   * it is a reprint: the member's balances are known as they are now, not as the order left them.
   */
  receiptContext(order: Order, options: { reprint: boolean }): ReceiptContext;
  bluetooth?: Bluetooth;
}

export class PrinterStore {
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
  private stopDiscovery: (() => Promise<void>) | null = null;
  private nextJobId = 1;
  /** Jobs sent and not yet done: the first to finish must not clear `busy` for the others. */
  private jobsInFlight = 0;
  /**
   * Bytes written of each job handed to the connection, in the order handed: the connection runs
   * them one at a time in that order, so the first is the one its progress is about.
   */
  private readonly writing: Array<{ sent: number }> = [];

  constructor(private readonly deps: PrinterStoreDeps) {
    this.saved = readSavedPrinter(deps.storage);
    this.bluetooth = deps.bluetooth ?? new Bluetooth(deps.wx, deps.clock);
    this.connection = new PrinterConnection(this.bluetooth, {
      onConnection: (deviceId, connected) =>
        runInAction(() => {
          if (deviceId === this.saved?.deviceId) this.connected = connected;
        }),
      onPaper: (_deviceId, status) => runInAction(() => (this.paperLow = status === 'near-end')),
      onProgress: (sent) => {
        const job = this.writing[0];
        if (job) job.sent = Math.max(job.sent, sent);
      },
    });
    makeAutoObservable<
      PrinterStore,
      'deps' | 'connection' | 'stopDiscovery' | 'bluetooth' | 'jobsInFlight' | 'writing'
    >(
      this,
      {
        deps: false,
        connection: false,
        stopDiscovery: false,
        bluetooth: false,
        jobsInFlight: false,
        writing: false,
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
    return this.printTestPage(this.nextJobId++, { ...kept, askedAt: this.deps.clock.now() });
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
    return this.printReceipt(this.nextJobId++, order, kept, kept.reprint);
  }

  /**
   * Kicks the cash drawer open (ESC p) with nothing printed and no paper needed. Never throws; a
   * kick that failed is not kept to send again later, when the drawer would open by surprise.
   */
  openDrawer(): Promise<PrintResult> {
    const job = { id: this.nextJobId++, orderId: null, title: text.printer.drawerTitle };
    return this.send({ ...job, bytes: encodeDrawerKick() }, null, { paper: false });
  }

  /**
   * Prints a receipt that did not print once more, laid out again from its order as `findOrder`
   * has it now, as the sale's own receipt or a reprint (`printsAsReprint`). One whose order this
   * device no longer holds is let go, said so.
   */
  retry(jobId: number, findOrder: FindOrder): Promise<PrintResult> {
    const job = this.failed.find((candidate) => candidate.id === jobId);
    if (!job) return Promise.resolve(this.fail(null, 'failed', `no unprinted receipt ${jobId}`));
    this.failed = this.failed.filter((candidate) => candidate !== job);
    const kept = keptAgain(job);
    if (job.orderId === null) return this.printTestPage(job.id, kept);
    const order = findOrder(job.orderId);
    if (!order)
      return Promise.resolve(
        this.fail(null, 'order_gone', `order ${job.orderId} is no longer on this device`),
      );
    return this.printReceipt(job.id, order, kept, printsAsReprint(job, this.deps.clock.now()));
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

  /** Lays the order's receipt out (a reprint or the sale's own) and sends it as job `id`. */
  private printReceipt(
    id: number,
    order: Order,
    kept: KeptReceipt,
    reprint: boolean,
  ): Promise<PrintResult> {
    const paper = this.saved?.paper ?? '58mm';
    try {
      const context = this.deps.receiptContext(order, { reprint });
      return this.submit(id, kept, receiptDocument(order, context, kept, reprint, paper));
    } catch (error) {
      return Promise.resolve(this.fail(null, 'failed', String(error)));
    }
  }

  /** The test page on the paper width as it is now, sent as job `id`. */
  private printTestPage(id: number, kept: KeptReceipt): Promise<PrintResult> {
    const paper = this.saved?.paper ?? '58mm';
    const document = testPageDocument(paper, {
      title: text.printer.testTitle,
      body: text.printer.testBody,
      qrText: `POS TEST ${paper}`,
      qrCaption: text.printer.testQrCaption,
    });
    return this.submit(id, kept, document);
  }

  private submit(id: number, kept: KeptReceipt, document: ReceiptDocument): Promise<PrintResult> {
    let bytes: Uint8Array;
    try {
      bytes = encodeReceipt(document);
    } catch (error) {
      return Promise.resolve(this.fail(null, 'failed', String(error)));
    }
    const job = { id, orderId: kept.orderId, title: kept.title, bytes };
    return this.send(job, kept, document.openDrawer ? { drawerKick: encodeDrawerKick() } : {});
  }

  /**
   * `kept`: what keeps it to print again if it fails (null: not kept, as a drawer kick);
   * `options`: whether it prints (checked for paper) and its drawer kick (see PrintOptions).
   */
  private async send(
    job: PrintJob,
    kept: KeptReceipt | null,
    options: PrintOptions = {},
  ): Promise<PrintResult> {
    const saved = this.saved;
    if (!saved) return { ...this.fail(null, 'no_printer', 'no printer has been set up'), job };
    this.busy = 'printing';
    this.jobsInFlight++;
    const done = () => {
      this.jobsInFlight--;
      if (this.jobsInFlight === 0) this.busy = null;
    };
    const progress = { sent: 0 };
    this.writing.push(progress);
    const printed = this.connection.print(saved.deviceId, job.bytes, options);
    // Off the list as soon as it settles, before the connection starts the next job.
    const written = () => void this.writing.splice(this.writing.indexOf(progress), 1);
    void printed.then(written, written);
    try {
      await printed;
      runInAction(() => {
        done();
        this.problem = null;
        this.connected = true;
        this.lastPrinted = { title: job.title, at: this.deps.clock.now() };
      });
      return { ok: true, job };
    } catch (error) {
      const { problem, detail } = describePrintError(error);
      const unsent = stillUnsent(kept, progress.sent, problem);
      const kicked = error instanceof OutOfPaperError && error.drawerKicked;
      const drawerOpened = drawerOpenedFor(kept, kicked);
      return runInAction(() => {
        done();
        const again = kept && { id: job.id, ...kept, unsent, drawerOpened };
        const failed = this.fail(again, problem, detail);
        return { ...failed, job };
      });
    }
  }

  private async connectTo(printer: SavedPrinter): Promise<boolean> {
    this.busy = 'connecting';
    this.problem = null;
    try {
      await this.connection.connect(printer.deviceId);
      runInAction(() => {
        this.remember(printer);
        this.connected = true;
        this.busy = this.jobsInFlight > 0 ? 'printing' : null;
      });
      return true;
    } catch (error) {
      runInAction(() => {
        this.busy = this.jobsInFlight > 0 ? 'printing' : null;
        this.connected = false;
        this.problem = describePrintError(error).message;
      });
      return false;
    }
  }

  private fail(
    kept: (KeptReceipt & { id: number; unsent: boolean; drawerOpened: boolean }) | null,
    problem: PrintProblem,
    detail: string,
  ): PrintResult {
    const message = printProblemMessage(problem);
    this.problem = message;
    if (kept && keepsReceipt(problem))
      this.failed = [
        ...this.failed,
        { ...kept, problem, message, detail, at: this.deps.clock.now() },
      ];
    return { ok: false, job: null, problem, message };
  }

  private remember(printer: SavedPrinter | null): void {
    this.saved = printer;
    writeSavedPrinter(this.deps.storage, printer);
  }
}
