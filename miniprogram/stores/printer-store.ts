// The receipt printer for the views: finding and remembering one, its connection, and receipts.
// Printing never blocks or fails a sale: printOrder resolves with what happened, never throws, and
// a receipt that did not print is kept with the reason until it is printed again or dismissed.
import { makeAutoObservable, observable, runInAction } from 'mobx-miniprogram';
import {
  encodeDrawerKick,
  encodeReceipt,
  layoutReceipt,
  paperWidthSchema,
  testPageDocument,
  type Order,
  type PaperWidth,
  type ReceiptContext,
  type ReceiptDocument,
} from '@pos/shared';
import {
  Bluetooth,
  BluetoothError,
  type BluetoothProblem,
  type BluetoothWx,
  type FoundPrinter,
} from '../adapters/bluetooth';
import type { Clock } from '../adapters/clock';
import type { KeyValueStorage } from '../adapters/storage';
import { PrinterConnection } from '../core/printer';
import { storageKeys } from '../core/storage-layout';
import { text } from '../i18n/index';

/** Where the chosen printer is remembered (one small key, listed with the others). */
export const PRINTER_STORAGE_KEY = storageKeys.printer;

export interface SavedPrinter {
  deviceId: string;
  name: string;
  paper: PaperWidth;
}

export type PrintProblem = BluetoothProblem | 'no_printer';

export interface PrintJob {
  id: number;
  /** The order the receipt is for; null for a test page. */
  orderId: string | null;
  title: string;
  bytes: Uint8Array;
}

export interface FailedJob extends PrintJob {
  problem: PrintProblem;
  /** For people, in the UI's language. */
  message: string;
  /** WeChat's own words, for whoever looks into it. */
  detail: string;
  at: number;
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

function readSaved(storage: KeyValueStorage): SavedPrinter | null {
  const stored = storage.get(PRINTER_STORAGE_KEY) as Partial<SavedPrinter> | null;
  if (!stored || typeof stored.deviceId !== 'string' || typeof stored.name !== 'string')
    return null;
  const paper = paperWidthSchema.safeParse(stored.paper);
  return {
    deviceId: stored.deviceId,
    name: stored.name,
    paper: paper.success ? paper.data : '58mm',
  };
}

export class PrinterStore {
  saved: SavedPrinter | null;
  found: FoundPrinter[] = [];
  searching = false;
  connected = false;
  busy: 'connecting' | 'printing' | null = null;
  /** The last problem, in words, until something succeeds. */
  problem: string | null = null;
  paperLow = false;
  failed: FailedJob[] = [];
  lastPrinted: { title: string; at: number } | null = null;

  private readonly bluetooth: Bluetooth;
  private readonly connection: PrinterConnection;
  private stopDiscovery: (() => Promise<void>) | null = null;
  private nextJobId = 1;
  /** Jobs sent and not yet done: the first to finish must not clear `busy` for the others. */
  private jobsInFlight = 0;

