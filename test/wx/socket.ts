// wx.connectSocket over a real `ws` client, with WeChat's rules: at most 5 sockets at once, no
// reuse after close, no automatic reconnect, and its callback shapes and error texts. When the
// network goes, sockets fail at once, or, like some phones, stay half-open without a word.
import WebSocket, { type RawData } from 'ws';
import {
  callListeners,
  deliver,
  failWith,
  headerObject,
  succeed,
  toArrayBuffer,
  typeName,
} from './callbacks';
import type { Network } from './network';

type SocketTaskApi = WechatMiniprogram.SocketTask;
type SocketOption = Partial<WechatMiniprogram.ConnectSocketOption> & Record<string, unknown>;
type State = 'connecting' | 'open' | 'closing' | 'closed';

/**
 * What open sockets do when the phone loses its network: 'fail' (onError, then onClose 1006, at
 * once) or 'half-open' (no event; see StandInSocketTask.sever).
 */
export type SocketsOnNetworkLoss = 'fail' | 'half-open';

const notConnected = 'sendSocketMessage:fail WebSocket is not connected';

class StandInSocketTask implements SocketTaskApi {
  private state: State = 'connecting';
  private ws: WebSocket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private openHeader: Record<string, string> = {};
  private closeRequested: { code: number; reason: string } | null = null;
  /** Cut off by a network loss the app was not told of. */
  private severed = false;
  private readonly listeners = {
    open: new Set<unknown>(),
    close: new Set<unknown>(),
    error: new Set<unknown>(),
    message: new Set<unknown>(),
  };

  constructor(private readonly hub: SocketHub) {}

  onOpen(listener: WechatMiniprogram.OnOpenCallback): void {
    this.listeners.open.add(listener);
  }
  onClose(listener: WechatMiniprogram.SocketTaskOnCloseCallback): void {
    this.listeners.close.add(listener);
  }
  onError(listener: WechatMiniprogram.UDPSocketOnErrorCallback): void {
    this.listeners.error.add(listener);
  }
  onMessage(listener: WechatMiniprogram.SocketTaskOnMessageCallback): void {
    this.listeners.message.add(listener);
  }

  send(option: WechatMiniprogram.SocketTaskSendOption): void {
    const data: unknown = option?.data;
    if (this.state !== 'open' || !this.ws) return deliver(option ?? {}, failWith(notConnected));
    // WeChat sends strings as text frames and ArrayBuffers as binary; nothing else.
    let payload: string | Buffer;
    if (typeof data === 'string') payload = data;
    else if (data instanceof ArrayBuffer) payload = Buffer.from(data);
    else return deliver(option, failWith('sendSocketMessage:fail:unknown data'));
    // Into a dead connection's buffer: the phone cannot tell it will never leave.
    if (this.severed) return deliver(option, succeed({ errMsg: 'sendSocketMessage:ok' }));
    this.ws.send(payload, (error) =>
      deliver(
        option,
        error
          ? failWith(`sendSocketMessage:fail ${error.message}`)
          : succeed({ errMsg: 'sendSocketMessage:ok' }),
      ),
    );
  }

  close(option: WechatMiniprogram.SocketTaskCloseOption): void {
    const callbacks = option ?? {};
    const code = callbacks.code ?? 1000;
    const reason = callbacks.reason ?? '';
    if (code !== 1000 && (code < 3000 || code > 4999)) {
      return deliver(
        callbacks,
        failWith('closeSocket:fail:The code must be either 1000, or between 3000 and 4999'),
      );
    }
    if (Buffer.byteLength(reason) > 123) {
      return deliver(
        callbacks,
        failWith('closeSocket:fail reason must be at most 123 bytes of UTF-8'),
      );
    }
    if (this.state === 'closed') {
      return deliver(callbacks, failWith('closeSocket:fail WebSocket is not connected'));
    }
    if (this.severed) {
      // The close handshake cannot reach the server: nothing more is heard of this socket.
      this.release();
    } else if (this.state === 'connecting') {
      this.closeRequested = { code, reason };
      this.ws?.terminate();
    } else if (this.state === 'open') {
      this.state = 'closing';
      this.ws?.close(code, reason);
    }
    deliver(callbacks, succeed({ errMsg: 'closeSocket:ok' }));
  }

