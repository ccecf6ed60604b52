// What the checkout shows of a payment by QR: the code, the amount, where it is in its life, and
// a message when it did not end in paid. Pure; the payment store holds the state.
import { formatFen, type PaymentView } from '@pos/shared';
import { describeError, text } from '../i18n/index';
import { isLivePhase, type PaymentPhase } from '../stores/payment-store';

export interface PayQrView {
  /** A QR is on its way or on screen. */
  active: boolean;
  paid: boolean;
  url: string;
  amount: string;
  status: string;
  statusText: string;
  message: string;
  simulator: boolean;
}

export const noPayQr: PayQrView = {
  active: false,
  paid: false,
  url: '',
  amount: '',
  status: '',
  statusText: '',
  message: '',
  simulator: false,
};

export function payQrView(store: {
  phase: PaymentPhase;
  payment: PaymentView | null;
  qrUrl: string;
  error: { code: string; message: string } | null;
}): PayQrView {
  const { phase, payment, error } = store;
  if (phase === 'idle' && !payment) return noPayQr;
  const status = payment?.status ?? '';
  const statusText = text.payQr.phases[phase] ?? text.payQr.statuses[status] ?? '';
  const ended =
    phase === 'failed' ||
    (phase === 'settled' && status !== 'paid') ||
    (phase === 'idle' && status !== 'paid');
  return {
    active: isLivePhase(phase),
    paid: status === 'paid',
    url: phase === 'showing' ? store.qrUrl : '',
    amount: payment ? text.payQr.amount(formatFen(payment.amount)) : '',
    status,
    statusText,
    message: error ? text.payQr.failed(describeError(error)) : ended ? statusText : '',
    simulator: payment?.provider === 'simulator',
  };
}
