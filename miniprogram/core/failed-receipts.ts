// A receipt that did not print: what is kept of it, how it is laid out again from its order, and
// whether it prints again as the sale's own receipt or a reprint. Pure; the store holds the list.
//
// A receipt kept is what lays it out again (its order's id), never its bytes: those held the drawer
// kick of a cash sale, and sent unchanged hours later they opened the drawer with no sale and no
// reason, printed an order as it no longer was (voided, refunded) and unmarked as a reprint. Printed
// again, it is laid out from the order as it is now, and counts as the sale's own receipt (unmarked;
// a cash sale's opens the drawer) only while none of it reached the printer (the kick goes out
// first) and the sale is at most SALE_RECEIPT_RETRY_MS old: the cashier took the cash, the printer
// failed, they fix it and print, and need the drawer; the sale is that opening's record. Otherwise
// it is a reprint, marked, the drawer shut: a drawer opened later is recorded only through 开钱箱,
// whose reason the shift store writes before `openDrawer()` sends its kick. With the paper out, a
// cash sale's kick goes out alone (`drawerOpened`): printed again, even as the sale's own, the
// receipt then keeps the drawer shut.
import {
  layoutReceipt,
  type Order,
  type PaperWidth,
  type ReceiptContext,
  type ReceiptDocument,
} from '@pos/shared';
import type { PrintProblem } from './print-problems';

/**
 * How long after a sale its receipt, printed again because the first attempt reached nothing,
 * is still the sale's own (a cash sale's opens the drawer): the cashier fixing the printer at the
 * till. Later, it is a reprint and the drawer stays shut.
 */
export const SALE_RECEIPT_RETRY_MS = 2 * 60_000;

/** The order as this device holds it now (a receipt printed again is laid out from it), or null. */
export type FindOrder = (orderId: string) => Order | null;

/**
 * A receipt that did not print, kept as what lays it out again: the order's id (null for a test
 * page), never the bytes made then (small, and no drawer kick kept to send again).
 */
export interface FailedJob {
  id: number;
  /** The order the receipt is for; null for a test page. */
  orderId: string | null;
  title: string;
  /** Asked for as a reprint (Orders): printed again as one. */
  reprint: boolean;
  /** The QR code the receipt was asked with, if any. */
  qr?: ReceiptContext['qr'];
  /** When it was first asked for: a sale's own receipt, at the sale. */
  askedAt: number;
  /** No byte of the receipt reached the printer in any attempt (its drawer kick alone may have). */
  unsent: boolean;
  /** Its drawer kick went out alone (the paper was out), or may have: it is not sent again. */
  drawerOpened: boolean;
  problem: PrintProblem;
  /** For people, in the UI's language. */
  message: string;
  /** WeChat's own words, for whoever looks into it. */
  detail: string;
  at: number;
}

/**
 * What keeps a receipt to print again (see FailedJob); `unsent` is true and `drawerOpened` false
 * until an attempt.
 */
export type KeptReceipt = Pick<FailedJob, 'orderId' | 'title' | 'reprint' | 'qr' | 'askedAt'> & {
  unsent?: boolean;
  drawerOpened?: boolean;
};

/** What keeps an order's receipt, asked for now (`askedAt`) at the sale or from Orders. */
export function keptForOrder(
  order: Order,
  options: { reprint?: boolean; qr?: ReceiptContext['qr'] },
  askedAt: number,
): KeptReceipt {
  return {
    orderId: order.id,
    title: order.orderNo,
    reprint: options.reprint ?? false,
    ...(options.qr !== undefined ? { qr: options.qr } : {}),
    askedAt,
  };
}

/** What keeps a failed receipt as it prints again: as first asked, and whether still unsent. */
export function keptAgain(job: FailedJob): KeptReceipt {
  return {
    orderId: job.orderId,
    title: job.title,
    reprint: job.reprint,
    ...(job.qr !== undefined ? { qr: job.qr } : {}),
    askedAt: job.askedAt,
    unsent: job.unsent,
    drawerOpened: job.drawerOpened,
  };
}

/**
 * Whether a failed receipt prints again as a reprint (marked, drawer shut). It is the sale's own
 * (a cash sale's opens the drawer, unless its kick already went out alone) only if asked for as
 * that, none of it has reached the printer and the sale is at most SALE_RECEIPT_RETRY_MS old.
 */
export function printsAsReprint(job: FailedJob, now: number): boolean {
  const age = now - job.askedAt;
  const salesOwn = !job.reprint && job.unsent && age >= 0 && age <= SALE_RECEIPT_RETRY_MS;
  return !salesOwn;
}

/**
 * Whether a receipt that failed is still one of which nothing reached the printer: it was so before
 * (or this was its first attempt), and this attempt wrote no byte. A write left unanswered
 * (`timeout`) may still have arrived, so it counts as sent.
 */
export function stillUnsent(
  kept: KeptReceipt | null,
  bytesSent: number,
  problem: PrintProblem,
): boolean {
  const noneSent = bytesSent === 0 && problem !== 'timeout';
  return (kept?.unsent ?? true) && noneSent;
}

/** Whether the drawer opened for it, in this attempt (`kickedNow`) or one before. */
export function drawerOpenedFor(kept: KeptReceipt | null, kickedNow: boolean): boolean {
  return (kept?.drawerOpened ?? false) || kickedNow;
}

/** Without a printer there is nothing to print again later; otherwise a failed receipt is kept. */
export function keepsReceipt(problem: PrintProblem): boolean {
  return problem !== 'no_printer';
}

/**
 * The receipt laid out from the order as it is now, as the sale's own or a reprint, with the QR
 * code it was first asked with, and no drawer kick once its drawer opened. `context` must be the
 * one looked up for the same `reprint`: a reprint's prints no balances.
 */
export function receiptDocument(
  order: Order,
  context: ReceiptContext,
  kept: KeptReceipt,
  reprint: boolean,
  paper: PaperWidth,
): ReceiptDocument {
  const laidOut = { ...context, reprint };
  if (kept.qr !== undefined) laidOut.qr = kept.qr;
  const document = layoutReceipt(order, laidOut, paper);
  return kept.drawerOpened ? { ...document, openDrawer: false } : document;
}
