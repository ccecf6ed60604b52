// The receipt printer for the views: finding and remembering one, its connection, and receipts.
// Printing never blocks or fails a sale: printOrder resolves with what happened, never throws, and
// a receipt that did not print is kept with the reason until it is printed again or dismissed.
//
// A receipt kept is what lays it out again (its order's id), never its bytes: those held the drawer
// kick of a cash sale, and sent unchanged hours later they opened the drawer with no sale and no
// reason, printed an order as it no longer was (voided, refunded) and unmarked as a reprint. Printed
// again, it is laid out from the order as it is now, and counts as the sale's own receipt (unmarked;
// a cash sale's opens the drawer) only while none of it reached the printer (the kick goes out
// first) and the sale is at most SALE_RECEIPT_RETRY_MS old: the cashier took the cash, the printer
// failed, they fix it and print, and need the drawer; the sale is that opening's record. Otherwise
// it is a reprint, marked, the drawer shut: a drawer opened later is recorded only through 开钱箱,
// whose reason the shift store writes before `openDrawer()` sends its kick.
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

/** `order_gone`: a receipt to print again whose order this device no longer holds. */
export type PrintProblem = BluetoothProblem | 'no_printer' | 'order_gone';

/**
 * How long after a sale its receipt, printed again because the first attempt reached nothing,
 * is still the sale's own (a cash sale's opens the drawer): the cashier fixing the printer at the
 * till. Later, it is a reprint and the drawer stays shut.
 */
export const SALE_RECEIPT_RETRY_MS = 2 * 60_000;

/** The order as this device holds it now (a receipt printed again is laid out from it), or null. */
export type FindOrder = (orderId: string) => Order | null;

/** A job as it was sent to the printer. */
export interface PrintJob {
  id: number;
  /** The order the receipt is for; null for a test page. */
  orderId: string | null;
  title: string;
  bytes: Uint8Array;
}

/**
 * A receipt that did not print, kept as what lays it out again: the order's id (null for a test
 * page), never the bytes made then (small, and no drawer kick kept to send again).
 */
export interface FailedJob {
  id: number;
  /** The order the receipt is for; null for a test page. */
  orderId: string | null;
  title: string;
  /** Asked for as a reprint (Orders): printed again as one. */
  reprint: boolean;
  /** The QR code the receipt was asked with, if any. */
  qr?: ReceiptContext['qr'];
  /** When it was first asked for: a sale's own receipt, at the sale. */
  askedAt: number;
  /** No byte of it reached the printer (nor, then, a drawer kick), in any attempt. */
  unsent: boolean;
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

/** What keeps a receipt to print again (see FailedJob); `unsent` is true until an attempt. */
type Kept = Pick<FailedJob, 'orderId' | 'title' | 'reprint' | 'qr' | 'askedAt'> & {
  unsent?: boolean;
};

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
  /**
   * Bytes written of each job handed to the connection, in the order handed: the connection runs
   * them one at a time in that order, so the first is the one its progress is about.
   */
  private readonly writing: Array<{ sent: number }> = [];

