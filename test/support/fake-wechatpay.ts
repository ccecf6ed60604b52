// A local fake of WeChat Pay API v3 for the provider's tests: it checks the project's request
// signatures as WeChat Pay does (merchant key, serial, SHA256-RSA over method, path, time, nonce
// and body), signs its answers with a platform key pair made in the test, sends encrypted
// (AEAD_AES_256_GCM) notifications, and can be told to go down, hang, forge, drop signatures or
// send stale timestamps, to hold a JSAPI order before placing it, or to have a customer paying.
import {
  createCipheriv,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MiniProgramConfig } from '../../sync-server/payments/mini-program-login';
import type { WechatPayConfig } from '../../sync-server/payments/wechatpay-provider';

type Mode = 'normal' | 'down' | 'hang' | 'forge' | 'unsigned' | 'stale';

/**
 * How long the server waits for this fake's answer: short, so the one test of a WeChat Pay that
 * never answers ('hang') is quick, yet long enough for an answer on a machine busy with the other
 * jest worker and a browser (300 ms was not: a pay QR failed as provider_unreachable under load).
 */
const ANSWER_TIMEOUT_MS = 2000;

interface Trade {
  /** The trade type it was placed as: WeChat Pay keeps one per out_trade_no. */
  type: 'NATIVE' | 'JSAPI';
  body: {
    out_trade_no: string;
    description: string;
    amount: { total: number };
    appid: string;
    mchid: string;
    payer?: { openid: string };
  };
  /** USERPAYING: the customer is confirming it on their phone (a close then answers 202). */
  state: 'NOTPAY' | 'USERPAYING' | 'SUCCESS' | 'PAYERROR' | 'CLOSED';
  paidTotal: number | null;
  transactionId: string | null;
}

interface FakeRefund {
  refund_id: string;
  out_trade_no: string;
  amount: number;
  total: number;
  status: 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
  success_time: string | null;
}

const pairs: Array<ReturnType<typeof generateKeyPairSync>> = [];
/** RSA-2048 key pairs, made once per test file (making one takes a while). */
function pemPair(index: number) {
  return (pairs[index] ??= generateKeyPairSync('rsa', { modulusLength: 2048 }));
}

export class FakeWechatPay {
  readonly mchId = '1900000109';
  readonly appId = 'wxd678efh567hg6787';
  readonly apiV3Key = randomBytes(16).toString('hex'); // 32 characters
  readonly merchantSerial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
  readonly platformSerial = 'PUB_KEY_ID_0114232134912410000000000000';
  private readonly merchant = pemPair(0);
  private readonly platform = pemPair(1);
  /** A key WeChat Pay does not have: what a forger signs with. */
  private readonly forger = pemPair(2);
  mode: Mode = 'normal';
  /** Drop the connection after doing a refund (its answer is lost), this many times. */
  loseRefundAnswers = 0;
  readonly trades = new Map<string, Trade>();
  /** The mini-program's AppSecret (jscode2session). */
  readonly appSecret = randomBytes(16).toString('hex');
  private readonly loginCodes = new Map<string, string>();
  private readonly usedLoginCodes = new Set<string>();
  private readonly prepays = new Map<string, { outTradeNo: string; openid: string }>();
  /** jscode2session requests, secret left out. */
  readonly logins: string[] = [];
  readonly refunds = new Map<string, FakeRefund>();
  /** Every refund request's out_refund_no, retries included. */
  readonly refundRequests: string[] = [];
  /** Refuse new refunds with this error (such as NOT_ENOUGH: the merchant's balance is short). */
  refundRefusal: { code: string; message: string } | null = null;
  /** Orders refused because their out_trade_no was placed before as another order (OUT_TRADE_NO_USED). */
  readonly refusedOrders: string[] = [];
  /** Requests whose signature did not check out. */
  readonly refusedSignatures: string[] = [];
  /** The out_trade_no of every JSAPI order asked for, held or not. */
  readonly jsapiRequests: string[] = [];
  /** When set, a JSAPI order is placed (and answered) only once it resolves: WeChat Pay is slow. */
  jsapiHold: Promise<void> | null = null;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** What the server's config would hold for this merchant. */
  config(overrides: Partial<WechatPayConfig> = {}): WechatPayConfig {
    return {
      mchId: this.mchId,
      appId: this.appId,
      certSerial: this.merchantSerial,
      privateKeyPem: this.merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      apiV3Key: this.apiV3Key,
      platformSerial: this.platformSerial,
      platformPublicKeyPem: this.platform.publicKey
        .export({ type: 'spki', format: 'pem' })
        .toString(),
      notifyUrl: 'https://shop.example/api/payments/wechatpay/notify',
      baseUrl: this.url,
      timeoutMs: ANSWER_TIMEOUT_MS,
      ...overrides,
    };
  }

