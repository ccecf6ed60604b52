// wx.request over real HTTP (node:http), with WeChat's rules: 10 at once and the rest queued,
// a 60 s timeout, HTTP errors as successes, JSON bodies parsed, and its errMsg texts on failure.
import http from 'node:http';
import https from 'node:https';
import {
  callListeners,
  deliver,
  failWith,
  headerObject,
  succeed,
  toArrayBuffer,
  type Outcome,
} from './callbacks';
import type { Network } from './network';

type RequestOption = Partial<WechatMiniprogram.RequestOption> & Record<string, unknown>;

/** WeChat's longest timeout; a larger `timeout` option does not buy more. */
const maxTimeoutMs = 60000;

/**
 * Android's WeChat reports network failures with Chromium's net error codes (errno 600001).
 * No network at all is Chromium's ERR_INTERNET_DISCONNECTED (-106).
 */
const offlineErrMsg = 'request:fail -106:net::ERR_INTERNET_DISCONNECTED';
/** What WeChat answers to requests in flight when the network changes under them. */
const networkChangeErrMsg =
  'request:fail errcode:10011 cronet_error_code:0 error_msg:network change, cancel all task';
const netErrno = 600001;

const nodeErrors: Record<string, string> = {
  ECONNREFUSED: '-102:net::ERR_CONNECTION_REFUSED',
  ECONNRESET: '-101:net::ERR_CONNECTION_RESET',
  ENOTFOUND: '-105:net::ERR_NAME_NOT_RESOLVED',
  EAI_AGAIN: '-105:net::ERR_NAME_NOT_RESOLVED',
  EHOSTUNREACH: '-109:net::ERR_ADDRESS_UNREACHABLE',
  ENETUNREACH: '-109:net::ERR_ADDRESS_UNREACHABLE',
  ETIMEDOUT: '-118:net::ERR_CONNECTION_TIMED_OUT',
};

class PendingRequest {
  settled = false;
  request: http.ClientRequest | null = null;
  timer: NodeJS.Timeout | null = null;
  readonly headerListeners = new Set<unknown>();

  constructor(readonly option: RequestOption) {}
}

class StandInRequestTask implements WechatMiniprogram.RequestTask {
  constructor(
    private readonly hub: RequestHub,
    private readonly pending: PendingRequest,
  ) {}

  abort(): void {
    this.hub.finish(this.pending, failWith('request:fail abort'));
  }
  onHeadersReceived(listener: WechatMiniprogram.RequestTaskOnHeadersReceivedCallback): void {
    this.pending.headerListeners.add(listener);
  }
  offHeadersReceived(listener?: WechatMiniprogram.RequestTaskOffHeadersReceivedCallback): void {
    if (listener === undefined) this.pending.headerListeners.clear();
    else this.pending.headerListeners.delete(listener);
  }
  onChunkReceived(): void {
    throw new Error('RequestTask.onChunkReceived is not implemented by the stand-in');
  }
  offChunkReceived(): void {
    throw new Error('RequestTask.offChunkReceived is not implemented by the stand-in');
  }
}

