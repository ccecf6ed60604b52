// What a device or a customer sees of a payment: the QR's text and image addresses, the amount
// from the server's order, the status; never the provider's secrets.
import type { Request } from 'express';
import type { Payment, PaymentView } from '@pos/shared';
import type { QrCodes } from '../qr/qr-codes';

/** The address the caller reached this server by: what a phone on the same network can open. */
export function baseUrlOf(request: Request): string {
  return `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}

/** The signed pay payload of a payment (the same text each time it is shown). */
export function payPayload(qr: QrCodes, payment: Payment): string {
  return qr.sign({
    kind: 'pay-order',
    ref: payment.id,
    nonce: payment.nonce,
    expiresAt: payment.expiresAt,
  });
}

export function paymentView(qr: QrCodes, payment: Payment, baseUrl: string): PaymentView {
  const scene = payPayload(qr, payment);
  return {
    id: payment.id,
    orderId: payment.orderId,
    orderNo: payment.orderNo,
    purpose: payment.topUp ? 'top_up' : 'order',
    provider: payment.provider,
    amount: payment.amount,
    status: payment.status,
    expiresAt: payment.expiresAt,
    problem: payment.problem,
    qrText: payment.codeUrl ?? `${baseUrl}/pay/sim/${scene}`,
    qrPng: `/api/payments/${payment.id}/qr.png`,
    qrSvg: `/api/payments/${payment.id}/qr.svg`,
    scene,
  };
}