  get merchantPublicKey(): KeyObject {
    return this.merchant.publicKey;
  }

  /** A forger's private key, for a provider that signs with the wrong key. */
  get wrongPrivateKeyPem(): string {
    return this.forger.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  /** What the server's config would hold for the mini-program (POS_WECHAT_APPID/APPSECRET). */
  miniProgram(): MiniProgramConfig {
    return {
      appId: this.appId,
      appSecret: this.appSecret,
      baseUrl: this.url,
      timeoutMs: ANSWER_TIMEOUT_MS,
    };
  }

  /** WeChat's side of wx.login on a phone whose user is `openid`: a one-time code. */
  loginCode(openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'): string {
    const code = randomBytes(16).toString('base64url').slice(0, 32);
    this.loginCodes.set(code, openid);
    return code;
  }

  /**
   * WeChat Pay's side of wx.requestPayment once the user confirms: the paySign must be the
   * merchant's over appId, timeStamp, nonceStr and package, the prepay_id one of this merchant's,
   * made for this user. Null when paid; WeChat's reason otherwise.
   */
  payJsapi(
    params: { timeStamp: string; nonceStr: string; package: string; paySign: string },
    openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  ): string | null {
    const signed = createVerify('RSA-SHA256')
      .update(`${this.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`)
      .verify(this.merchant.publicKey, params.paySign, 'base64');
    if (!signed) return '支付验证签名失败';
    const prepay = this.prepays.get(params.package.replace(/^prepay_id=/, ''));
    if (!prepay) return 'prepay_id 无效';
    if (prepay.openid !== openid) return '商户订单号与付款用户不匹配';
    const trade = this.trade(prepay.outTradeNo);
    if (trade.state !== 'NOTPAY') return '该订单已支付或已关闭';
    this.pay(prepay.outTradeNo);
    return null;
  }

  /** The customer pays (for `amount`, to test a mismatch). */
  pay(outTradeNo: string, amount?: number): void {
    const trade = this.trade(outTradeNo);
    trade.state = 'SUCCESS';
    trade.paidTotal = amount ?? trade.body.amount.total;
    trade.transactionId = `4200000${randomBytes(6).toString('hex')}`;
  }

  /** The bank is done with a refund (SUCCESS), or could not pay it (ABNORMAL, CLOSED). */
  finishRefund(outRefundNo: string, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED' = 'SUCCESS'): void {
    const refund = this.refunds.get(outRefundNo);
    if (!refund) throw new Error(`the fake has no refund ${outRefundNo}`);
    refund.status = status;
    if (status === 'SUCCESS') refund.success_time = '2026-11-22T11:10:00+08:00';
  }

  /** The customer is confirming the payment on their phone (entering their password). */
  userPaying(outTradeNo: string): void {
    this.trade(outTradeNo).state = 'USERPAYING';
  }

  decline(outTradeNo: string): void {
    this.trade(outTradeNo).state = 'PAYERROR';
  }

  trade(outTradeNo: string): Trade {
    const trade = this.trades.get(outTradeNo);
    if (!trade) throw new Error(`the fake has no trade ${outTradeNo}`);
    return trade;
  }

  /** Posts a payment notification for a trade to `url`, as WeChat Pay would; returns the status. */
  async notify(
    url: string,
    outTradeNo: string,
    tamper: 'none' | 'forge' | 'stale' | 'unsigned' = 'none',
  ): Promise<number> {
    const transaction = this.transaction(this.trade(outTradeNo));
    const nonce = randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(this.apiV3Key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from('transaction'));
    const ciphertext = Buffer.concat([
      cipher.update(JSON.stringify(transaction)),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const body = JSON.stringify({
      id: randomBytes(8).toString('hex'),
      create_time: new Date().toISOString(),
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      summary: '支付成功',
      resource: {
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: ciphertext.toString('base64'),
        associated_data: 'transaction',
        original_type: 'transaction',
        nonce,
      },
    });
    const headers = this.signedHeaders(body, tamper === 'none' ? 'normal' : tamper);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return response.status;
  }

  /** jscode2session as api.weixin.qq.com answers it: HTTP 200, errcode on failure. */
  private jscode2session(request: IncomingMessage, response: ServerResponse): void {
    const query = new URL(request.url ?? '/', 'http://fake').searchParams;
    const code = query.get('js_code') ?? '';
    this.logins.push(code);
    const rid = randomBytes(4).toString('hex');
    const answer = (payload: unknown) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(JSON.stringify(payload));
    };
    if (query.get('appid') !== this.appId)
      return answer({ errcode: 40013, errmsg: `invalid appid rid: ${rid}` });
    if (query.get('secret') !== this.appSecret)
      return answer({ errcode: 40125, errmsg: `invalid appsecret, rid: ${rid}` });
    if (query.get('grant_type') !== 'authorization_code')
      return answer({ errcode: 40002, errmsg: `invalid grant_type rid: ${rid}` });
    if (this.usedLoginCodes.has(code))
      return answer({ errcode: 40163, errmsg: `code been used, rid: ${rid}` });
    const openid = this.loginCodes.get(code);
    if (!openid) return answer({ errcode: 40029, errmsg: `invalid code, rid: ${rid}` });
    this.usedLoginCodes.add(code);
    answer({ session_key: randomBytes(16).toString('base64'), openid });
  }

  private refundBody(outRefundNo: string, refund: FakeRefund) {
    return {
      refund_id: refund.refund_id,
      out_refund_no: outRefundNo,
      out_trade_no: refund.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      success_time: refund.success_time ?? undefined,
      create_time: '2026-11-22T11:08:00+08:00',
      status: refund.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: refund.total,
        refund: refund.amount,
        payer_total: refund.total,
        payer_refund: refund.amount,
        currency: 'CNY',
      },
    };
  }

  private transaction(trade: Trade) {
    return {
      appid: trade.body.appid,
      mchid: trade.body.mchid,
      out_trade_no: trade.body.out_trade_no,
      transaction_id: trade.transactionId ?? undefined,
      trade_state: trade.state,
      trade_state_desc: trade.state === 'PAYERROR' ? '支付失败，请重新下单支付' : '',
      success_time: trade.state === 'SUCCESS' ? '2026-11-22T11:05:00+08:00' : undefined,
      amount: { total: trade.paidTotal ?? trade.body.amount.total, currency: 'CNY' },
    };
  }

  private signedHeaders(body: string, mode: Mode): Record<string, string> {
    if (mode === 'unsigned') return {};
    const timestamp = String(Math.floor(Date.now() / 1000) - (mode === 'stale' ? 600 : 0));
    const nonce = randomBytes(16).toString('hex');
    const key = mode === 'forge' ? this.forger.privateKey : this.platform.privateKey;
    const signature = createSign('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .sign(key, 'base64');
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': this.platformSerial,
    };
  }

  private send(response: ServerResponse, status: number, payload: unknown): void {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    response.writeHead(status, {
      'content-type': 'application/json',
      ...this.signedHeaders(body, this.mode),
    });
    response.end(body);
  }

  /** WeChat Pay's check of a merchant's request. */
  private signatureValid(request: IncomingMessage, body: string): boolean {
    const header = request.headers.authorization ?? '';
    const match = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(header);
    if (!match) return false;
    const fields = Object.fromEntries(
      [...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (fields.mchid !== this.mchId || fields.serial_no !== this.merchantSerial) return false;
    if (Math.abs(Date.now() / 1000 - Number(fields.timestamp)) > 300) return false;
    const message = `${request.method}\n${request.url}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
    return createVerify('RSA-SHA256')
      .update(message)
      .verify(this.merchant.publicKey, fields.signature ?? '', 'base64');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.mode === 'down') return void request.socket.destroy();
    let body = '';
    for await (const chunk of request) body += chunk;
    if (this.mode === 'hang') return; // never answers: the provider's timeout fires
    if (request.url?.startsWith('/sns/jscode2session?'))
      return this.jscode2session(request, response);
    if (!this.signatureValid(request, body)) {
      this.refusedSignatures.push(`${request.method} ${request.url}`);
      return this.send(response, 401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    const url = new URL(request.url ?? '/', 'http://fake');
    const parsed = body ? JSON.parse(body) : {};
    let match: RegExpExecArray | null;
    if (
      request.method === 'POST' &&
      (url.pathname === '/v3/pay/transactions/native' ||
        url.pathname === '/v3/pay/transactions/jsapi')
    ) {
      if (parsed.mchid !== this.mchId || parsed.appid !== this.appId)
        return this.send(response, 400, { code: 'PARAM_ERROR', message: 'mchid/appid' });
      if (url.pathname.endsWith('jsapi')) {
        this.jsapiRequests.push(parsed.out_trade_no);
        // Not placed yet: until then, WeChat Pay does not know the number (a close of it is 204).
        if (this.jsapiHold) await this.jsapiHold;
      }
      const type = url.pathname.endsWith('native') ? 'NATIVE' : 'JSAPI';
      const placed = this.trades.get(parsed.out_trade_no);
      if (placed) {
        // As WeChat Pay: a number is placed again only as the same order (same type, amount,
        // description and payer), and never once closed or paid.
        if (placed.state === 'CLOSED')
          return this.send(response, 400, { code: 'ORDER_CLOSED', message: '订单已关闭' });
        if (placed.state === 'SUCCESS')
          return this.send(response, 400, { code: 'ORDERPAID', message: '该订单已支付' });
        if (
          placed.type !== type ||
          placed.body.amount.total !== parsed.amount?.total ||
          placed.body.description !== parsed.description ||
          placed.body.payer?.openid !== parsed.payer?.openid
        ) {
          this.refusedOrders.push(`${type} ${parsed.out_trade_no}`);
          return this.send(response, 403, { code: 'OUT_TRADE_NO_USED', message: '商户订单号重复' });
        }
      } else
        this.trades.set(parsed.out_trade_no, {
          type,
          body: parsed,
          state: 'NOTPAY',
          paidTotal: null,
          transactionId: null,
        });
      if (url.pathname.endsWith('native'))
        return this.send(response, 200, {
          code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString('hex')}`,
        });
      const prepayId = `wx${randomBytes(10).toString('hex')}`;
      this.prepays.set(prepayId, {
        outTradeNo: parsed.out_trade_no,
        openid: parsed.payer?.openid ?? '',
      });
      return this.send(response, 200, { prepay_id: prepayId });
    }
    if (
      request.method === 'GET' &&
      (match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname))
    ) {
      const trade = this.trades.get(decodeURIComponent(match[1]));
      if (!trade)
        return this.send(response, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      return this.send(response, 200, this.transaction(trade));
    }
    if (
      request.method === 'POST' &&
      (match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname))
    ) {
      const trade = this.trades.get(decodeURIComponent(match[1]));
      if (trade?.state === 'SUCCESS')
        return this.send(response, 400, { code: 'ORDERPAID', message: '订单已支付' });
      if (trade?.state === 'USERPAYING')
        return this.send(response, 202, { code: 'USER_PAYING', message: '用户支付中' });
      if (trade) trade.state = 'CLOSED';
      return this.send(response, 204, undefined);
    }
    if (request.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      this.refundRequests.push(parsed.out_refund_no);
      if (!/^[0-9A-Za-z_\-|*@]{1,64}$/.test(parsed.out_refund_no ?? ''))
        return this.send(response, 400, {
          code: 'PARAM_ERROR',
          message: '输入源“/body/out_refund_no”映射到字段“商户退款单号”必填性规则校验失败',
        });
      let refund = this.refunds.get(parsed.out_refund_no);
      if (!refund) {
        const trade = this.trades.get(parsed.out_trade_no);
        if (!trade)
          return this.send(response, 404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
        if (trade.state !== 'SUCCESS')
          return this.send(response, 400, { code: 'INVALID_REQUEST', message: '订单未支付' });
        if (parsed.amount.total !== trade.paidTotal)
          return this.send(response, 400, { code: 'INVALID_REQUEST', message: '订单金额不一致' });
        const refunded = [...this.refunds.values()]
          .filter((earlier) => earlier.out_trade_no === parsed.out_trade_no)
          .reduce((sum, earlier) => sum + earlier.amount, 0);
        if (refunded + parsed.amount.refund > trade.paidTotal!)
          return this.send(response, 400, {
            code: 'INVALID_REQUEST',
            message: '申请退款金额超过订单可退金额',
          });
        if (this.refundRefusal) return this.send(response, 403, this.refundRefusal);
        refund = {
          refund_id: `5030${randomBytes(6).toString('hex')}`,
          out_trade_no: parsed.out_trade_no,
          amount: parsed.amount.refund,
          total: parsed.amount.total,
          status: 'PROCESSING',
          success_time: null,
        };
        this.refunds.set(parsed.out_refund_no, refund);
      }
      if (this.loseRefundAnswers > 0) {
        this.loseRefundAnswers--;
        return void request.socket.destroy();
      }
      return this.send(response, 200, this.refundBody(parsed.out_refund_no, refund));
    }
    if (
      request.method === 'GET' &&
      (match = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(url.pathname))
    ) {
      const outRefundNo = decodeURIComponent(match[1]);
      const refund = this.refunds.get(outRefundNo);
      if (!refund)
        return this.send(response, 404, { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
      return this.send(response, 200, this.refundBody(outRefundNo, refund));
    }
    this.send(response, 404, { code: 'NOT_FOUND', message: url.pathname });
  }
}
