// Paying an order by QR: a device asks for its pay QR (JSON, PNG, SVG) and follows its status;
// customers reach a payment through its signed payload (customer pages, the simulator's page);
// WeChat Pay's notifications arrive at /api/payments/wechatpay/notify (raw body, verified).
import express, { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  businessDaySchema,
  formatFen,
  isPaymentSettled,
  paymentRequestSchema,
  topUpPaymentRequestSchema,
  unfinishedRefunds,
  type Payment,
} from '@pos/shared';
import { requireCaller, requireManager } from './auth';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';
import { PaymentError } from '../payments/payment-errors';
import { baseUrlOf, paymentView } from '../payments/payment-view';
import type { Payments } from '../payments/payments';
import { ForgedNotificationError } from '../payments/wechatpay-provider';
import { qrPng, qrSvg } from '../qr/qr-image';
import { simulatorPage } from '../payments/simulator-page';
import { limitFailedAttempts } from './attempt-limit';
import { askedBy } from './payment-asker';

/** The code of the customer's wx.login: the server turns it into their openid (jscode2session). */
const jsapiSchema = z.object({ code: z.string().min(1).max(128) });
const simulateSchema = z.object({ action: z.enum(['confirm', 'decline']) });
const refundsQuerySchema = z.object({
  businessDay: businessDaySchema.optional(),
  unfinished: z.enum(['1', 'true']).optional(),
});

/** Runs an async handler, turning a PaymentError into the API's error shape. */
function handle(run: RequestHandler): RequestHandler {
  return async (request, response, next) => {
    try {
      await run(request, response, next);
    } catch (error) {
      next(
        error instanceof PaymentError
          ? new HttpError(error.status, error.code, error.message)
          : error,
      );
    }
  };
}

