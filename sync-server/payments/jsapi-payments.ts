// Paying inside the mini-program (JSAPI): each request closes the payment's live trade and places
// one of its own (WeChat Pay keeps one trade type and payer per out_trade_no), all in the payment's
// turn, so that a close asked meanwhile (the till's 取消, another split, a second phone) reaches a
// trade WeChat Pay has placed: closing a number it does not know yet "succeeds" (204), and the
// customer could then pay a payment the server holds closed.
import { jsapiTradeNo, type JsapiParams, type Payment } from '@pos/shared';
import { PaymentError } from './payment-errors';
import { PaymentTracker } from './payment-tracker';
import { ProviderUnreachableError } from './provider';

export class JsapiPayments extends PaymentTracker {
  /**
   * JSAPI parameters for a customer paying inside the mini-program (WeChat Pay only). WeChat Pay
   * takes one trade type per out_trade_no (a JSAPI order under the Native order's number is
   * refused, OUT_TRADE_NO_USED), and a prepay is made for one payer: so each time, the live trade
   * is closed first (paid meanwhile: nothing new is made) and a new one opened with its own number,
   * recorded before it is placed so that whatever is paid is followed.
   */
  jsapi(id: string, openid: string): Promise<JsapiParams> {
    return this.exclusive(id, async () => {
      const trade = await this.nextJsapiTrade(this.require(id));
      let params: JsapiParams;
      try {
        params = await this.provider.createJsapi(
          {
            outTradeNo: trade.outTradeNo,
            amount: trade.amount,
            description: this.descriptionOf(trade),
            expiresAt: trade.expiresAt,
          },
          openid,
        );
      } catch (error) {
        throw this.providerFailure(error, 'prepare the payment');
      }
      // Nothing else about the payment ran meanwhile, but its order may have been settled at the
      // counter while WeChat Pay placed the trade: closed now, never handed to the customer.
      const now = this.require(id);
      const settled = this.orderSettled(now);
      if (now.status !== 'pending' || now.closeAskedAt !== undefined || settled) {
        await this.record(now, await this.closeAtProvider(now));
        throw new PaymentError(
          409,
          'not_pending',
          settled
            ? 'this payment is closed: its order was settled'
            : `this payment is ${now.status}`,
        );
      }
      return params;
    });
  }

  /** What the customer's WeChat shows: the store and the order number, or a top-up. */
  protected descriptionOf(payment: Pick<Payment, 'topUp' | 'orderNo'>): string {
    const what = payment.topUp ? '会员储值充值' : payment.orderNo;
    return `${this.store.settings.storeName} ${what}`.slice(0, 127);
  }

  /** Closes the live trade and records the next mini-program trade, before it is placed. */
  private async nextJsapiTrade(payment: Payment): Promise<Payment> {
    if (payment.status !== 'pending')
      throw new PaymentError(409, 'not_pending', `this payment is ${payment.status}`);
    if (payment.closeAskedAt !== undefined)
      throw new PaymentError(409, 'not_pending', 'the till gave up on this payment');
    const closed = await this.closeAtProvider(payment);
    if (closed.kind !== 'closed') {
      const after = await this.record(payment, closed);
      if (after.status === 'pending_verification')
        throw this.providerFailure(
          new ProviderUnreachableError(after.problem ?? 'no answer'),
          'prepare the payment',
        );
      throw new PaymentError(409, 'not_pending', `this payment is ${after.status}`);
    }
    // Settled at the counter since the last poll: closed now, never a second charge.
    if (this.orderSettled(payment)) {
      await this.record(payment, closed);
      throw new PaymentError(409, 'not_pending', 'this payment is closed: its order was settled');
    }
    const earlierTradeNos = [...(payment.earlierTradeNos ?? []), payment.outTradeNo];
    if (earlierTradeNos.length > 20)
      throw new PaymentError(429, 'too_many_attempts', 'too many attempts: ask at the counter');
    const next: Payment = {
      ...payment,
      outTradeNo: jsapiTradeNo(payment),
      earlierTradeNos,
      updatedAt: this.now(),
    };
    // Recorded before it is placed: a trade the customer may pay is never one the server forgot.
    await this.store.commit({ kind: 'payment.saved', payment: next });
    return next;
  }
}
