// What a screen shows of a payment by QR: the code, the amount, where it is in its life, and a
// message when it did not end in paid, in the words of whoever reads that screen (the cashier at
// the till, or the customer at the kiosk). Pure; the payment store holds the state.
import { formatFen, type PaymentView } from '@pos/shared';
import { describeError, text } from '../i18n/index';
import { isLivePhase, type PaymentPhase } from '../stores/payment-phase';

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

/** How a pay QR is put in words for the one reading the screen. */
export interface PayQrWording {
  /** Where the payment is: a QR on its way (the phase), or up (its status). */
  state(phase: PaymentPhase, status: string): string;
  /** Why it ended without paid: refused (`error`), or the status it ended in. */
  ended(error: { code: string; message: string } | null, status: string): string;
  /** The amount the QR is for (already formatted). */
  amount(amount: string): string;
}

/** The cashier's: what the customer is doing, and what to do instead when it fails. */
export const tillWording: PayQrWording = {
  state: (phase, status) => text.payQr.phases[phase] ?? text.payQr.statuses[status] ?? '',
  ended: (error, status) =>
    error ? text.payQr.failed(describeError(error)) : (text.payQr.statuses[status] ?? ''),
  amount: (amount) => text.payQr.amount(amount),
};

/**
 * The kiosk's customer's: what is happening, never the cashier's instructions (take cash, check
 * the server). Every end that is not paid has a reason: the kiosk then sends them to the counter.
 */
export const kioskCustomerWording: PayQrWording = {
  state: (phase, status) =>
    phase === 'syncing' || phase === 'requesting'
      ? text.customer.kioskQr.waiting
      : (text.customer.kioskQr[status] ?? ''),
  ended: (error, status) =>
    text.customer.kioskNotPaid[error?.code ?? status] ?? text.customer.kioskNotPaidOther,
  amount: (amount) => text.customer.pay(amount),
};

export function payQrView(
  store: {
    phase: PaymentPhase;
    payment: PaymentView | null;
    qrUrl: string;
    error: { code: string; message: string } | null;
  },
  wording: PayQrWording = tillWording,
): PayQrView {
  const { phase, payment, error } = store;
  if (phase === 'idle' && !payment) return noPayQr;
  const status = payment?.status ?? '';
  const ended =
    phase === 'failed' ||
    (phase === 'settled' && status !== 'paid') ||
    (phase === 'idle' && status !== 'paid');
  return {
    active: isLivePhase(phase),
    paid: status === 'paid',
    url: phase === 'showing' ? store.qrUrl : '',
    amount: payment ? wording.amount(formatFen(payment.amount)) : '',
    status,
    statusText: wording.state(phase, status),
    message: error || ended ? wording.ended(error, status) : '',
    simulator: payment?.provider === 'simulator',
  };
}
