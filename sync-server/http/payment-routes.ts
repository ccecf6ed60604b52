// Paying an order by QR: a device asks for its pay QR (JSON, PNG, SVG) and follows its status;
// customers reach a payment through its signed payload (customer pages, the simulator's page in
// simulator-routes.ts). WeChat Pay's notifications have their own route (wechatpay-notify-route.ts).
import { Router } from 'express';
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
import { baseUrlOf, paymentView } from '../payments/payment-view';
import type { Payments } from '../payments/payments';
import { qrPng, qrSvg } from '../qr/qr-image';
import { askedBy } from './payment-asker';
import { handle } from './payment-handler';
import { simulate, simulatorPageRoutes } from './simulator-routes';

/** The code of the customer's wx.login: the server turns it into their openid (jscode2session). */
const jsapiSchema = z.object({ code: z.string().min(1).max(128) });
const simulateSchema = z.object({ action: z.enum(['confirm', 'decline']) });
const refundsQuerySchema = z.object({
  businessDay: businessDaySchema.optional(),
  unfinished: z.enum(['1', 'true']).optional(),
});

export function paymentRoutes(deps: HttpDeps, payments: Payments): Router {
  const { store, now } = deps;
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
  const customerLimit = deps.limits.failedAttempts({
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

  router.use(simulatorPageRoutes(deps, payments));
  return router;
}
