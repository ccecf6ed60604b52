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
import {
  refundObservation,
  rfc3339,
  transactionObservation,
  type Transaction,
  type WechatRefund,
} from './wechatpay-answers';
import { WechatPayClient } from './wechatpay-client';
import { readPaymentNotification } from './wechatpay-notification';
import { jsapiPaySign, type MerchantKey, type PlatformKey } from './wechatpay-signing';

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

export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechatpay' as const;
  private readonly merchant: MerchantKey;
  private readonly platform: PlatformKey;
  private readonly client: WechatPayClient;

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
    this.client = new WechatPayClient(
      {
        merchant: this.merchant,
        platform: this.platform,
        baseUrl: config.baseUrl,
        timeoutMs: config.timeoutMs,
      },
      now,
    );
  }

  async createNative(order: ProviderOrder): Promise<{ codeUrl: string }> {
    const answer = await this.client.request<{ code_url?: string }>(
      'POST',
      '/v3/pay/transactions/native',
      this.orderBody(order),
    );
    if (!answer?.code_url)
      throw new ProviderUnreachableError('the Native order answer has no code_url');
    return { codeUrl: answer.code_url };
  }

  async createJsapi(order: ProviderOrder, openid: string): Promise<JsapiParams> {
    const answer = await this.client.request<{ prepay_id?: string }>(
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
    const transaction = await this.client.request<Transaction>('GET', path);
    if (
      !transaction ||
      transaction.out_trade_no !== outTradeNo ||
      transaction.mchid !== this.config.mchId
    )
      throw new ProviderUnreachableError(
        `the answer about ${outTradeNo} is about another order or merchant`,
      );
    return transactionObservation(transaction, this.now);
  }

  /**
   * Only 204 closes. Any other success is not a close: a 202 USER_PAYING says the customer is
   * paying it right now, so it is refused (the caller asks about it, and closes again later).
   */
  async close(outTradeNo: string): Promise<void> {
    const { status, body } = await this.client.exchange<{ code?: string; message?: string }>(
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
    const answer = await this.client.request<WechatRefund>('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: refund.outTradeNo,
      out_refund_no: refund.outRefundNo,
      reason: refund.reason.slice(0, 80) || undefined,
      amount: { refund: refund.amount, total: refund.total, currency: 'CNY' },
    });
    const observation = refundObservation(answer, refund.outRefundNo, this.now);
    if (answer?.amount?.refund !== undefined && answer.amount.refund !== refund.amount)
      throw new ProviderUnreachableError(
        `WeChat Pay answered refund ${refund.outRefundNo} for ${answer.amount.refund} fen, not ${refund.amount}`,
      );
    return observation;
  }

  async queryRefund(outRefundNo: string): Promise<RefundObservation> {
    const answer = await this.client.request<WechatRefund>(
      'GET',
      `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`,
    );
    return refundObservation(answer, outRefundNo, this.now);
  }

  /**
   * A payment notification, read only when it is provably WeChat Pay's and for this merchant.
   * Throws a ForgedNotificationError with the reason when it is not to be trusted.
   */
  readNotification(
    headers: (name: string) => string | undefined,
    rawBody: string,
  ): {
    outTradeNo: string;
    observation: ProviderObservation;
  } {
    return readPaymentNotification(
      headers,
      rawBody,
      { mchId: this.config.mchId, apiV3Key: this.config.apiV3Key, platform: this.platform },
      this.now,
    );
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
}
