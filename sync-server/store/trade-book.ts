// The trades the server's payments placed at the provider (out_trade_no), by number: whose payment
// each is and whether it took the money. A refund goes back only through a trade that paid the order
// refunded. Settled payments leave the checkpoint after a week, and orders are refunded later than
// that, so this is history like the order book: rebuilt from the whole journal at every start (the
// fold keeps it after), never checkpointed.
import type { Payment } from '@pos/shared';
import type { JournalRecord } from './state';

interface Trade {
  paymentId: string;
  /** The payment's order (a top-up's: its `top-up:` id, which no order has). */
  orderId: string;
  /** The payment was paid under this trade: it took the money. */
  paid: boolean;
}

export class TradeBook {
  private readonly trades = new Map<string, Trade>();

  /** A payment saved (made, or moved on by the provider's answer): its trades, the paid one marked. */
  notePayment(payment: Payment): void {
    for (const outTradeNo of [...(payment.earlierTradeNos ?? []), payment.outTradeNo]) {
      const known = this.trades.get(outTradeNo);
      this.trades.set(outTradeNo, {
        paymentId: payment.id,
        orderId: payment.orderId,
        // Money taken stays taken, whatever a later record of the trade says.
        paid:
          (known?.paid ?? false) ||
          (payment.status === 'paid' && outTradeNo === payment.outTradeNo),
      });
    }
  }

  /** Whether `outTradeNo` took the money of a payment of order `orderId`. */
  paidOrder(outTradeNo: string, orderId: string): boolean {
    const trade = this.trades.get(outTradeNo);
    return trade !== undefined && trade.paid && trade.orderId === orderId;
  }
}

/** Indexes an entry the checkpoint covers (not folded again at start) as its fold did. */
export function noteCoveredRecord(book: TradeBook, record: JournalRecord): void {
  if (record.event.kind === 'payment.saved') book.notePayment(record.event.payment);
}