export class RequestHub {
  private readonly active = new Set<PendingRequest>();
  private readonly queue: PendingRequest[] = [];
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };

  constructor(
    private readonly network: Network,
    private readonly maxRequests: number,
  ) {
    network.watch(() => {
      // Any switch (wifi to 4G, or offline) fails what is in flight; queued ones wait their turn.
      for (const pending of [...this.active]) {
        this.finish(pending, failWith(networkChangeErrMsg, netErrno));
      }
    });
  }

  request(option: WechatMiniprogram.RequestOption): WechatMiniprogram.RequestTask {
    const pending = new PendingRequest((option ?? {}) as RequestOption);
    const task = new StandInRequestTask(this, pending);
    const requested = Number(pending.option.timeout);
    const timeoutMs = requested > 0 ? Math.min(requested, maxTimeoutMs) : maxTimeoutMs;
    // The clock starts at the call: time spent queued behind 10 others counts, as on a phone.
    pending.timer = setTimeout(
      () => this.finish(pending, failWith('request:fail timeout')),
      timeoutMs,
    );
    pending.timer.unref();
    // Beyond WeChat's concurrency limit requests wait in line.
    if (this.active.size < this.maxRequests) this.dispatch(pending);
    else this.queue.push(pending);
    return task;
  }

  /** Settles a request once: callbacks on a later tick, then the next queued one goes out. */
  finish(pending: PendingRequest, outcome: Outcome<object>): void {
    if (pending.settled) return;
    pending.settled = true;
    if (pending.timer) clearTimeout(pending.timer);
    pending.request?.destroy();
    this.active.delete(pending);
    const queued = this.queue.indexOf(pending);
    if (queued !== -1) this.queue.splice(queued, 1);
    deliver(pending.option, outcome);
    this.pump();
  }

  /** Drops everything without callbacks (stand-in disposal). */
  dispose(): void {
    for (const pending of [...this.active, ...this.queue]) {
      pending.settled = true;
      if (pending.timer) clearTimeout(pending.timer);
      pending.request?.destroy();
    }
    this.active.clear();
    this.queue.length = 0;
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }

  private pump(): void {
    while (this.active.size < this.maxRequests && this.queue.length > 0) {
      this.dispatch(this.queue.shift()!);
    }
  }

  private dispatch(pending: PendingRequest): void {
    const { option } = pending;
    let url: URL;
    try {
      url = new URL(String(option.url));
    } catch {
      return this.finish(pending, failWith('request:fail invalid url'));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return this.finish(pending, failWith('request:fail invalid url'));
    }
    if (!this.network.current.isConnected) {
      return this.finish(pending, failWith(offlineErrMsg, netErrno));
    }
    const method = String(option.method ?? 'GET').toUpperCase();
    const headers = requestHeaders(option.header);
    const body = encodeBody(method, option.data, headers, url);
    this.active.add(pending);
    let request: http.ClientRequest;
    try {
      request = (url.protocol === 'https:' ? https : http).request(url, {
        method,
        headers,
        agent: this.agents[url.protocol],
      });
    } catch (error) {
      // e.g. a header value Node refuses to send
      return this.finish(pending, failWith(`request:fail ${(error as Error).message}`));
    }
    pending.request = request;
    request.on('response', (response) => this.receive(pending, response));
    request.on('error', (error: NodeJS.ErrnoException) => {
      const net = nodeErrors[error.code ?? ''];
      const errMsg = net ? `request:fail ${net}` : `request:fail ${error.message}`;
      this.finish(pending, failWith(errMsg, netErrno));
    });
    request.end(body);
  }

  private receive(pending: PendingRequest, response: http.IncomingMessage): void {
    const header = headerObject(response.rawHeaders);
    const cookies = [response.headers['set-cookie'] ?? []].flat();
    const statusCode = response.statusCode ?? 0;
    callListeners(pending.headerListeners, { header, statusCode, cookies });
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', () => {
      this.finish(pending, failWith('request:fail -324:net::ERR_EMPTY_RESPONSE', netErrno));
    });
    response.on('end', () => {
      // Done with the connection: leave it to the keep-alive pool rather than destroy it.
      pending.request = null;
      const body = Buffer.concat(chunks);
      const { dataType = 'json', responseType = 'text' } = pending.option;
      let data: unknown;
      if (responseType === 'arraybuffer') data = toArrayBuffer(body);
      else {
        data = body.toString('utf8');
        // WeChat tries JSON.parse for dataType json and hands back the text when it fails.
        if (dataType === 'json') {
          try {
            data = JSON.parse(data as string);
          } catch {
            // not JSON: keep the text
          }
        }
      }
      // Any HTTP status is a success to WeChat: 404 and 500 arrive in `success`.
      this.finish(pending, succeed({ data, statusCode, header, cookies, errMsg: 'request:ok' }));
    });
  }
}

function requestHeaders(header: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (header !== null && typeof header === 'object') {
    for (const [name, value] of Object.entries(header)) {
      // A mini-program cannot set Referer; WeChat sets its own.
      if (name.toLowerCase() === 'referer' || value === undefined || value === null) continue;
      headers[name] = String(value);
    }
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  headers.Referer = 'https://servicewechat.com/touristappid/0/page-frame.html';
  return headers;
}

/**
 * WeChat's documented encoding: GET data goes into the query string; otherwise an object is JSON
 * for application/json, a query string for x-www-form-urlencoded; strings and ArrayBuffers as is.
 */
function encodeBody(
  method: string,
  data: unknown,
  headers: Record<string, string>,
  url: URL,
): Buffer | string | undefined {
  if (data === undefined || data === null) return undefined;
  if (method === 'GET') {
    const query = typeof data === 'object' ? toQuery(data as object) : String(data);
    if (query) url.search = url.search ? `${url.search}&${query}` : `?${query}`;
    return undefined;
  }
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (typeof data !== 'object') return String(data);
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type');
  if (type && /x-www-form-urlencoded/i.test(type[1])) return toQuery(data);
  return JSON.stringify(data);
}

function toQuery(data: object): string {
  return Object.entries(data)
    .map(([key, value]) => {
      const text =
        value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);
      return `${encodeURIComponent(key)}=${encodeURIComponent(text)}`;
    })
    .join('&');
}
