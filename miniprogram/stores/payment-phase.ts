// Where a WeChat pay QR of the payment store stands, and which of those stands mean the customer
// may still pay it (so no other payment is taken, and its order is kept).

/** `closing`: given up on, and the server has not yet confirmed that nobody can pay it. */
export type PaymentPhase =
  'idle' | 'syncing' | 'requesting' | 'showing' | 'closing' | 'settled' | 'failed';

/** A QR is on its way, on screen, or not yet known to be closed: the customer may pay it. */
export function isLivePhase(phase: PaymentPhase): boolean {
  return (
    phase === 'syncing' || phase === 'requesting' || phase === 'showing' || phase === 'closing'
  );
}
