// The receipt printer as the till uses it: one connection, made again when it was lost, and print
// jobs sent one at a time so two receipts never interleave. The paper is checked before a job (a
// job is not sent into an empty printer, though its drawer kick is) and after it (the roll ran out
// while printing; a check that cannot be made then leaves the job printed).
import type { Bluetooth } from '../adapters/bluetooth';
import { BluetoothError } from '../adapters/bluetooth-error';
import type { PaperStatus, PrinterLink } from '../adapters/printer-link';

export interface PrinterEvents {
  /** The connection came up or went down. */
  onConnection?(deviceId: string, connected: boolean): void;
  /** The printer answered a paper check: 'near-end' until a new roll is in, then 'ok'. */
  onPaper?(deviceId: string, status: PaperStatus): void;
  /** Bytes of the current job sent so far. */
  onProgress?(sent: number, total: number): void;
}

export interface PrintOptions {
  /** false: bytes that print nothing (a drawer kick), sent unchecked: an empty printer obeys them. */
  paper?: boolean;
  /**
   * The job's cash drawer kick. With the paper out before the job, it goes out alone: the cashier
   * holds the customer's cash and owes change, and the drawer needs no paper.
   */
  drawerKick?: Uint8Array;
}

/** The paper was out before the job: none of it was sent, only (maybe) its drawer kick. */
export class OutOfPaperError extends BluetoothError {
  constructor(
    message: string,
    /** The kick went out alone, or may have (a write left unanswered may still have arrived). */
    readonly drawerKicked: boolean,
  ) {
    super('out_of_paper', message);
    this.name = 'OutOfPaperError';
  }
}

export class PrinterConnection {
  private link: PrinterLink | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bluetooth: Bluetooth,
    private readonly events: PrinterEvents = {},
  ) {}

  get connectedTo(): string | null {
    return this.link?.connected ? this.link.deviceId : null;
  }

  /** Connects to this printer (letting go of any other). */
  connect(deviceId: string): Promise<void> {
    return this.serially(async () => {
      await this.linkTo(deviceId);
    });
  }

  disconnect(): Promise<void> {
    return this.serially(async () => {
      const link = this.link;
      this.link = null;
      if (link) {
        await link.close();
        this.events.onConnection?.(link.deviceId, false);
      }
    });
  }

  /**
   * Prints the bytes on this printer, after any job before it. Throws a BluetoothError, an
   * OutOfPaperError when the paper was out before the job.
   */
  print(deviceId: string, bytes: Uint8Array, options: PrintOptions = {}): Promise<void> {
    const { paper = true, drawerKick } = options;
    return this.serially(async () => {
      const link = await this.linkTo(deviceId);
      if (paper && this.heard(deviceId, await link.paperStatus()) === 'out') {
        const drawerKicked = drawerKick ? await this.kickAlone(link, drawerKick) : false;
        throw new OutOfPaperError(
          `the printer is out of paper: nothing was sent${drawerKicked ? ' but the drawer kick' : ''}`,
          drawerKicked,
        );
      }
      await link.write(bytes, (sent) => this.events.onProgress?.(sent, bytes.length));
      if (paper && this.heard(deviceId, await this.statusAfterJob(link)) === 'out')
        throw new BluetoothError('out_of_paper', 'the printer ran out of paper during the receipt');
    });
  }

  /** Whether the kick went out (or may have: a write left unanswered may still have arrived). */
  private async kickAlone(link: PrinterLink, kick: Uint8Array): Promise<boolean> {
    try {
      await link.write(kick);
      return true;
    } catch (error) {
      return error instanceof BluetoothError && error.problem === 'timeout';
    }
  }

  /**
   * The paper after a job the printer acknowledged whole: only its answer "out" fails the job. A
   * check that could not be made (refused, unanswered, the link gone) leaves it unknown, and the
   * receipt printed; failing it would print the receipt a second time.
   */
  private async statusAfterJob(link: PrinterLink): Promise<PaperStatus | null> {
    try {
      return await link.paperStatus();
    } catch {
      return null;
    }
  }

  /** Passes on the printer's answer to a paper check (none: nothing to tell). */
  private heard(deviceId: string, status: PaperStatus | null): PaperStatus | null {
    if (status) this.events.onPaper?.(deviceId, status);
    return status;
  }

  /** The live link to the printer: the current one, or a new connection. */
  private async linkTo(deviceId: string): Promise<PrinterLink> {
    if (this.link?.deviceId === deviceId && this.link.connected) return this.link;
    if (this.link) {
      const old = this.link;
      this.link = null;
      await old.close();
    }
    // It may drop while still connecting, before `link` is set: then there is no link to forget.
    let link: PrinterLink | null = null;
    link = await this.bluetooth.connect(deviceId, () => {
      if (link && this.link === link) this.link = null;
      this.events.onConnection?.(deviceId, false);
    });
    this.link = link;
    this.events.onConnection?.(deviceId, true);
    return link;
  }

  /** Runs after everything queued before it, whatever became of that. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
