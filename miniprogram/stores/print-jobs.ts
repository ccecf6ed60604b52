// The printer store's print jobs: a receipt, a test page or a drawer kick laid out into bytes, sent
// on the printer's connection one after another, and what came of it written back to the store. A
// receipt that did not print is kept in the store's `failed`, with its reason; sending never throws.
import { runInAction } from 'mobx-miniprogram';
import {
  encodeDrawerKick,
  encodeReceipt,
  testPageDocument,
  type Order,
  type ReceiptContext,
  type ReceiptDocument,
} from '@pos/shared';
import type { Clock } from '../adapters/clock';
import {
  drawerOpenedFor,
  keepsReceipt,
  receiptDocument,
  stillUnsent,
  type FailedJob,
  type KeptReceipt,
} from '../core/failed-receipts';
import { describePrintError, printProblemMessage, type PrintProblem } from '../core/print-problems';
import { OutOfPaperError, type PrinterConnection, type PrintOptions } from '../core/printer';
import type { SavedPrinter } from '../core/saved-printer';
import { text } from '../i18n/index';

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

/** The printer store's state that print jobs read and change (the store itself). */
export interface PrintJobState {
  readonly saved: SavedPrinter | null;
  busy: 'connecting' | 'printing' | null;
  problem: string | null;
  connected: boolean;
  failed: FailedJob[];
  lastPrinted: { title: string; at: number } | null;
}

export interface PrintJobDeps {
  clock: Clock;
  /**
   * What a receipt prints besides the order itself: store, cashier, member, QR code. Told whether
   * it is a reprint: the member's balances are known as they are now, not as the order left them.
   */
  receiptContext(order: Order, options: { reprint: boolean }): ReceiptContext;
}

/** A receipt that did not print, as `fail` keeps it: what lays it out again, and its attempts. */
type KeptAttempt = KeptReceipt & { id: number; unsent: boolean; drawerOpened: boolean };

export class PrintJobs {
  /** Jobs sent and not yet done: the first to finish must not clear `busy` for the others. */
  private jobsInFlight = 0;
  /**
   * Bytes written of each job handed to the connection, in the order handed: the connection runs
   * them one at a time in that order, so the first is the one its progress is about.
   */
  private readonly writing: Array<{ sent: number }> = [];

  constructor(
    private readonly state: PrintJobState,
    private readonly connection: PrinterConnection,
    private readonly deps: PrintJobDeps,
  ) {}

  /** Some job is still being sent: the store stays busy printing. */
  get sending(): boolean {
    return this.jobsInFlight > 0;
  }

  /** The connection's progress (bytes written) on the job it is writing now. */
  progressed(sent: number): void {
    const job = this.writing[0];
    if (job) job.sent = Math.max(job.sent, sent);
  }

  /** Lays the order's receipt out (a reprint or the sale's own) and sends it as job `id`. */
  printReceipt(
    id: number,
    order: Order,
    kept: KeptReceipt,
    reprint: boolean,
  ): Promise<PrintResult> {
    const paper = this.state.saved?.paper ?? '58mm';
    try {
      const context = this.deps.receiptContext(order, { reprint });
      return this.submit(id, kept, receiptDocument(order, context, kept, reprint, paper));
    } catch (error) {
      return Promise.resolve(this.fail(null, 'failed', String(error)));
    }
  }

  /** The test page on the paper width as it is now, sent as job `id`. */
  printTestPage(id: number, kept: KeptReceipt): Promise<PrintResult> {
    const paper = this.state.saved?.paper ?? '58mm';
    const document = testPageDocument(paper, {
      title: text.printer.testTitle,
      body: text.printer.testBody,
      qrText: `POS TEST ${paper}`,
      qrCaption: text.printer.testQrCaption,
    });
    return this.submit(id, kept, document);
  }

  /** The cash drawer's kick alone as job `id`: nothing printed, no paper needed, never kept. */
  kickDrawer(id: number): Promise<PrintResult> {
    const job = { id, orderId: null, title: text.printer.drawerTitle };
    return this.send({ ...job, bytes: encodeDrawerKick() }, null, { paper: false });
  }

  /** Says what went wrong (`problem` on the store) and keeps the receipt when worth printing again. */
  fail(kept: KeptAttempt | null, problem: PrintProblem, detail: string): PrintResult {
    const message = printProblemMessage(problem);
    this.state.problem = message;
    if (kept && keepsReceipt(problem))
      this.state.failed = [
        ...this.state.failed,
        { ...kept, problem, message, detail, at: this.deps.clock.now() },
      ];
    return { ok: false, job: null, problem, message };
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
    const state = this.state;
    const saved = state.saved;
    if (!saved) return { ...this.fail(null, 'no_printer', 'no printer has been set up'), job };
    state.busy = 'printing';
    this.jobsInFlight++;
    const done = () => {
      this.jobsInFlight--;
      if (this.jobsInFlight === 0) state.busy = null;
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
        state.problem = null;
        state.connected = true;
        state.lastPrinted = { title: job.title, at: this.deps.clock.now() };
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
}
