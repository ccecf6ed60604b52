// The pay QRs a checkout let go of (its screen left) while the customer may still have paid them,
// by their orders, each with the server that made it: taken back when payment is taken again for
// the order, and, while one may still be paid, a reason the till is not un-paired.
import { isPaymentSettled, type PaymentView } from '@pos/shared';
import type { DeviceServer } from './payments';

export interface LeftPayQr {
  view: PaymentView;
  /** Where the QR is closed or asked after, even once the till has forgotten its pairing. */
  server: DeviceServer;
}

export class LeftPayQrs {
  private readonly byOrder = new Map<string, LeftPayQr>();

  /** Kept while the customer may have paid it; a QR known unpaid (closed...) is forgotten. */
  note(orderId: string, left: LeftPayQr): void {
    const { view } = left;
    if (isPaymentSettled(view) && view.status !== 'paid') this.byOrder.delete(orderId);
    else this.byOrder.set(orderId, left);
  }

  /** What the server said later of the QR noted for `orderId`, unless another took its place. */
  update(orderId: string, was: PaymentView, now: PaymentView): void {
    const left = this.byOrder.get(orderId);
    if (left?.view === was) this.note(orderId, { ...left, view: now });
  }

  /** The QR left for the order, no longer remembered here: the caller follows it now. */
  take(orderId: string): LeftPayQr | null {
    const left = this.byOrder.get(orderId) ?? null;
    this.byOrder.delete(orderId);
    return left;
  }

  /**
   * One not yet known closed the customer may still pay: not settled, and not run out (past its
   * expiry nobody can pay it, and the server expires it itself).
   */
  anyPayable(now: number): boolean {
    return [...this.byOrder.values()].some(
      ({ view }) => !isPaymentSettled(view) && now <= view.expiresAt,
    );
  }
}
