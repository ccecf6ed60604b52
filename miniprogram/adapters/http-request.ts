// A promise around wx.request for the few HTTP calls the client makes (pairing, the manager's
// store-wide figures), with a timeout.
// (Not "http.ts": the lint reads an import of ".../http" as Node's http module.)
import { errorText, type ClientWx } from './wx-api';

export interface HttpResponse {
  status: number;
  body: unknown;
}

export interface HttpClient {
  /** Resolves with any HTTP answer (4xx included); rejects with HttpUnreachableError when none came. */
  postJson(url: string, body: unknown, timeoutMs?: number): Promise<HttpResponse>;
  /** A GET with a bearer token (a device's); the same answers and failures as postJson. */
  getJson(url: string, token: string, timeoutMs?: number): Promise<HttpResponse>;
}

export class HttpUnreachableError extends Error {
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(`no answer from ${url}: ${detail}`);
    this.name = 'HttpUnreachableError';
  }
}

export function wxHttp(wx: ClientWx): HttpClient {
  return {
    postJson(url, body, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        wx.request({
          url,
          method: 'POST',
          data: body as WechatMiniprogram.IAnyObject,
          header: { 'content-type': 'application/json' },
          dataType: 'json',
          timeout: timeoutMs,
          success: (result) => resolve({ status: result.statusCode, body: result.data }),
          fail: (result) => reject(new HttpUnreachableError(url, errorText(result))),
        });
      });
    },
    getJson(url, token, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        wx.request({
          url,
          method: 'GET',
          header: { authorization: `Bearer ${token}` },
          dataType: 'json',
          timeout: timeoutMs,
          success: (result) => resolve({ status: result.statusCode, body: result.data }),
          fail: (result) => reject(new HttpUnreachableError(url, errorText(result))),
        });
      });
    },
  };
}
