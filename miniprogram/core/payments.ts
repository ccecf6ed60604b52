// Payments by QR from the mini-program: a device asks the store's server for an order's pay QR and
// follows its status; a customer's phone reads a scanned counter code (wxacode scene or link) and
// pays or joins through the server. The server's answers are checked with the core's schemas.
import {
  customerJoinAnswerSchema,
  customerPaymentSchema,
  jsapiAnswerSchema,
  parseWith,
  paymentAnswerSchema,
  qrPayloadText,
  ruleError,
  type Checked,
  type CustomerJoinAnswer,
  type CustomerPayment,
  type JsapiParams,
  type PaymentView,
  type Tender,
} from '@pos/shared';
import { errorText, type ClientWx } from '../adapters/wx-api';

export type PaymentsWx = Pick<ClientWx, 'request'>;

interface Answer {
  status: number;
  body: unknown;
}

/** One JSON call to the store's server; never rejects: no answer is an `unreachable` error. */
export function callServer(
  wx: PaymentsWx,
  request: {
    method: 'GET' | 'POST';
    url: string;
    token?: string;
    body?: unknown;
    timeoutMs?: number;
  },
): Promise<Checked<Answer>> {
  return new Promise((resolve) => {
    wx.request({
      url: request.url,
      method: request.method,
      data: request.body as WechatMiniprogram.IAnyObject | undefined,
      header: {
        'content-type': 'application/json',
        ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      },
      dataType: 'json',
      timeout: request.timeoutMs ?? 10_000,
      success: (result) =>
        resolve({ ok: true, value: { status: result.statusCode, body: result.data } }),
      fail: (result) =>
        resolve(
          ruleError('unreachable', `no answer from the store's server: ${errorText(result)}`),
        ),
    });
  });
}

