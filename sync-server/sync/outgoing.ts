// What the server sends one device's socket. Answers (welcome, acks, pongs, errors) go at once. A
// catch-up (the changes a device missed, or the snapshot of a busy day: tens of MB) goes frame by
// frame as the socket drains, and live changes that come meanwhile wait behind it, so they reach
// the device after the state they change. Anything else a device leaves unread past the limit
// closes its socket (1013): it reconnects and resumes from its cursor, and the server's memory
// does not pile up behind a device that does not read.
import type { WebSocket } from 'ws';

/** A device too slow to keep up: it reconnects and resumes from its cursor. */
const TOO_FAR_BEHIND = 1013;

export class Outgoing {
  /** Live changes that came while a catch-up was on its way; null when none is. */
  private held: string[] | null = null;
  private heldBytes = 0;
  /** The catch-up's bytes given to the socket and not yet written: paced, so not "behind". */
  private catchUpBytesUnwritten = 0;
  private readonly closed: Promise<false>;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
  ) {
    this.closed = new Promise((resolve) => ws.once('close', () => resolve(false)));
  }

  /** An answer, sent at once. */
  send(text: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount - this.catchUpBytesUnwritten > this.maxBufferedBytes)
      return this.tooFarBehind();
    this.ws.send(text);
  }

  /** A live change frame: at once, or after the catch-up on its way. */
  sendChange(frame: string): void {
    if (!this.held) return this.send(frame);
    this.held.push(frame);
    this.heldBytes += Buffer.byteLength(frame, 'utf8');
    if (this.heldBytes > this.maxBufferedBytes) this.tooFarBehind();
  }

  /**
   * Sends the frames as the socket drains, then the live changes held meanwhile; resolves once
   * they are all given to the socket, or it closed.
   */
  async sendCatchUp(frames: readonly string[]): Promise<void> {
    const held: string[] = [];
    this.held = held;
    try {
      for (const frame of frames) if (!(await this.sendAsDrained(frame))) return;
      for (let frame = held.shift(); frame !== undefined; frame = held.shift()) {
        this.heldBytes -= Buffer.byteLength(frame, 'utf8');
        if (!(await this.sendAsDrained(frame))) return;
      }
    } finally {
      this.held = null;
      this.heldBytes = 0;
    }
  }

  /** Resolves false once the socket is closed. */
  private async sendAsDrained(frame: string): Promise<boolean> {
    if (this.ws.readyState !== this.ws.OPEN) return false;
    const bytes = Buffer.byteLength(frame, 'utf8');
    this.catchUpBytesUnwritten += bytes;
    const written = new Promise<boolean>((resolve) =>
      this.ws.send(frame, (error) => {
        this.catchUpBytesUnwritten -= bytes;
        resolve(!error);
      }),
    );
    if (this.ws.bufferedAmount <= this.maxBufferedBytes / 2) return true;
    // Writes complete in order: once this frame is written, every frame before it is too.
    return Promise.race([written, this.closed]);
  }

  private tooFarBehind(): void {
    this.ws.close(TOO_FAR_BEHIND, 'too far behind: reconnect and resume from your cursor');
  }
}
