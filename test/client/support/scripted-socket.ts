// A SocketConnection driven by the test (the sync engine's seam below the wx adapter): it records
// what the engine sends and lets the test play the server's part frame by frame.
import type { SocketConnection, SocketOpener } from '../../../miniprogram/adapters/socket';
import type { ClientMessage, ServerMessage } from '@pos/shared';

export class ScriptedSocket implements SocketConnection {
  readonly sent: ClientMessage[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  private listeners = {
    open: [] as Array<() => void>,
    message: [] as Array<(text: string) => void>,
    close: [] as Array<(code: number, reason: string) => void>,
    error: [] as Array<(message: string) => void>,
  };

  constructor(readonly url: string) {}

  send(text: string): void {
    this.sent.push(JSON.parse(text) as ClientMessage);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }
  onOpen(listener: () => void): void {
    this.listeners.open.push(listener);
  }
  onMessage(listener: (text: string) => void): void {
    this.listeners.message.push(listener);
  }
  onClose(listener: (code: number, reason: string) => void): void {
    this.listeners.close.push(listener);
  }
  onError(listener: (message: string) => void): void {
    this.listeners.error.push(listener);
  }

  // The server's side.
  open(): void {
    for (const listener of this.listeners.open) listener();
  }
  deliver(message: ServerMessage | string): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    for (const listener of this.listeners.message) listener(text);
  }
  serverClose(code: number, reason = ''): void {
    for (const listener of this.listeners.close) listener(code, reason);
  }
  fail(message: string): void {
    for (const listener of this.listeners.error) listener(message);
  }
  pushes(): Array<Extract<ClientMessage, { type: 'push' }>> {
    return this.sent.filter(
      (m): m is Extract<ClientMessage, { type: 'push' }> => m.type === 'push',
    );
  }
}

export function scriptedSockets(): { open: SocketOpener; sockets: ScriptedSocket[] } {
  const sockets: ScriptedSocket[] = [];
  return {
    sockets,
    open: (url) => {
      const socket = new ScriptedSocket(url);
      sockets.push(socket);
      return socket;
    },
  };
}
