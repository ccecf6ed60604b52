// Follows payments by QR through the state machine (shared/payment.ts): polls the provider while
// one is open, takes its notifications (an earlier trade's too: money taken is never dropped),
// closes it, and records every change as a server-made store event (payment.saved), one step at a
// time per payment. PaymentService starts them.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import {
  isEarlierTrade,
  isPaymentSettled,
  observePayment,
  qrRef,
  secondTradePaid,
  withPaidTrade,
  type Payment,
  type ProviderObservation,
} from '@pos/shared';
import type { Store } from '../store/store';
import { PaymentError } from './payment-errors';
import { PaymentPoller } from './payment-poller';
import { ProviderRefusedError, ProviderUnreachableError, type PaymentProvider } from './provider';

export interface PaymentTrackerOptions {
  store: Store;
  provider: PaymentProvider;
  logger: Logger;
  now: () => number;
  /** How often an open payment is asked about, and how often while the provider is unreachable. */
  pollMs?: number;
  retryMs?: number;
}

export class PaymentTracker {
  readonly provider: PaymentProvider;
  protected readonly store: Store;
  protected readonly logger: Logger;
  protected readonly now: () => number;
  protected readonly poller: PaymentPoller;
  /** One step at a time per payment (a poll and a notification never race), or per order key. */
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(options: PaymentTrackerOptions) {
    ({ store: this.store, provider: this.provider, logger: this.logger, now: this.now } = options);
    this.poller = new PaymentPoller({
      check: async (id) => {
        const before = this.get(id);
        const after = await this.refresh(id);
        return {
          open: !isPaymentSettled(after),
          reachable: after.status !== 'pending_verification' || before?.status === 'paid',
        };
      },
      pollMs: options.pollMs ?? 2000,
      retryMs: options.retryMs ?? 15_000,
      onError: (id, error) => this.logger.warn({ err: error, payment: id }, 'payment check failed'),
    });
    // After a restart: whatever was still open (paid while the server was down?) is asked about.
    for (const payment of this.all())
      if (!isPaymentSettled(payment)) this.poller.watch(payment.id, 0);
  }

  all(): Payment[] {
    return Object.values(this.store.state.payments);
  }

  get(id: string): Payment | undefined {
    // Own entries only: an id from a URL such as "constructor" must not find a built-in function.
    const { payments } = this.store.state;
    return Object.hasOwn(payments, id) ? payments[id] : undefined;
  }

  byOutTradeNo(outTradeNo: string): Payment | undefined {
    return this.all().find((payment) => payment.outTradeNo === outTradeNo);
  }

  /** The order's newest payment still open (pending or pending verification), if any. */
  openFor(orderId: string): Payment | undefined {
    return this.all()
      .filter((payment) => payment.orderId === orderId && !isPaymentSettled(payment))
      .sort((a, b) => b.createdAt - a.createdAt)[0];
  }

  /** Asks the provider about a payment now and records what changed. */
  refresh(id: string): Promise<Payment> {
    return this.serially(id, async (payment) => {
      let observation = await this.observe(payment);
      if (
        observation.kind === 'waiting' &&
        (this.now() >= payment.expiresAt ||
          this.orderSettled(payment) ||
          payment.closeAskedAt !== undefined)
      )
        observation = await this.closeAtProvider(payment);
      return observation;
    });
  }

  /**
   * A verified, decrypted notification from the provider: the same path as a poll's answer, and
   * a success is heard however the server holds the payment (closed meanwhile, or under one of its
   * earlier trades): money taken is recorded on the order, or kept to refund, never dropped.
   */
  notified(outTradeNo: string, observation: ProviderObservation): Promise<Payment> {
    const payment =
      this.byOutTradeNo(outTradeNo) ?? this.all().find((p) => isEarlierTrade(p, outTradeNo));
    if (!payment) throw new PaymentError(404, 'payment_unknown', `no payment ${outTradeNo}`);
    return this.exclusive(payment.id, async () => {
      // A second trade kept meanwhile (the same notification again) is the one it is about.
      const current = this.byOutTradeNo(outTradeNo) ?? this.require(payment.id);
      if (!isEarlierTrade(current, outTradeNo)) return this.record(current, observation);
      // Anything but money taken says nothing about the live trade.
      if (observation.kind !== 'paid') return current;
      return this.earlierTradePaid(current, outTradeNo, observation);
    });
  }

  /**
   * One of the payment's earlier trades was paid (WeChat Pay placed or took it after its close).
   * Still open, the live trade is closed first, so the customer is not charged twice, and the
   * payment follows the paid trade (its order is paid by it); closed, the money is kept paid but
   * not recorded; already holding money, the trade is a record of its own, to refund.
   */
  private async earlierTradePaid(
    payment: Payment,
    outTradeNo: string,
    paid: Extract<ProviderObservation, { kind: 'paid' }>,
  ): Promise<Payment> {
    let current = payment;
    if (!isPaymentSettled(current)) {
      const live = await this.closeAtProvider(current);
      if (live.kind === 'paid') current = await this.record(current, live);
      else if (live.kind !== 'closed' && live.kind !== 'declined')
        // Being paid, or no answer: the provider sends the notification again later.
        throw this.providerFailure(
          new ProviderUnreachableError(
            live.kind === 'unreachable' ? live.detail : `its live trade is ${live.kind}`,
          ),
          `close payment ${current.id}'s live trade before following its paid trade ${outTradeNo}`,
        );
    }
    if (current.status !== 'paid' && current.status !== 'paid_not_recorded')
      return this.record(withPaidTrade(current, outTradeNo), paid, current);
    const kept = secondTradePaid(current, outTradeNo, paid, qrRef(randomBytes(8)), this.now());
    await this.store.commit({ kind: 'payment.saved', payment: kept });
    this.logger.warn(
      { payment: current.id, kept: kept.id, order: kept.orderNo, trade: outTradeNo },
      'a second trade of a payment was paid: kept to refund',
    );
    return kept;
  }

