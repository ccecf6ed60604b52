// The receipt printer as the till uses it: one connection, made again when it was lost, and print
// jobs sent one at a time so two receipts never interleave. The paper is checked before a job (a
// job is not sent into an empty printer) and after it (the roll ran out while printing).
import {
  BluetoothError,
  type Bluetooth,
  type PaperStatus,
  type PrinterLink,
} from '../adapters/bluetooth';

export interface PrinterEvents {
  /** The connection came up or went down. */
  onConnection?(deviceId: string, connected: boolean): void;
  /** The paper is running low (printing goes on). */
  onPaperLow?(deviceId: string): void;
  /** Bytes of the current job sent so far. */
  onProgress?(sent: number, total: number): void;
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
   * Prints the bytes on this printer, after any job before it. Throws a BluetoothError. `paper:
   * false` sends bytes that print nothing (a drawer kick), which an empty printer still obeys.
   */
  print(deviceId: string, bytes: Uint8Array, { paper = true } = {}): Promise<void> {
    return this.serially(async () => {
      const link = await this.linkTo(deviceId);
      if (paper) this.checkPaper(deviceId, await link.paperStatus(), 'before');
      await link.write(bytes, (sent) => this.events.onProgress?.(sent, bytes.length));
      if (paper) this.checkPaper(deviceId, await link.paperStatus(), 'after');
    });
  }

  private checkPaper(deviceId: string, status: PaperStatus | null, when: 'before' | 'after') {
    if (status === 'near-end') this.events.onPaperLow?.(deviceId);
    if (status !== 'out') return;
    throw new BluetoothError(
      'out_of_paper',
      when === 'before'
        ? 'the printer is out of paper: nothing was sent'
        : 'the printer ran out of paper during the receipt',
    );
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