/** The server's `{ error: { code, message } }`, or a generic one for an unexpected answer. */
function serverError(answer: Answer): Checked<never> {
  const error = (answer.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string'
    ? ruleError(error.code, error.message)
    : ruleError('server_error', `the server answered ${answer.status}`);
}

async function expect<T>(
  answer: Promise<Checked<Answer>>,
  schema: Parameters<typeof parseWith>[0] & { _zod: { output: T } },
  ok = 200,
): Promise<Checked<T>> {
  const got = await answer;
  if (!got.ok) return got;
  if (got.value.status !== ok && !(ok === 201 && got.value.status === 200))
    return serverError(got.value);
  const parsed = parseWith(schema, got.value.body);
  return parsed.ok
    ? { ok: true, value: parsed.value as T }
    : ruleError('server_answer', `unexpected answer: ${parsed.error}`);
}

const paymentAnswer = paymentAnswerSchema;

export interface DeviceServer {
  /** "192.168.1.20:8787" */
  serverAddress: string;
  token: string;
}

const base = (address: string) => `http://${address}`;

/**
 * Asks for the pay QR of an order the server has (open, synced); the rest of a split is cash,
 * taken at `cashTakenAt` by this till's clock.
 */
export async function requestPayQr(
  wx: PaymentsWx,
  server: DeviceServer,
  request: {
    orderId: string;
    otherTenders: Tender[];
    cashTakenAt: number;
    cashierId: string | null;
  },
): Promise<Checked<PaymentView>> {
  const answer = await expect(
    callServer(wx, {
      method: 'POST',
      url: `${base(server.serverAddress)}/api/payments`,
      token: server.token,
      body: request,
    }),
    paymentAnswer,
    201,
  );
  return answer.ok ? { ok: true, value: answer.value.payment } : answer;
}

/**
 * Asks for the pay QR of a stored-value top-up: the server credits the member once it is paid
 * (its balance reaches this device through sync). Needs the server: WeChat Pay is online only.
 */
export async function requestTopUpQr(
  wx: PaymentsWx,
  server: DeviceServer,
  request: { memberId: string; amount: number; cashierId: string | null },
): Promise<Checked<PaymentView>> {
  const answer = await expect(
    callServer(wx, {
      method: 'POST',
      url: `${base(server.serverAddress)}/api/payments/top-ups`,
      token: server.token,
      body: request,
    }),
    paymentAnswer,
    201,
  );
  return answer.ok ? { ok: true, value: answer.value.payment } : answer;
}

export async function paymentStatus(
  wx: PaymentsWx,
  server: DeviceServer,
  id: string,
): Promise<Checked<PaymentView>> {
  const answer = await expect(
    callServer(wx, {
      method: 'GET',
      url: `${base(server.serverAddress)}/api/payments/${id}`,
      token: server.token,
    }),
    paymentAnswer,
  );
  return answer.ok ? { ok: true, value: answer.value.payment } : answer;
}

export async function closePayment(
  wx: PaymentsWx,
  server: DeviceServer,
  id: string,
): Promise<Checked<PaymentView>> {
  const answer = await expect(
    callServer(wx, {
      method: 'POST',
      url: `${base(server.serverAddress)}/api/payments/${id}/close`,
      token: server.token,
      body: {},
    }),
    paymentAnswer,
  );
  return answer.ok ? { ok: true, value: answer.value.payment } : answer;
}

/** Where the QR image is: a mini-program <image> loads it by address. */
export function qrImageUrl(server: { serverAddress: string }, view: PaymentView): string {
  return `${base(server.serverAddress)}${view.qrPng}`;
}

// The customer's phone: opened by scanning a counter code.

export interface CustomerLink {
  /** The signed payload (the server checks it). */
  payload: string;
  /** The store server's address, when the code was a link that names it. */
  serverAddress: string | null;
}

/**
 * What opened the page: a wxacode's `scene` (read with decodeURIComponent, as WeChat asks), or an
 * ordinary QR link (`q`, "scan a normal link to open the mini-program") that names the server.
 */
export function customerLink(query: Record<string, string | undefined>): CustomerLink | null {
  if (query.scene)
    return { payload: qrPayloadText(decodeURIComponent(query.scene)), serverAddress: null };
  const link = query.q ? decodeURIComponent(query.q) : query.link;
  if (!link) return null;
  const match = /^https?:\/\/([^/?#\s]+)\//.exec(link);
  return { payload: qrPayloadText(link), serverAddress: match ? match[1] : null };
}

export function customerPayment(
  wx: PaymentsWx,
  address: string,
  payload: string,
): Promise<Checked<CustomerPayment>> {
  return expect(
    callServer(wx, { method: 'GET', url: `${base(address)}/api/customer/pay/${payload}` }),
    customerPaymentSchema,
  );
}

/** Pays (or declines) in the payment simulator: what the pay page does when no merchant is set up. */
export function simulatePayment(
  wx: PaymentsWx,
  address: string,
  payload: string,
  action: 'confirm' | 'decline',
): Promise<Checked<CustomerPayment>> {
  return expect(
    callServer(wx, {
      method: 'POST',
      url: `${base(address)}/api/customer/pay/${payload}/simulate`,
      body: { action },
    }),
    customerPaymentSchema,
  );
}

/**
 * JSAPI parameters for wx.requestPayment, all made by the server for the customer whose wx.login
 * gave `code` (the server learns their openid from WeChat; the page never sees it).
 */
export async function jsapiParams(
  wx: PaymentsWx,
  address: string,
  payload: string,
  code: string,
): Promise<Checked<JsapiParams>> {
  const answer = await expect(
    callServer(wx, {
      method: 'POST',
      url: `${base(address)}/api/customer/pay/${payload}/jsapi`,
      body: { code },
    }),
    jsapiAnswerSchema,
  );
  return answer.ok ? { ok: true, value: answer.value.params } : answer;
}

export function joinAsCustomer(
  wx: PaymentsWx,
  address: string,
  request: { payload: string; phone: string; name: string },
): Promise<Checked<CustomerJoinAnswer>> {
  return expect(
    callServer(wx, { method: 'POST', url: `${base(address)}/api/customer/join`, body: request }),
    customerJoinAnswerSchema,
    201,
  );
}
