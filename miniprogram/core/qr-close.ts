// Closing a pay QR the till gave up on: a close that did not reach the store's server leaves a QR
// the customer may still pay, so it is asked again until the server has it and says how it ended.
import { isPaymentSettled, type PaymentView } from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { closePayment, paymentStatus, type DeviceServer, type PaymentsWx } from './payments';

export interface QrCloseDeps {
  wx: PaymentsWx;
  clock: Clock;
  /** How long between two tries. */
  pollMs: number;
}

export interface QrCloseOptions {
  /**
   * Keep asking how it ended once the server has the close (a screen waits to know whether the
   * customer paid). Otherwise the server's word that it has the close is enough: it goes on
   * closing at the provider by itself.
   */
  untilSettled: boolean;
  /** Asked before each new try: false stops (the cashier moved on, another close took over). */
  stillWanted?: () => boolean;
}

/**
 * Closes `view` on the server, trying again every `pollMs` while no answer comes. Gives up once
 * the QR has run out unheard (nobody can pay it then; the server expires it itself). Resolves with
 * the last view the server gave, so that a payment made meanwhile is seen as paid.
 */
export async function closePayQr(
  deps: QrCloseDeps,
  server: DeviceServer,
  view: PaymentView,
  options: QrCloseOptions,
): Promise<PaymentView> {
  let last = view;
  let heard = false;
  for (;;) {
    if (isPaymentSettled(last)) return last;
    const answer = heard
      ? await paymentStatus(deps.wx, server, last.id)
      : await closePayment(deps.wx, server, last.id);
    if (answer.ok) {
      last = answer.value;
      heard = true;
    }
    if (isPaymentSettled(last) || (heard && !options.untilSettled)) return last;
    if (!heard && deps.clock.now() > last.expiresAt) return last;
    if (options.stillWanted && !options.stillWanted()) return last;
    await new Promise<void>((resolve) => deps.clock.setTimeout(resolve, deps.pollMs));
    if (options.stillWanted && !options.stillWanted()) return last;
  }
}