  constructor(private readonly deps: PrinterStoreDeps) {
    this.saved = readSaved(deps.storage);
    this.bluetooth = deps.bluetooth ?? new Bluetooth(deps.wx, deps.clock);
    this.connection = new PrinterConnection(this.bluetooth, {
      onConnection: (deviceId, connected) =>
        runInAction(() => {
          if (deviceId === this.saved?.deviceId) this.connected = connected;
        }),
      onPaperLow: () => runInAction(() => (this.paperLow = true)),
    });
    makeAutoObservable<
      PrinterStore,
      'deps' | 'connection' | 'stopDiscovery' | 'bluetooth' | 'jobsInFlight'
    >(
      this,
      {
        deps: false,
        connection: false,
        stopDiscovery: false,
        bluetooth: false,
        jobsInFlight: false,
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
        this.problem = this.describe(error).message;
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
    const paper = this.saved?.paper ?? '58mm';
    const document = testPageDocument(paper, {
      title: text.printer.testTitle,
      body: text.printer.testBody,
      qrText: `POS TEST ${paper}`,
      qrCaption: text.printer.testQrCaption,
    });
    return this.submit(null, text.printer.testTitle, document);
  }

  /**
   * Prints an order's receipt. Resolves with what happened and never throws: the sale is already
   * stored, and a receipt that did not print waits in `failed` to be printed again.
   */
  printOrder(
    order: Order,
    options: { reprint?: boolean; qr?: ReceiptContext['qr'] } = {},
  ): Promise<PrintResult> {
    const paper = this.saved?.paper ?? '58mm';
    let document: ReceiptDocument;
    try {
      const reprint = options.reprint ?? false;
      const context = { ...this.deps.receiptContext(order, { reprint }), reprint };
      if (options.qr !== undefined) context.qr = options.qr;
      document = layoutReceipt(order, context, paper);
    } catch (error) {
      return Promise.resolve(this.fail(null, 'failed', String(error)));
    }
    return this.submit(order.id, order.orderNo, document);
  }

  /**
   * Kicks the cash drawer open (ESC p) with nothing printed and no paper needed. Never throws; a
   * kick that failed is not kept to send again later, when the drawer would open by surprise.
   */
  openDrawer(): Promise<PrintResult> {
    const job = { id: this.nextJobId++, orderId: null, title: text.printer.drawerTitle };
    return this.send({ ...job, bytes: encodeDrawerKick() }, { paper: false, keep: false });
  }

  /** Sends a receipt that did not print once more. */
  retry(jobId: number): Promise<PrintResult> {
    const job = this.failed.find((candidate) => candidate.id === jobId);
    if (!job) return Promise.resolve(this.fail(null, 'failed', `no unprinted receipt ${jobId}`));
    this.failed = this.failed.filter((candidate) => candidate !== job);
    return this.send(job);
  }

  /** Sends every receipt that did not print, oldest first; stops at the first that fails again. */
  async retryAll(): Promise<void> {
    for (const job of [...this.failed]) {
      const result = await this.retry(job.id);
      if (!result.ok) return;
    }
  }

  dismiss(jobId: number): void {
    this.failed = this.failed.filter((job) => job.id !== jobId);
  }

  async dispose(): Promise<void> {
    await this.stopSearch();
    await this.connection.disconnect();
  }

  private submit(orderId: string | null, title: string, document: ReceiptDocument) {
    let bytes: Uint8Array;
    try {
      bytes = encodeReceipt(document);
    } catch (error) {
      return Promise.resolve(this.fail(null, 'failed', String(error)));
    }
    return this.send({ id: this.nextJobId++, orderId, title, bytes });
  }

  /** `paper`: whether the job prints (checked for paper); `keep`: kept to send again on failure. */
  private async send(job: PrintJob, { paper = true, keep = true } = {}): Promise<PrintResult> {
    const saved = this.saved;
    if (!saved) return this.fail(job, 'no_printer', 'no printer has been set up');
    this.busy = 'printing';
    this.jobsInFlight++;
    const done = () => {
      this.jobsInFlight--;
      if (this.jobsInFlight === 0) this.busy = null;
    };
    try {
      await this.connection.print(saved.deviceId, job.bytes, { paper });
      runInAction(() => {
        done();
        this.problem = null;
        this.connected = true;
        this.lastPrinted = { title: job.title, at: this.deps.clock.now() };
      });
      return { ok: true, job };
    } catch (error) {
      const { problem, detail } = this.describe(error);
      return runInAction(() => {
        done();
        const failed = this.fail(keep ? job : null, problem, detail);
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
        this.problem = this.describe(error).message;
      });
      return false;
    }
  }

  private fail(job: PrintJob | null, problem: PrintProblem, detail: string): PrintResult {
    const message = text.printer.problems[problem] ?? text.printer.problems.failed;
    this.problem = message;
    // Without a printer there is nothing to print again later; otherwise keep the receipt.
    if (job && problem !== 'no_printer')
      this.failed = [
        ...this.failed,
        { ...job, problem, message, detail, at: this.deps.clock.now() },
      ];
    return { ok: false, job, problem, message };
  }

  private describe(error: unknown): { problem: PrintProblem; message: string; detail: string } {
    const problem = error instanceof BluetoothError ? error.problem : 'failed';
    const detail = error instanceof Error ? error.message : String(error);
    return {
      problem,
      message: text.printer.problems[problem] ?? text.printer.problems.failed,
      detail,
    };
  }

  private remember(printer: SavedPrinter | null): void {
    this.saved = printer;
    if (printer) this.deps.storage.set(PRINTER_STORAGE_KEY, printer);
    else this.deps.storage.remove(PRINTER_STORAGE_KEY);
  }
}