export function paymentRoutes({ store, now }: HttpDeps, payments: Payments): Router {
  const { service, qr } = payments;
  const router = Router();
  const staffById = (id: string) => store.state.staff[id];
  const find = (id: string): Payment => {
    const payment = service.get(id);
    if (!payment) throw new HttpError(404, 'payment_unknown', `no payment ${id}`);
    return payment;
  };
  /** The payment a customer's scanned payload names; expired or altered ones are refused. */
  const fromPayload = (text: string): Payment => {
    const checked = qr.verify(text, 'pay-order');
    if (!checked.ok)
      throw new HttpError(
        checked.error.code === 'qr_expired' ? 410 : 400,
        checked.error.code,
        checked.error.message,
      );
    return find(checked.value.ref);
  };
  const customerView = (payment: Payment, baseUrl: string) => ({
    payment: paymentView(qr, payment, baseUrl),
    storeName: store.settings.storeName,
    amountText: formatFen(payment.amount),
  });

  router.post(
    '/api/payments',
    requireCaller,
    handle(async (request, response) => {
      const body = validate(paymentRequestSchema, request.body);
      const payment = await service.start({
        orderId: body.orderId,
        otherTenders: body.otherTenders,
        cashTakenAt: body.cashTakenAt,
        ...askedBy(request.caller!, body.cashierId, staffById),
      });
      response.status(201).json({ payment: paymentView(qr, payment, baseUrlOf(request)) });
    }),
  );

  // A member's stored-value top-up paid by QR: the server credits the balance once it is paid.
  router.post(
    '/api/payments/top-ups',
    requireCaller,
    handle(async (request, response) => {
      const body = validate(topUpPaymentRequestSchema, request.body);
      const payment = await service.startTopUp({
        memberId: body.memberId,
        amount: body.amount,
        ...askedBy(request.caller!, body.cashierId, staffById),
      });
      response.status(201).json({ payment: paymentView(qr, payment, baseUrlOf(request)) });
    }),
  );

  // Refunds through the provider, for the manager (devices see them on their orders).
  router.get('/api/payments/refunds', requireManager, (request, response) => {
    const query = validate(refundsQuerySchema, request.query, 'query');
    const refunds = query.unfinished
      ? unfinishedRefunds(payments.refunds.all(), query.businessDay)
      : payments.refunds
          .all()
          .filter((refund) => !query.businessDay || refund.businessDay === query.businessDay)
          .sort((a, b) => a.createdAt - b.createdAt);
    response.json({ refunds });
  });

  router.post(
    '/api/payments/refunds/:outRefundNo/retry',
    requireManager,
    handle(async (request, response) => {
      response.json({ refund: await payments.refunds.retry(request.params.outRefundNo as string) });
    }),
  );

  router.get('/api/payments/:id', requireCaller, (request, response) => {
    const payment = find(request.params.id as string);
    service.watch(payment.id);
    response.json({ payment: paymentView(qr, payment, baseUrlOf(request)) });
  });

  router.post(
    '/api/payments/:id/close',
    requireCaller,
    handle(async (request, response) => {
      const payment = await service.close(find(request.params.id as string).id);
      response.json({ payment: paymentView(qr, payment, baseUrlOf(request)) });
    }),
  );

  // Images: a mini-program <image> sends no Authorization header, and the code is on a public
  // screen anyway; the id is random and the payload inside expires.
  for (const format of ['png', 'svg'] as const)
    router.get(
      `/api/payments/:id/qr.${format}`,
      handle(async (request, response) => {
        const payment = find(request.params.id as string);
        const text = paymentView(qr, payment, baseUrlOf(request)).qrText;
        response.set('cache-control', 'no-store');
        if (format === 'svg') response.type('image/svg+xml').send(await qrSvg(text));
        else response.type('image/png').send(await qrPng(text));
      }),
    );

  // The customer's side, reached by the signed payload of a scanned code.
  const customerLimit = limitFailedAttempts({
    failures: 20,
    windowMs: 5 * 60_000,
    what: 'QR code',
  });

  // An expired code still reads its payment: whoever paid in its last seconds sees it paid, not
  // "expired, ask again" (and paying twice); an unpaid one reads expired. Paying needs it valid.
  router.get(
    '/api/customer/pay/:payload',
    customerLimit,
    handle(async (request, response) => {
      const checked = qr.readBack(request.params.payload as string, 'pay-order');
      if (!checked.ok) throw new HttpError(400, checked.error.code, checked.error.message);
      let payment = find(checked.value.ref);
      if (!isPaymentSettled(payment) && now() >= payment.expiresAt)
        payment = await service.refresh(payment.id);
      service.watch(payment.id);
      response.json(customerView(payment, baseUrlOf(request)));
    }),
  );

  router.post(
    '/api/customer/pay/:payload/jsapi',
    customerLimit,
    handle(async (request, response) => {
      const payment = fromPayload(request.params.payload as string);
      if (!payments.wechatPay)
        throw new HttpError(
          409,
          'simulator',
          'no WeChat Pay merchant is configured: pay in the payment simulator',
        );
      if (!payments.login)
        throw new HttpError(
          409,
          'login_unconfigured',
          "the mini-program's AppID and AppSecret are not configured (POS_WECHAT_APPID, POS_WECHAT_APPSECRET): scan the pay QR with WeChat instead",
        );
      const { code } = validate(jsapiSchema, request.body);
      const openid = await payments.login.openidFor(code);
      response.json({ params: await service.jsapi(payment.id, openid) });
    }),
  );

  router.post(
    '/api/customer/pay/:payload/simulate',
    customerLimit,
    handle(async (request, response) => {
      const payment = await simulate(
        payments,
        request.params.payload as string,
        validate(simulateSchema, request.body).action,
      );
      response.json(customerView(payment, baseUrlOf(request)));
    }),
  );

  // The simulator's page: what the pay QR opens when no merchant is configured.
  /** The payment a code leads to by its signature alone (expired or used up), as it stands now. */
  const readBackPayment = async (text: string): Promise<Payment | null> => {
    const checked = qr.readBack(text, 'pay-order');
    const payment = checked.ok ? service.get(checked.value.ref) : undefined;
    if (!payment) return null;
    // Its time is up: asked about now, so the page reads 已过期 (or paid), never 待支付.
    return !isPaymentSettled(payment) && now() >= payment.expiresAt
      ? service.refresh(payment.id)
      : payment;
  };
  const sendSimulatorPage = (
    response: Response,
    payload: string,
    payment: Payment | null,
    refused: { status: number; code: string } | null,
  ) => {
    // Paid, the customer reads just that: a second tap on 确认支付 (its code is used up) or a
    // reload once the code's time is up is no refusal to them.
    const refusal = payment?.status === 'paid' ? null : refused;
    response
      .status(refusal?.status ?? 200)
      .type('html')
      .send(
        simulatorPage({
          storeName: store.settings.storeName,
          payload,
          payment,
          refusal: refusal?.code ?? null,
          now: now(),
        }),
      );
  };

  router.get(
    '/pay/sim/:payload',
    handle(async (request, response) => {
      const text = request.params.payload as string;
      const checked = qr.verify(text, 'pay-order');
      const payment = await readBackPayment(text);
      const refused = !checked.ok
        ? { status: checked.error.code === 'qr_expired' ? 410 : 400, code: checked.error.code }
        : payment
          ? null
          : { status: 404, code: 'payment_unknown' };
      sendSimulatorPage(response, text, payment, refused);
    }),
  );

  /** The page's confirm or decline in progress, by code: a double tap's second waits for it. */
  const simulating = new Map<string, Promise<Payment>>();
  router.post(
    '/pay/sim/:payload',
    express.urlencoded({ extended: false, limit: '1kb' }),
    handle(async (request, response) => {
      const text = request.params.payload as string;
      const action = request.body?.action === 'confirm' ? 'confirm' : 'decline';
      const first = simulating.get(text);
      const run = simulate(payments, text, action);
      if (!first) {
        simulating.set(text, run);
        void run.catch(() => undefined).finally(() => simulating.delete(text));
      }
      try {
        sendSimulatorPage(response, text, await run, null);
      } catch (failure) {
        if (!(failure instanceof HttpError || failure instanceof PaymentError)) throw failure;
        // The code used up by a tap still being paid: this page reads the payment once it is.
        await first?.catch(() => undefined);
        sendSimulatorPage(response, text, await readBackPayment(text), failure);
      }
    }),
  );

  return router;
}