  /**
   * The device gave up on the QR (the customer pays another way). Remembered with the payment, so
   * that a close the provider did not hear is made once it answers again, even after a restart.
   */
  close(id: string): Promise<Payment> {
    return this.serially(
      id,
      (payment) => this.closeAtProvider(payment),
      (payment) => (payment.closeAskedAt ? payment : { ...payment, closeAskedAt: this.now() }),
    );
  }

  /** Watch it closely: its QR is on a screen. */
  watch(id: string): void {
    const payment = this.get(id);
    if (payment && !isPaymentSettled(payment)) this.poller.poke(id);
  }

  stop(): void {
    this.poller.stop();
  }

  /** Its order was paid, voided or refunded another way (a top-up has no order: never). */
  protected orderSettled(payment: Payment): boolean {
    const order = this.store.order(payment.orderId);
    return order !== undefined && order.status !== 'open';
  }

  protected require(id: string): Payment {
    const payment = this.get(id);
    if (!payment) throw new PaymentError(404, 'payment_unknown', `no payment ${id}`);
    return payment;
  }

  protected async observe(payment: Payment): Promise<ProviderObservation> {
    try {
      return await this.provider.query(payment.outTradeNo);
    } catch (error) {
      if (error instanceof ProviderUnreachableError)
        return { kind: 'unreachable', detail: error.message };
      if (error instanceof ProviderRefusedError && error.code === 'ORDER_NOT_EXIST')
        // A mini-program trade is recorded before it is placed: not placed (yet) is still waiting.
        return payment.earlierTradeNos?.length ? { kind: 'waiting' } : { kind: 'closed' };
      throw error;
    }
  }

  /** Closes an unpaid payment at the provider; one paid meanwhile is asked about again. */
  protected async closeAtProvider(payment: Payment): Promise<ProviderObservation> {
    try {
      await this.provider.close(payment.outTradeNo);
      return { kind: 'closed' };
    } catch (error) {
      if (error instanceof ProviderUnreachableError)
        return { kind: 'unreachable', detail: error.message };
      if (error instanceof ProviderRefusedError) return this.observe(payment);
      throw error;
    }
  }

  /**
   * Asks `observe` about a payment still open and records what changed (with what `noted` adds to
   * the payment), one at a time per payment.
   */
  private serially(
    id: string,
    observe: (payment: Payment) => Promise<ProviderObservation>,
    noted: (payment: Payment) => Payment = (payment) => payment,
  ): Promise<Payment> {
    return this.exclusive(id, async () => {
      const payment = this.require(id);
      if (isPaymentSettled(payment)) return payment;
      return this.record(noted(payment), await observe(payment), payment);
    });
  }

  /** Records `payment` after `observation`, unless nothing changed from what is `stored`. */
  protected async record(
    payment: Payment,
    observation: ProviderObservation,
    stored = payment,
  ): Promise<Payment> {
    const after = observePayment(payment, observation, this.now());
    if (
      after.status === stored.status &&
      after.problem === stored.problem &&
      after.closeAskedAt === stored.closeAskedAt
    )
      return after;
    await this.store.commit({ kind: 'payment.saved', payment: after });
    this.logger.info(
      { payment: payment.id, order: after.orderNo, status: after.status, problem: after.problem },
      'payment changed',
    );
    return this.require(payment.id);
  }

  /**
   * Runs `run` once every earlier step about this id is done: a payment's id (a poll and a
   * notification never race), or `order <id>` for PaymentService's requests about an order.
   */
  protected exclusive<T>(id: string, run: () => Promise<T>): Promise<T> {
    const previous = this.busy.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(run);
    this.busy.set(id, next);
    void next
      .finally(() => {
        if (this.busy.get(id) === next) this.busy.delete(id);
      })
      .catch(() => undefined);
    return next;
  }

  protected providerFailure(error: unknown, what: string): PaymentError {
    if (error instanceof ProviderUnreachableError)
      return new PaymentError(
        503,
        'provider_unreachable',
        `cannot reach ${this.provider.name === 'wechatpay' ? 'WeChat Pay' : 'the payment provider'} to ${what} (${error.message}): take cash, or try again`,
      );
    if (error instanceof ProviderRefusedError)
      return new PaymentError(
        502,
        'provider_refused',
        `${this.provider.name} refused to ${what}: ${error.code} ${error.message}`,
      );
    return error as PaymentError;
  }
}
