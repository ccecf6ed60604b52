// The payment simulator: the default provider when no WeChat Pay merchant is configured (and the
// demo's). Its pay QR opens a page the server serves, where a person or a test confirms or
// declines. It goes through the same interface, state machine and polling as WeChat Pay.
import { randomBytes } from 'node:crypto';
import type { JsapiParams, ProviderObservation, RefundObservation } from '@pos/shared';
import {
  ProviderRefusedError,
  type PaymentProvider,
  type ProviderOrder,
  type ProviderRefund,
} from './provider';

interface SimulatedTrade {
  order: ProviderOrder;
  state: 'NOTPAY' | 'SUCCESS' | 'PAYERROR' | 'CLOSED';
  /** What the customer's bank took, when paid (the order's amount unless a test says another). */
  paidAmount: number | null;
  transactionId: string | null;
  paidAt: number | null;
  reason: string | null;
}

interface SimulatedRefund {
  providerRefundId: string;
  outTradeNo: string;
  amount: number;
  at: number;
}

export class SimulatorProvider implements PaymentProvider {
  readonly name = 'simulator' as const;
  private readonly trades = new Map<string, SimulatedTrade>();
  private readonly refunds = new Map<string, SimulatedRefund>();

  constructor(private readonly now: () => number) {}

  async createNative(order: ProviderOrder): Promise<{ codeUrl: null }> {
    this.open(order);
    return { codeUrl: null };
  }

  async createJsapi(order: ProviderOrder): Promise<JsapiParams> {
    this.open(order);
    // Nothing to sign: the customer page confirms through the simulator's own endpoint.
    return {
      timeStamp: String(Math.floor(this.now() / 1000)),
      nonceStr: randomBytes(8).toString('hex'),
      package: `prepay_id=sim_${order.outTradeNo}`,
      signType: 'RSA',
      paySign: 'simulator',
    };
  }

  async query(outTradeNo: string): Promise<ProviderObservation> {
    const trade = this.trades.get(outTradeNo);
    if (!trade) return { kind: 'closed' };
    switch (trade.state) {
      case 'SUCCESS':
        return {
          kind: 'paid',
          transactionId: trade.transactionId!,
          paidAt: trade.paidAt!,
          amount: trade.paidAmount ?? trade.order.amount,
        };
      case 'PAYERROR':
        return { kind: 'declined', reason: trade.reason ?? 'declined in the simulator' };
      case 'CLOSED':
        return { kind: 'closed' };
      case 'NOTPAY':
        return { kind: 'waiting' };
    }
  }

  async close(outTradeNo: string): Promise<void> {
    const trade = this.trades.get(outTradeNo);
    if (trade?.state === 'SUCCESS') throw new ProviderRefusedError('ORDERPAID', 'already paid');
    if (trade) trade.state = 'CLOSED';
  }

  async refund(refund: ProviderRefund): Promise<RefundObservation> {
    const done = this.refunds.get(refund.outRefundNo);
    if (done) return this.refundObservation(done);
    const trade = this.trades.get(refund.outTradeNo);
    // The simulator keeps its trades in memory: after a restart it takes the server's word that
    // the payment was made (the server only refunds payments it recorded as paid).
    if (trade && trade.state !== 'SUCCESS')
      throw new ProviderRefusedError('TRADE_NOT_PAID', `${refund.outTradeNo} was not paid`);
    const refunded = [...this.refunds.values()]
      .filter((earlier) => earlier.outTradeNo === refund.outTradeNo)
      .reduce((sum, earlier) => sum + earlier.amount, 0);
    if (refunded + refund.amount > refund.total)
      throw new ProviderRefusedError(
        'INVALID_REQUEST',
        `refunds of ${refund.outTradeNo} would exceed what it took`,
      );
    const made: SimulatedRefund = {
      providerRefundId: `simrefund${this.refunds.size + 1}`,
      outTradeNo: refund.outTradeNo,
      amount: refund.amount,
      at: this.now(),
    };
    this.refunds.set(refund.outRefundNo, made);
    return this.refundObservation(made);
  }

  async queryRefund(outRefundNo: string): Promise<RefundObservation> {
    const done = this.refunds.get(outRefundNo);
    if (!done) throw new ProviderRefusedError('RESOURCE_NOT_EXISTS', `no refund ${outRefundNo}`);
    return this.refundObservation(done);
  }

  private refundObservation(refund: SimulatedRefund): RefundObservation {
    return { kind: 'succeeded', providerRefundId: refund.providerRefundId, at: refund.at };
  }

  /** The person at the simulator page pays (a test: their bank reporting `amount` taken). */
  confirm(outTradeNo: string, amount?: number): void {
    const trade = this.unpaid(outTradeNo);
    trade.state = 'SUCCESS';
    trade.paidAmount = amount ?? trade.order.amount;
    trade.paidAt = this.now();
    trade.transactionId = `sim${outTradeNo}`;
  }

  /** The person at the simulator page declines (or their "bank" does). */
  decline(outTradeNo: string, reason = 'declined in the payment simulator'): void {
    const trade = this.unpaid(outTradeNo);
    trade.state = 'PAYERROR';
    trade.reason = reason;
  }

  /** How many refunds were made: a retried refund must not make a second one. */
  get refundCount(): number {
    return this.refunds.size;
  }

  private open(order: ProviderOrder): void {
    if (!this.trades.has(order.outTradeNo))
      this.trades.set(order.outTradeNo, {
        order,
        state: 'NOTPAY',
        paidAmount: null,
        transactionId: null,
        paidAt: null,
        reason: null,
      });
  }

  private unpaid(outTradeNo: string): SimulatedTrade {
    const trade = this.trades.get(outTradeNo);
    if (!trade)
      throw new ProviderRefusedError('ORDER_NOT_EXIST', `no simulated order ${outTradeNo}`);
    if (trade.state !== 'NOTPAY')
      throw new ProviderRefusedError(
        'ORDER_SETTLED',
        `order ${outTradeNo} is already ${trade.state.toLowerCase()}`,
      );
    return trade;
  }
}
