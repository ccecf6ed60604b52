// WeChat Pay API v3 as a payment provider: Native orders (code_url is the QR), JSAPI prepay with
// paySign, query, close and refund. Every request is signed and every answer verified; an answer
// that is not provably WeChat Pay's counts as no answer (the payment waits, pending verification).
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import type { JsapiParams, ProviderObservation, RefundObservation } from '@pos/shared';
import {
  ProviderRefusedError,
  ProviderUnreachableError,
  type PaymentProvider,
  type ProviderOrder,
  type ProviderRefund,
} from './provider';
import { fetchWithin } from './deadline';
import {
  authorization,
  decryptResource,
  jsapiPaySign,
  signatureProblem,
  signedMessage,
  type EncryptedResource,
  type MerchantKey,
  type PlatformKey,
} from './wechatpay-signing';

export interface WechatPayConfig {
  mchId: string;
  appId: string;
  /** The merchant API certificate's serial number. */
  certSerial: string;
  /** The merchant's private key (apiclient_key.pem), PEM text. */
  privateKeyPem: string;
  /** The APIv3 key: 32 characters, decrypts notifications. */
  apiV3Key: string;
  /** The platform certificate's serial or the WeChat Pay public key id, and its key (PEM). */
  platformSerial: string;
  platformPublicKeyPem: string;
  /** Where WeChat Pay posts notifications (a public https address, when the store has one). */
  notifyUrl: string;
  /** https://api.mch.weixin.qq.com; a test's fake server otherwise. */
  baseUrl: string;
  timeoutMs?: number;
}

/** A transaction as WeChat Pay describes it (query answer, decrypted notification). */
interface Transaction {
  mchid?: string;
  appid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  trade_state_desc?: string;
  success_time?: string;
  amount?: { total?: number; payer_total?: number };
}

/** A refund as WeChat Pay describes it (refund answer, refund query). */
interface WechatRefund {
  refund_id?: string;
  out_refund_no?: string;
  status?: string;
  success_time?: string;
  amount?: { refund?: number; total?: number };
}