/** The simulator's confirm or decline: one use per code (a replayed form post is refused). */
async function simulate(
  payments: Payments,
  text: string,
  action: 'confirm' | 'decline',
): Promise<Payment> {
  const { simulator, service, qr } = payments;
  if (!simulator)
    throw new HttpError(
      404,
      'no_simulator',
      'payments go through WeChat Pay here, not the simulator',
    );
  const checked = qr.consume(text, 'pay-order');
  if (!checked.ok)
    throw new HttpError(
      checked.error.code === 'qr_expired' ? 410 : checked.error.code === 'qr_replayed' ? 409 : 400,
      checked.error.code,
      checked.error.message,
    );
  const known = service.get(checked.value.ref);
  if (!known) throw new HttpError(404, 'payment_unknown', 'no such payment');
  const payment = await service.payable(known.id);
  try {
    if (action === 'confirm') simulator.confirm(payment.outTradeNo);
    else simulator.decline(payment.outTradeNo);
  } catch (error) {
    throw new HttpError(409, 'payment_settled', (error as Error).message);
  }
  return service.refresh(payment.id);
}

/**
 * WeChat Pay's notifications, mounted before the JSON parser: the signature covers the raw bytes.
 * A forged one gets 401 (WeChat Pay retries a real one); a duplicate is applied once.
 */
export function wechatPayNotifyRoute(payments: Payments): Router {
  const router = Router();
  router.post(
    '/api/payments/wechatpay/notify',
    express.raw({ type: () => true, limit: '64kb' }),
    async (request, response) => {
      const provider = payments.wechatPay;
      if (!provider)
        return void response.status(404).json({ code: 'FAIL', message: 'no merchant configured' });
      const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
      try {
        const { outTradeNo, observation } = provider.readNotification(
          (name) => request.get(name),
          raw,
        );
        await payments.service.notified(outTradeNo, observation);
        response.status(204).end();
      } catch (error) {
        const forged = error instanceof ForgedNotificationError;
        const status = forged ? 401 : error instanceof PaymentError ? error.status : 500;
        response.status(status).json({ code: 'FAIL', message: (error as Error).message });
      }
    },
  );
  return router;
}
