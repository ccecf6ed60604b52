// One WebSocket through wx.connectSocket, as a small interface the sync engine can be tested with.
import { errorText, type ClientWx } from './wx-api';

export interface SocketConnection {
  /** Sends text; a failure is reported through onError (WeChat's send is asynchronous). */
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onOpen(listener: () => void): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
  onError(listener: (message: string) => void): void;
}

export type SocketOpener = (url: string) => SocketConnection;

export function wxSocketOpener(wx: ClientWx, connectTimeoutMs = 10_000): SocketOpener {
  return (url) => {
    const errorListeners: Array<(message: string) => void> = [];
    const reportError = (message: string) => {
      for (const listener of errorListeners) listener(message);
    };
    const task = wx.connectSocket({
      url,
      timeout: connectTimeoutMs,
      fail: (result) => reportError(`could not open ${url}: ${errorText(result)}`),
    });
    task.onError((result) => reportError(errorText(result)));
    return {
      send(text) {
        task.send({
          data: text,
          fail: (result) => reportError(`send failed: ${errorText(result)}`),
        });
      },
      close(code, reason) {
        // Only 1000 and 3000-4999 may be sent by a client.
        task.close({ code: code ?? 1000, reason: reason ?? '' });
      },
      onOpen: (listener) => task.onOpen(() => listener()),
      onMessage: (listener) =>
        task.onMessage((message) => {
          // The server sends text frames; a binary one is handed on as text for the validator to refuse.
          listener(typeof message.data === 'string' ? message.data : '[binary frame]');
        }),
      onClose: (listener) => task.onClose((result) => listener(result.code, result.reason ?? '')),
      onError: (listener) => errorListeners.push(listener),
    };
  };
}
