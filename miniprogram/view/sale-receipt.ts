// A sale's receipt on the remembered printer, started once the sale is stored and never waited
// for: what the screen shows of it is a small note (printing, printed, not printed and why),
// never an error over "paid". Receipts that did not print stay in the printer store for Orders.
import { when } from 'mobx-miniprogram';
import type { Order, ReceiptContext } from '@pos/shared';
import type { Clock } from '../adapters/clock';
import { text } from '../i18n/index';
import type { OrdersStore } from '../stores/orders-store';
import type { PrinterStore, PrintResult } from '../stores/printer-store';
import type { PrinterApp } from './printer-view';

export interface ReceiptNote {
  tone: 'info' | 'success' | 'warning';
  text: string;
}

/** The app's printer store, or null when the app holds none (tests of pages without a printer). */
export function appPrinter(): PrinterStore | null {
  return getApp<Partial<PrinterApp>>().printer ?? null;
}

/** The printer store when a printer is remembered: without one there is nothing to print on. */
export function rememberedPrinter(): PrinterStore | null {
  const printer = appPrinter();
  return printer?.saved ? printer : null;
}

/**
 * The receipt's QR code: the order number as it is. The device cannot sign a payload (the secret
 * is the server's), and the number works offline: Orders finds the order by it for a return.
 */
export function receiptQr(order: Order): NonNullable<ReceiptContext['qr']> {
  return { text: order.orderNo, caption: text.receipt.qrCaption };
}

/**
 * Prints an order's receipt (or a reprint) on the remembered printer. Resolves with what happened,
 * null when no printer is remembered; never rejects, whatever the printer does.
 */
export async function printReceipt(
  order: Order,
  options: { reprint?: boolean } = {},
): Promise<PrintResult | null> {
  const printer = rememberedPrinter();
  if (!printer) return null;
  const result = await printer.printOrder(order, {
    reprint: options.reprint,
    qr: receiptQr(order),
  });
  // Printed now: an earlier attempt for this order that failed is no longer waiting.
  if (result.ok)
    for (const job of printer.failed) if (job.orderId === order.id) printer.dismiss(job.id);
  return result;
}

/** How long a receipt waits for an order paid on the server's word to sync back. */
export const PAID_ORDER_WAIT_MS = 60_000;

/**
 * For an order the server marked paid (WeChat Pay by QR): the receipt prints the paid order with
 * its WeChat tender, so it waits until that order has synced back here. `onNote` hears each step.
 */
export function printWhenPaid(
  orders: OrdersStore,
  clock: Clock,
  orderId: string,
  onNote: (note: ReceiptNote | null) => void,
  waitMs = PAID_ORDER_WAIT_MS,
): void {
  if (!rememberedPrinter()) return onNote(null);
  const paidOrder = () => {
    const order = orders.find(orderId)?.order;
    return order && order.status !== 'open' ? order : null;
  };
  onNote({ tone: 'info', text: text.receipt.waitingForSync });
  const timer = clock.setTimeout(() => {
    stop();
    onNote({ tone: 'warning', text: text.receipt.notSynced });
  }, waitMs);
  const stop = when(
    () => paidOrder() !== null,
    () => {
      clock.clearTimeout(timer);
      void printAndTell(paidOrder()!, onNote);
    },
  );
}

/** Prints a sale's receipt, telling `onNote` when it starts and how it ended. */
export async function printAndTell(
  order: Order,
  onNote: (note: ReceiptNote | null) => void,
): Promise<void> {
  if (!rememberedPrinter()) return onNote(null);
  onNote({ tone: 'info', text: text.receipt.printing });
  const result = await printReceipt(order);
  if (!result) return onNote(null);
  onNote(
    result.ok
      ? { tone: 'success', text: text.receipt.printed }
      : { tone: 'warning', text: text.receipt.notPrinted(result.message) },
  );
}