  constructor(private readonly deps: PrinterStoreDeps) {
    this.saved = readSaved(deps.storage);
    this.bluetooth = deps.bluetooth ?? new Bluetooth(deps.wx, deps.clock);
    this.connection = new PrinterConnection(this.bluetooth, {
      onConnection: (deviceId, connected) =>
        runInAction(() => {
          if (deviceId === this.saved?.deviceId) this.connected = connected;
        }),
      onPaperLow: () => runInAction(() => (this.paperLow = true)),
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
    const reprint = options.reprint ?? false;
    const kept: Kept = {
      orderId: order.id,
      title: order.orderNo,
      reprint,
      ...(options.qr !== undefined ? { qr: options.qr } : {}),
      askedAt: this.deps.clock.now(),
    };
    return this.printReceipt(this.nextJobId++, order, kept, reprint);
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
   * has it now. It is the sale's own receipt (a cash sale's opens the drawer) only while none of it
   * has reached the printer and the sale is at most SALE_RECEIPT_RETRY_MS old; otherwise a reprint:
   * marked, the drawer shut. One whose order this device no longer holds is let go, said so.
   */
  retry(jobId: number, findOrder: FindOrder): Promise<PrintResult> {
    const job = this.failed.find((candidate) => candidate.id === jobId);
    if (!job) return Promise.resolve(this.fail(null, 'failed', `no unprinted receipt ${jobId}`));
    this.failed = this.failed.filter((candidate) => candidate !== job);
    const kept: Kept = {
      orderId: job.orderId,
      title: job.title,
      reprint: job.reprint,
      ...(job.qr !== undefined ? { qr: job.qr } : {}),
      askedAt: job.askedAt,
      unsent: job.unsent,
    };
    if (job.orderId === null) return this.printTestPage(job.id, kept);
    const order = findOrder(job.orderId);
    if (!order)
      return Promise.resolve(
        this.fail(null, 'order_gone', `order ${job.orderId} is no longer on this device`),
      );
    const age = this.deps.clock.now() - job.askedAt;
    const salesOwn = !job.reprint && job.unsent && age >= 0 && age <= SALE_RECEIPT_RETRY_MS;
    return this.printReceipt(job.id, order, kept, !salesOwn);
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
    kept: Kept,
    reprint: boolean,
  ): Promise<PrintResult> {
    const paper = this.saved?.paper ?? '58mm';
    try {
      const context = { ...this.deps.receiptContext(order, { reprint }), reprint };
      if (kept.qr !== undefined) context.qr = kept.qr;
      return this.submit(id, kept, layoutReceipt(order, context, paper));
    } catch (error) {
      return Promise.resolve(this.fail(null, 'failed', String(error)));
    }
  }

  /** The test page on the paper width as it is now, sent as job `id`. */
  private printTestPage(id: number, kept: Kept): Promise<PrintResult> {
    const paper = this.saved?.paper ?? '58mm';
    const document = testPageDocument(paper, {
      title: text.printer.testTitle,
      body: text.printer.testBody,
      qrText: `POS TEST ${paper}`,
      qrCaption: text.printer.testQrCaption,
    });
    return this.submit(id, kept, document);
  }

  private submit(id: number, kept: Kept, document: ReceiptDocument): Promise<PrintResult> {
    let bytes: Uint8Array;
    try {
      bytes = encodeReceipt(document);
    } catch (error) {
      return Promise.resolve(this.fail(null, 'failed', String(error)));
    }
    return this.send({ id, orderId: kept.orderId, title: kept.title, bytes }, kept);
  }

  /**
   * `paper`: whether the job prints (checked for paper); `kept`: what keeps it to print again if it
   * fails (null: not kept, as a drawer kick).
   */
  private async send(
    job: PrintJob,
    kept: Kept | null,
    { paper = true } = {},
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
    const printed = this.connection.print(saved.deviceId, job.bytes, { paper });
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
      const { problem, detail } = this.describe(error);
      // A write left unanswered may still have arrived: only no byte and no timeout is none sent.
      const noneSent = progress.sent === 0 && problem !== 'timeout';
      return runInAction(() => {
        done();
        const unsent = (kept?.unsent ?? true) && noneSent;
        const failed = this.fail(kept && { id: job.id, ...kept, unsent }, problem, detail);
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

  private fail(
    kept: (Kept & { id: number; unsent: boolean }) | null,
    problem: PrintProblem,
    detail: string,
  ): PrintResult {
    const message = this.messageOf(problem);
    this.problem = message;
    // Without a printer there is nothing to print again later; otherwise keep the receipt.
    if (kept && problem !== 'no_printer')
      this.failed = [
        ...this.failed,
        { ...kept, problem, message, detail, at: this.deps.clock.now() },
      ];
    return { ok: false, job: null, problem, message };
  }

  private messageOf(problem: PrintProblem): string {
    if (problem === 'order_gone') return text.printer.orderGone;
    return text.printer.problems[problem] ?? text.printer.problems.failed;
  }

  private describe(error: unknown): { problem: PrintProblem; message: string; detail: string } {
    const problem = error instanceof BluetoothError ? error.problem : 'failed';
    const detail = error instanceof Error ? error.message : String(error);
    return { problem, message: this.messageOf(problem), detail };
  }

  private remember(printer: SavedPrinter | null): void {
    this.saved = printer;
    if (printer) this.deps.storage.set(PRINTER_STORAGE_KEY, printer);
    else this.deps.storage.remove(PRINTER_STORAGE_KEY);
  }
}
