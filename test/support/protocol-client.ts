// A bare sync-protocol client over a real WebSocket, for server tests: it sends what a test
// tells it (valid or not) and records every message the server sends back.
import WebSocket from 'ws';
import {
  PROTOCOL_VERSION,
  serverMessageSchema,
  type AckResult,
  type Change,
  type Operation,
  type ServerMessage,
} from '@pos/shared';

export class ProtocolClient {
  readonly messages: ServerMessage[] = [];
  private readonly acks: Array<{ results: AckResult[]; ackedSeq: number }> = [];
  closeCode: number | null = null;
  closeReason = '';
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = serverMessageSchema.parse(JSON.parse(data.toString()));
      this.messages.push(message);
      if (message.type === 'ack') this.acks.push(message);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      this.wake();
    });
  }

  static async connect(baseUrl: string): Promise<ProtocolClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sync`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new ProtocolClient(ws);
  }

  /**
   * Connects and says hello; resolves once welcomed (and, without a cursor, once the snapshot came).
   * `pending`: the device says it has operations to push, so the server holds changes until `pull`.
   */
  static async open(
    baseUrl: string,
    token: string,
    cursor: number | null = null,
    { pending = false }: { pending?: boolean } = {},
  ): Promise<ProtocolClient> {
    const client = await ProtocolClient.connect(baseUrl);
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION, token, cursor, pending });
    const first = await client.waitFor(
      (m) => m.type === 'welcome' || m.type === 'error',
      'welcome',
    );
    if (first?.type !== 'welcome') throw new Error(`hello refused: ${JSON.stringify(first)}`);
    if (cursor === null && !pending) await client.waitFor((m) => m.type === 'snapshot', 'snapshot');
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Pushes operations and resolves with the server's ack for them (one push in flight at a time). */
  async push(ops: Operation[]): Promise<{ results: AckResult[]; ackedSeq: number }> {
    const before = this.acks.length;
    this.send({ type: 'push', ops });
    await this.waitFor(() => this.acks.length > before, 'ack');
    const ack = this.acks[before];
    if (!ack) throw new Error(`no ack: the socket closed (${this.closeCode} ${this.closeReason})`);
    return ack;
  }

  count(type: ServerMessage['type']): number {
    return this.messages.filter((m) => m.type === type).length;
  }

  /** Every change received so far, from snapshots' cursors aside. */
  changes(): Change[] {
    return this.messages.flatMap((m) => (m.type === 'changes' ? m.changes : []));
  }

  lastCursor(): number | null {
    let cursor: number | null = null;
    for (const m of this.messages)
      if (m.type === 'changes' || m.type === 'snapshot') cursor = m.cursor;
    return cursor;
  }

  /** Resolves when a message matching `predicate` has arrived (or the socket closed). */
  async waitFor(
    predicate: (message: ServerMessage) => boolean,
    what: string,
    timeoutMs = 5000,
  ): Promise<ServerMessage | null> {
    const deadline = Date.now() + timeoutMs;
    let checked = 0;
    for (;;) {
      // Only messages not yet looked at: long runs stay linear.
      for (; checked < this.messages.length; checked++)
        if (predicate(this.messages[checked])) return this.messages[checked];
      if (this.closeCode !== null) return null;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async closed(timeoutMs = 5000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === null) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.closeCode;
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