  /** Dials the server; `timeoutMs` bounds the handshake like WeChat's connect timer. */
  start(url: string, option: SocketOption, timeoutMs: number): void {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, option.protocols ?? [], {
        headers: stringHeaders(option.header),
        // WeChat negotiates no compression unless asked; ws would by default.
        perMessageDeflate: option.perMessageDeflate === true,
      });
    } catch {
      // An unparsable URL, protocol or header: WeChat's Android client words it like this.
      return this.abandon('fail:url not well format', false);
    }
    this.ws = ws;
    this.timer = setTimeout(() => this.abandon('connect response time out', false), timeoutMs);
    this.timer.unref();
    ws.on('upgrade', (response) => (this.openHeader = headerObject(response.rawHeaders)));
    ws.on('open', () => {
      // The handshake's answer never reaches a phone without network: the connect timer fails it.
      if (this.severed) return ws.pause();
      this.clearTimer();
      if (this.state !== 'connecting') return;
      this.state = 'open';
      this.emit('open', { header: this.openHeader, profile: emptyProfile() });
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (this.severed || (this.state !== 'open' && this.state !== 'closing')) return;
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      this.emit('message', { data: isBinary ? toArrayBuffer(bytes) : bytes.toString('utf8') });
    });
    // The close event that follows says what happened; errors alone carry no WeChat callback.
    ws.on('error', () => {});
    ws.on('close', (code: number, reason: Buffer) => this.finish(code, reason.toString('utf8')));
  }

  /**
   * The connection ended. A close frame's code and reason go to onClose. Without one (1006: never
   * connected, or the TCP connection died), like WeChat's Android client: onError with the reason
   * (or "abnormal closure"), then onClose with 1006.
   */
  private finish(code: number, reason: string): void {
    if (this.state === 'closed' || this.severed) return;
    const wasConnecting = this.state === 'connecting';
    this.release();
    if (wasConnecting && this.closeRequested) {
      this.emit('close', { ...this.closeRequested });
    } else if (code === 1006) {
      this.emit('error', { errMsg: reason || 'abnormal closure' });
      this.emit('close', { code: 1006, reason });
    } else {
      this.emit('close', { code, reason });
    }
  }

  /** Fails the task without the server's say: the cap, a timeout, or the phone going offline. */
  abandon(errMsg: string, withClose: boolean): void {
    if (this.state === 'closed') return;
    this.release();
    this.ws?.terminate();
    setImmediate(() => {
      this.emit('error', { errMsg });
      if (withClose) this.emit('close', { code: 1006, reason: '' });
    });
  }

  /**
   * The phone lost its network and WeChat says nothing: to the app the socket stays open, sends
   * succeed and nothing arrives. Nothing reaches the server either, not even pongs to its pings: it
   * finds out by its heartbeat. Only the app's close() ends the task (or, still connecting, the
   * connect timer).
   */
  sever(): void {
    if (this.state === 'closed') return;
    this.severed = true;
    this.ws?.pause();
  }

  /** Drops the connection silently (stand-in disposal); resolves once the TCP socket is gone. */
  destroy(): Promise<void> {
    this.release();
    for (const set of Object.values(this.listeners)) set.clear();
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      ws.terminate();
    });
  }

  private release(): void {
    this.state = 'closed';
    this.clearTimer();
    this.hub.release(this);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private emit(kind: keyof StandInSocketTask['listeners'], payload: object): void {
    callListeners(this.listeners[kind], payload);
  }
}

/** Every socket of one stand-in: enforces the cap and cuts them all off when the network goes. */
export class SocketHub {
  private readonly live = new Set<StandInSocketTask>();
  /** Half-open sockets, closed by the app or not: their TCP connections go at disposal. */
  private readonly severed = new Set<StandInSocketTask>();

  constructor(
    private readonly network: Network,
    private readonly maxSockets: number,
    onNetworkLoss: SocketsOnNetworkLoss = 'fail',
  ) {
    network.watch((_previous, next) => {
      if (next.isConnected) return;
      for (const task of [...this.live]) {
        if (onNetworkLoss === 'fail') {
          task.abandon('network is down', true);
        } else {
          task.sever();
          this.severed.add(task);
        }
      }
    });
  }

  count(): number {
    return this.live.size;
  }

  release(task: StandInSocketTask): void {
    this.live.delete(task);
  }

  connect(option: WechatMiniprogram.ConnectSocketOption): SocketTaskApi {
    const socketOption = (option ?? {}) as SocketOption;
    const task = new StandInSocketTask(this);
    const url = socketOption.url;
    if (typeof url !== 'string') {
      // Caught by the base library before anything native runs.
      const errMsg = `connectSocket:fail parameter error: parameter.url should be String instead of ${typeName(url)};`;
      deliver(socketOption, failWith(errMsg));
      return task;
    }
    // WeChat creates the task synchronously, so success comes first and failures reach onError.
    deliver(socketOption, succeed({ errMsg: 'connectSocket:ok' }));
    if (url === '') task.abandon('fail:url is null', false);
    else if (!/^wss?:\/\//i.test(url)) task.abandon('fail:url not ws or wss', false);
    else if (this.live.size >= this.maxSockets) task.abandon('fail:max connected', false);
    else if (!this.network.current.isConnected) task.abandon('network is down', true);
    else {
      this.live.add(task);
      const timeout = socketOption.timeout;
      task.start(url, socketOption, typeof timeout === 'number' && timeout > 0 ? timeout : 60000);
    }
    return task;
  }

  async dispose(): Promise<void> {
    const tasks = [...new Set([...this.live, ...this.severed])];
    this.live.clear();
    this.severed.clear();
    await Promise.all(tasks.map((task) => task.destroy()));
  }
}

function stringHeaders(header: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (header === null || typeof header !== 'object') return result;
  for (const [name, value] of Object.entries(header)) {
    // WeChat does not let a mini-program set Referer.
    if (name.toLowerCase() === 'referer' || value === undefined || value === null) continue;
    result[name] = String(value);
  }
  return result;
}

function emptyProfile(): WechatMiniprogram.SocketProfile {
  return {
    connectEnd: 0,
    connectStart: 0,
    cost: 0,
    domainLookUpEnd: 0,
    domainLookUpStart: 0,
    fetchStart: 0,
    handshakeCost: 0,
    rtt: 0,
  };
}
