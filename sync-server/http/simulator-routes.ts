// The payment simulator over HTTP, what a pay QR leads to when no WeChat Pay merchant is
// configured: its page at /pay/sim/<payload>, and the confirm or decline that page and the
// customer's endpoint share (one use per code).
import express, { Router, type Response } from 'express';
import { isPaymentSettled, type Payment } from '@pos/shared';
import type { HttpDeps } from './deps';
import { HttpError } from './errors';
import { handle } from './payment-handler';
import { PaymentError } from '../payments/payment-errors';
import type { Payments } from '../payments/payments';
import { simulatorPage } from '../payments/simulator-page';

/** The simulator's page: what the pay QR opens when no merchant is configured. */
export function simulatorPageRoutes({ store, now }: HttpDeps, payments: Payments): Router {
  const { service, qr } = payments;
  const router = Router();
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
export async function simulate(
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
