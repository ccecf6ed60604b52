// The open orders a till takes payment for: kiosk orders waiting at the counter, and this till's
// own sales left unpaid (a pay QR given up on). Pure filters over the orders the device holds.
import type { OrderView } from './local-view';

/**
 * Kiosk orders waiting to be paid at the counter, oldest first (`views` newest first). One the
 * server refused never reached the counter (the kiosk told its customer so), so nobody is to take
 * money for it; one whose payment was refused is still open on the server, to be paid.
 */
export function counterQueueOf(views: readonly OrderView[]): OrderView[] {
  return views
    .filter(
      ({ order, saleRefused }) =>
        order.status === 'open' && order.source === 'kiosk' && !saleRefused,
    )
    .reverse();
}

/**
 * This till's own sales still open, newest first: rung up for a pay QR that was given up on, failed
 * or was left with the checkout. No customer comes to the counter for them (they are not in the
 * counter queue), so Orders offers to take payment here. A sale the server refused never was one;
 * a voided one is no longer open. Another till's is that till's to take: its QR may be up there.
 */
export function unpaidHereOf(
  views: readonly OrderView[],
  deviceId: string | undefined,
): OrderView[] {
  return views.filter(
    ({ order, saleRefused }) =>
      order.status === 'open' &&
      order.source === 'register' &&
      order.deviceId === deviceId &&
      !saleRefused,
  );
}