export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechatpay' as const;
  private readonly merchant: MerchantKey;
  private readonly platform: PlatformKey;

  constructor(
    private readonly config: WechatPayConfig,
    private readonly now: () => number,
  ) {
    this.merchant = {
      mchId: config.mchId,
      serial: config.certSerial,
      privateKey: createPrivateKey(config.privateKeyPem),
    };
    this.platform = {
      serial: config.platformSerial,
      publicKey: createPublicKey(config.platformPublicKeyPem),
    };
  }

  async createNative(order: ProviderOrder): Promise<{ codeUrl: string }> {
    const answer = await this.request<{ code_url?: string }>(
      'POST',
      '/v3/pay/transactions/native',
      this.orderBody(order),
    );
    if (!answer?.code_url)
      throw new ProviderUnreachableError('the Native order answer has no code_url');
    return { codeUrl: answer.code_url };
  }

  async createJsapi(order: ProviderOrder, openid: string): Promise<JsapiParams> {
    const answer = await this.request<{ prepay_id?: string }>(
      'POST',
      '/v3/pay/transactions/jsapi',
      {
        ...this.orderBody(order),
        payer: { openid },
      },
    );
    if (!answer?.prepay_id)
      throw new ProviderUnreachableError('the JSAPI order answer has no prepay_id');
    const timeStamp = String(Math.floor(this.now() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${answer.prepay_id}`;
    return {
      timeStamp,
      nonceStr,
      package: pkg,
      signType: 'RSA',
      paySign: jsapiPaySign(this.config.appId, timeStamp, nonceStr, pkg, this.merchant.privateKey),
    };
  }

  async query(outTradeNo: string): Promise<ProviderObservation> {
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${this.config.mchId}`;
    const transaction = await this.request<Transaction>('GET', path);
    if (
      !transaction ||
      transaction.out_trade_no !== outTradeNo ||
      transaction.mchid !== this.config.mchId
    )
      throw new ProviderUnreachableError(
        `the answer about ${outTradeNo} is about another order or merchant`,
      );
    return this.observation(transaction);
  }

  /**
   * Only 204 closes. Any other success is not a close: a 202 USER_PAYING says the customer is
   * paying it right now, so it is refused (the caller asks about it, and closes again later).
   */
  async close(outTradeNo: string): Promise<void> {
    const { status, body } = await this.exchange<{ code?: string; message?: string }>(
      'POST',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`,
      { mchid: this.config.mchId },
    );
    if (status !== 204)
      throw new ProviderRefusedError(
        body?.code ?? `HTTP_${status}`,
        body?.message ?? `WeChat Pay answered the close of ${outTradeNo} with ${status}, not 204`,
      );
  }

  async refund(refund: ProviderRefund): Promise<RefundObservation> {
    const answer = await this.request<WechatRefund>('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: refund.outTradeNo,
      out_refund_no: refund.outRefundNo,
      reason: refund.reason.slice(0, 80) || undefined,
      amount: { refund: refund.amount, total: refund.total, currency: 'CNY' },
    });
    const observation = this.refundObservation(answer, refund.outRefundNo);
    if (answer?.amount?.refund !== undefined && answer.amount.refund !== refund.amount)
      throw new ProviderUnreachableError(
        `WeChat Pay answered refund ${refund.outRefundNo} for ${answer.amount.refund} fen, not ${refund.amount}`,
      );
    return observation;
  }

  async queryRefund(outRefundNo: string): Promise<RefundObservation> {
    const answer = await this.request<WechatRefund>(
      'GET',
      `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`,
    );
    return this.refundObservation(answer, outRefundNo);
  }

  /** WeChat Pay's refund states: SUCCESS, PROCESSING, CLOSED, ABNORMAL. */
  private refundObservation(answer: WechatRefund | null, outRefundNo: string): RefundObservation {
    if (!answer?.refund_id || answer.out_refund_no !== outRefundNo)
      throw new ProviderUnreachableError(
        `the answer about refund ${outRefundNo} names no refund_id or another refund`,
      );
    const providerRefundId = answer.refund_id;
    switch (answer.status) {
      case 'SUCCESS': {
        const at = Date.parse(answer.success_time ?? '');
        return { kind: 'succeeded', providerRefundId, at: Number.isFinite(at) ? at : this.now() };
      }
      case 'PROCESSING':
        return { kind: 'processing', providerRefundId };
      case 'CLOSED':
        return { kind: 'failed', providerRefundId, reason: 'WeChat Pay closed the refund' };
      case 'ABNORMAL':
        return {
          kind: 'failed',
          providerRefundId,
          reason:
            "WeChat Pay could not pay the refund into the customer's account (ABNORMAL): settle it in the merchant platform",
        };
      default:
        throw new ProviderUnreachableError(`unknown refund status ${answer.status}`);
    }
  }

  /**
   * A payment notification: verified over the raw body (signature, serial, clock skew), then its
   * resource decrypted. Throws with the reason when it is not to be trusted.
   */
  readNotification(
    headers: (name: string) => string | undefined,
    rawBody: string,
  ): {
    outTradeNo: string;
    observation: ProviderObservation;
  } {
    const problem = signatureProblem(signedMessage(headers, rawBody), this.platform, this.now());
    if (problem) throw new ForgedNotificationError(problem);
    let resource: EncryptedResource;
    try {
      resource = (JSON.parse(rawBody) as { resource: EncryptedResource }).resource;
    } catch {
      throw new ForgedNotificationError('the body is not JSON');
    }
    let transaction: Transaction;
    try {
      transaction = JSON.parse(decryptResource(resource, this.config.apiV3Key)) as Transaction;
    } catch (error) {
      throw new ForgedNotificationError(
        `the resource does not decrypt: ${(error as Error).message}`,
      );
    }
    if (transaction.mchid !== this.config.mchId || !transaction.out_trade_no)
      throw new ForgedNotificationError('the notification is for another merchant');
    return { outTradeNo: transaction.out_trade_no, observation: this.observation(transaction) };
  }

  private observation(transaction: Transaction): ProviderObservation {
    switch (transaction.trade_state) {
      case 'SUCCESS':
      case 'REFUND': {
        const paidAt = Date.parse(transaction.success_time ?? '');
        return {
          kind: 'paid',
          transactionId: transaction.transaction_id ?? '',
          paidAt: Number.isFinite(paidAt) ? paidAt : this.now(),
          amount: transaction.amount?.total ?? -1,
        };
      }
      case 'NOTPAY':
      case 'USERPAYING':
        return { kind: 'waiting' };
      case 'CLOSED':
      case 'REVOKED':
        return { kind: 'closed' };
      case 'PAYERROR':
        return {
          kind: 'declined',
          reason: transaction.trade_state_desc ?? 'WeChat Pay: payment failed',
        };
      default:
        throw new ProviderUnreachableError(`unknown trade_state ${transaction.trade_state}`);
    }
  }

  private orderBody(order: ProviderOrder) {
    return {
      appid: this.config.appId,
      mchid: this.config.mchId,
      description: order.description,
      out_trade_no: order.outTradeNo,
      time_expire: rfc3339(order.expiresAt),
      notify_url: this.config.notifyUrl,
      amount: { total: order.amount, currency: 'CNY' },
    };
  }

  /** One signed call, its answer's body (null when empty). */
  private async request<T>(
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
  private async exchange<T>(
    method: 'GET' | 'POST',
    pathWithQuery: string,
    payload?: unknown,
  ): Promise<{ status: number; body: T | null }> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const timestamp = Math.floor(this.now() / 1000);
    const nonce = randomBytes(16).toString('hex');
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await fetchWithin(
        this.config.baseUrl + pathWithQuery,
        {
          method,
          headers: {
            accept: 'application/json',
            'content-type': 'application/json',
            'user-agent': 'shop-pos',
            authorization: authorization(
              this.merchant,
              { method, pathWithQuery, body },
              timestamp,
              nonce,
            ),
          },
          body: method === 'GET' ? undefined : body,
        },
        this.config.timeoutMs ?? 10_000,
      ));
    } catch (error) {
      throw new ProviderUnreachableError(`WeChat Pay did not answer: ${(error as Error).message}`);
    }
    const problem = signatureProblem(
      signedMessage((name) => response.headers.get(name), text),
      this.platform,
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

export class ForgedNotificationError extends Error {
  constructor(reason: string) {
    super(`payment notification refused: ${reason}`);
    this.name = 'ForgedNotificationError';
  }
}

function safeJson<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** "2026-11-22T11:05:00+08:00": WeChat Pay's time format, in China time. */
export function rfc3339(ms: number): string {
  const china = new Date(ms + 8 * 3600_000).toISOString().slice(0, 19);
  return `${china}+08:00`;
}
