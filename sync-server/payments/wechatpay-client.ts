// One signed call to WeChat Pay API v3 and its answer. The answer only counts when WeChat Pay's
// signature on it checks out: an unsigned, forged or stale one is no answer (ProviderUnreachable).
import { randomBytes } from 'node:crypto';
import { ProviderRefusedError, ProviderUnreachableError } from './provider';
import { fetchWithin } from './deadline';
import {
  authorization,
  signatureProblem,
  signedMessage,
  type MerchantKey,
  type PlatformKey,
} from './wechatpay-signing';

export interface WechatPayEndpoint {
  merchant: MerchantKey;
  platform: PlatformKey;
  /** https://api.mch.weixin.qq.com; a test's fake server otherwise. */
  baseUrl: string;
  timeoutMs?: number;
}

export class WechatPayClient {
  constructor(
    private readonly endpoint: WechatPayEndpoint,
    private readonly now: () => number,
  ) {}

  /** One signed call, its answer's body (null when empty). */
  async request<T>(
    method: 'GET' | 'POST',
    pathWithQuery: string,
    payload?: unknown,
  ): Promise<T | null> {
    return (await this.exchange<T>(method, pathWithQuery, payload)).body;
  }

  /**
   * One signed call and its success status; the answer only counts when WeChat Pay's signature on
   * it checks out.
   */
  async exchange<T>(
    method: 'GET' | 'POST',
    pathWithQuery: string,
    payload?: unknown,
  ): Promise<{ status: number; body: T | null }> {
    const { merchant, platform, baseUrl, timeoutMs } = this.endpoint;
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const timestamp = Math.floor(this.now() / 1000);
    const nonce = randomBytes(16).toString('hex');
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await fetchWithin(
        baseUrl + pathWithQuery,
        {
          method,
          headers: {
            accept: 'application/json',
            'content-type': 'application/json',
            'user-agent': 'shop-pos',
            authorization: authorization(
              merchant,
              { method, pathWithQuery, body },
              timestamp,
              nonce,
            ),
          },
          body: method === 'GET' ? undefined : body,
        },
        timeoutMs ?? 10_000,
      ));
    } catch (error) {
      throw new ProviderUnreachableError(`WeChat Pay did not answer: ${(error as Error).message}`);
    }
    const problem = signatureProblem(
      signedMessage((name) => response.headers.get(name), text),
      platform,
      this.now(),
    );
    if (problem)
      throw new ProviderUnreachableError(
        `WeChat Pay's answer (${response.status}) cannot be trusted: ${problem}`,
      );
    if (response.status >= 500)
      throw new ProviderUnreachableError(
        `WeChat Pay answered ${response.status}: ${text.slice(0, 200)}`,
      );
    if (response.status >= 400) {
      const error = safeJson<{ code?: string; message?: string }>(text);
      throw new ProviderRefusedError(
        error?.code ?? String(response.status),
        error?.message ?? text.slice(0, 200),
      );
    }
    return { status: response.status, body: text ? safeJson<T>(text) : null };
  }
}

function safeJson<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
