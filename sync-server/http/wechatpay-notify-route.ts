// WeChat Pay's notifications at /api/payments/wechatpay/notify: the raw body, verified by the
// provider before the payment service hears of it.
import express, { Router } from 'express';
import { PaymentError } from '../payments/payment-errors';
import type { Payments } from '../payments/payments';
import { ForgedNotificationError } from '../payments/wechatpay-notification';

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
