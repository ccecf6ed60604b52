// What the kiosk page's parts share: the stages it shows, the order on screen, and the page as its
// behaviors (scan-to-pay.ts, order-lines.ts, staff-exit.ts) reach it. WeChat merges a Behavior's
// data and methods into the page as it runs, but the typings see only each part's own.
import type { Order, RuleError } from '@pos/shared';
import type { CartLineView } from '../../view/cart-view';

/**
 * Ordering (the start, with an empty cart); the pay QR of the order just placed; paid; the number
 * of an order to pay at the counter (sent there, or a scan that did not end in paid); or the order
 * refused by the store's server (nothing at the counter: order again, or ask staff).
 */
export type Stage = 'ordering' | 'scanning' | 'paid' | 'sent' | 'refused';

/** The order just placed, as its screens show it. */
export interface SentView {
  orderId: string;
  orderNo: string;
  total: string;
  note: string;
}

/** The page's own data its behaviors read (declared in index.ts, some bound to the stores there). */
interface KioskData {
  stage: Stage;
  sent: SentView | null;
  cancelling: boolean;
  scanAvailable: boolean;
  lines: CartLineView[];
}

/** The page's data and the methods one part calls on another. */
export interface KioskPage {
  data: KioskData;
  touch(ms?: number): void;
  fail(error: RuleError): void;
  place(stage: 'sent' | 'scanning'): Order | null;
  giveUpScan(notPaid: () => void): void;
}

/** The whole page, seen from one of its parts (`this` in a behavior's method). */
export function kioskPage(part: object): KioskPage {
  return part as KioskPage;
}
