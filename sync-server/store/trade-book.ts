// The trades the server's payments placed at the provider (out_trade_no), by number: whose payment
// each is and whether it took the money. A refund goes back only through a trade that paid the order
// refunded. With them, the WeChat payments devices' top-ups were credited under: a payment tops up
// once. Settled payments leave the checkpoint after a week, and orders are refunded later than that,
// so this is history like the order book: rebuilt from the whole journal at every start (the fold
// keeps it after), never checkpointed.
import type { Payment, TopUp } from '@pos/shared';
import type { JournalRecord } from './state';

interface Trade {
  paymentId: string;
  /** The payment's order (a top-up's: its `top-up:` id, which no order has). */
  orderId: string;
  orderNo: string;
  topUp: boolean;
  /** The payment was paid under this trade: it took the money. */
  paid: boolean;
}

export class TradeBook {
  private readonly trades = new Map<string, Trade>();
  /** A device's WeChat top-up's payment reference -> the top-up credited under it. */
  private readonly topUpReferences = new Map<string, string>();

  /** A payment saved (made, or moved on by the provider's answer): its trades, the paid one marked. */
  notePayment(payment: Payment): void {
    for (const outTradeNo of [...(payment.earlierTradeNos ?? []), payment.outTradeNo]) {
      const known = this.trades.get(outTradeNo);
      this.trades.set(outTradeNo, {
        paymentId: payment.id,
        orderId: payment.orderId,
        orderNo: payment.orderNo,
        topUp: payment.topUp !== undefined,
        // Money taken stays taken, whatever a later record of the trade says.
        paid:
          (known?.paid ?? false) ||
          (payment.status === 'paid' && outTradeNo === payment.outTradeNo),
      });
    }
  }

  /** A device's top-up credited (by WeChat: its payment is used). */
  noteTopUp(topUp: TopUp): void {
    if (topUp.payment.method === 'wechat')
      this.topUpReferences.set(topUp.payment.reference, topUp.id);
  }

  /** Whether `outTradeNo` took the money of a payment of order `orderId`. */
  paidOrder(outTradeNo: string, orderId: string): boolean {
    const trade = this.trades.get(outTradeNo);
    return trade !== undefined && trade.paid && trade.orderId === orderId;
  }

  /** What already used a WeChat payment's reference, in words; undefined when nothing did. */
  referenceUse(reference: string): string | undefined {
    const trade = this.trades.get(reference);
    if (trade)
      return `the trade of the server's payment ${trade.paymentId} (${trade.topUp ? 'a top-up by its QR' : `order ${trade.orderNo}`})`;
    const topUp = this.topUpReferences.get(reference);
    return topUp === undefined ? undefined : `already credited by top-up ${topUp}`;
  }
}

/** Indexes an entry the checkpoint covers (not folded again at start) as its fold did. */
export function noteCoveredRecord(book: TradeBook, record: JournalRecord): void {
  const { event } = record;
  if (event.kind === 'payment.saved') book.notePayment(event.payment);
  if (
    event.kind === 'op' &&
    event.op.type === 'member.topped_up' &&
    record.outcome?.status === 'applied'
  )
    book.noteTopUp(event.op.payload);
}
