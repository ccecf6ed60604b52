// Payments by QR for the store's orders: makes the provider order and the signed pay QR, follows
// each payment through the state machine (shared/payment.ts) by polling, and records every change
// as a server-made store event, so a paid order reaches every device through sync.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import {
  checkTenders,
  isPaymentSettled,
  observePayment,
  outTradeNoFor,
  qrRef,
  type JsapiParams,
  type Payment,
  type ProviderObservation,
  type Tender,
} from '@pos/shared';
import type { Store } from '../store/store';
import type { QrCodes } from '../qr/qr-codes';
import { PaymentError } from './payment-errors';
import { PaymentPoller } from './payment-poller';
import {
  ProviderRefusedError,
  ProviderUnreachableError,
  type PaymentProvider,
  type ProviderOrder,
} from './provider';

export interface PaymentServiceOptions {
  store: Store;
  provider: PaymentProvider;
  qr: QrCodes;
  logger: Logger;
  now: () => number;
  /** How long a pay QR works. */
  ttlMs?: number;
  /** How often an open payment is asked about, and how often while the provider is unreachable. */
  pollMs?: number;
  retryMs?: number;
}

export interface StartPayment {
  orderId: string;
  otherTenders: Tender[];
  deviceId: string;
  cashierId: string | null;
}

export class PaymentService {
  readonly provider: PaymentProvider;
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly poller: PaymentPoller;
  /** One check at a time per payment: a poll and a notification never race. */
  private readonly busy = new Map<string, Promise<Payment>>();

  constructor(private readonly options: PaymentServiceOptions) {
    ({ store: this.store, provider: this.provider, logger: this.logger, now: this.now } = options);
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
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
    return this.store.state.payments[id];
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

  /**
   * Starts a payment for an open order: the amount is the server's order total less the other
   * tenders of a split, never anything a QR or a customer says. An open payment for the same
   * order and amount is shown again rather than made twice.
   */
  async start(request: StartPayment): Promise<Payment> {
    const order = this.store.order(request.orderId);
    if (!order)
      throw new PaymentError(
        404,
        'order_unknown',
        `order ${request.orderId} has not reached the server yet: wait for it to sync`,
      );
    if (order.status !== 'open')
      throw new PaymentError(
        409,
        'not_open',
        `order ${order.orderNo} is ${order.status}, not waiting for payment`,
      );
    if (request.otherTenders.some((tender) => tender.method !== 'cash'))
      throw new PaymentError(400, 'tender_invalid', 'only cash may be split with a WeChat payment');
    const paidElsewhere = request.otherTenders.reduce((sum, tender) => sum + tender.amount, 0);
    const amount = order.total - paidElsewhere;
    const wechat: Tender = { method: 'wechat', amount, reference: 'pending' };
    const checked = checkTenders(order.total, [...request.otherTenders, wechat]);
    if (!checked.ok) throw new PaymentError(400, checked.error.code, checked.error.message);

    const open = this.openFor(order.id);
    if (
      open &&
      open.amount === amount &&
      open.status === 'pending' &&
      open.expiresAt > this.now() + 30_000
    ) {
      this.poller.poke(open.id);
      return open;
    }
    if (open) await this.close(open.id);

    const attempt = this.all().filter((payment) => payment.orderId === order.id).length + 1;
    const now = this.now();
    const id = qrRef(randomBytes(8));
    const issued = this.options.qr.issue('pay-order', id, this.ttlMs);
    const providerOrder: ProviderOrder = {
      outTradeNo: outTradeNoFor(order, attempt),
      amount,
      description: `${this.store.settings.storeName} ${order.orderNo}`.slice(0, 127),
      expiresAt: issued.payload.expiresAt,
    };
    let codeUrl: string | null;
    try {
      ({ codeUrl } = await this.provider.createNative(providerOrder));
    } catch (error) {
      throw this.providerFailure(error, 'make the payment');
    }
    const payment: Payment = {
      id,
      orderId: order.id,
      orderNo: order.orderNo,
      businessDay: order.businessDay,
      deviceId: request.deviceId,
      cashierId: request.cashierId,
      provider: this.provider.name,
      outTradeNo: providerOrder.outTradeNo,
      amount,
      otherTenders: request.otherTenders,
      status: 'pending',
      createdAt: now,
      expiresAt: issued.payload.expiresAt,
      updatedAt: now,
      nonce: issued.payload.nonce,
      codeUrl,
      transactionId: null,
      paidAt: null,
      problem: null,
      lastCheckedAt: null,
    };
    await this.store.commit({ kind: 'payment.saved', payment });
    this.logger.info(
      { payment: id, order: order.orderNo, amount, provider: this.provider.name },
      'payment started',
    );
    this.poller.watch(id);
    return payment;
  }

  /** JSAPI parameters for a customer paying inside the mini-program (WeChat Pay only). */
  async jsapi(id: string, openid: string): Promise<JsapiParams> {
    const payment = this.require(id);
    if (payment.status !== 'pending')
      throw new PaymentError(409, 'not_pending', `this payment is ${payment.status}`);
    try {
      return await this.provider.createJsapi(
        {
          outTradeNo: payment.outTradeNo,
          amount: payment.amount,
          description: `${this.store.settings.storeName} ${payment.orderNo}`.slice(0, 127),
          expiresAt: payment.expiresAt,
        },
        openid,
      );
    } catch (error) {
      throw this.providerFailure(error, 'prepare the payment');
    }
  }

  /** Asks the provider about a payment now and records what changed. */
  refresh(id: string): Promise<Payment> {
    return this.serially(id, async (payment) => {
      const order = this.store.order(payment.orderId);
      const orderDone = order !== undefined && order.status !== 'open';
      let observation = await this.observe(payment);
      if (observation.kind === 'waiting' && (this.now() >= payment.expiresAt || orderDone))
        observation = await this.closeAtProvider(payment);
      return observation;
    });
  }

  /** A verified, decrypted notification from the provider: the same path as a poll's answer. */
  notified(outTradeNo: string, observation: ProviderObservation): Promise<Payment> {
    const payment = this.byOutTradeNo(outTradeNo);
    if (!payment) throw new PaymentError(404, 'payment_unknown', `no payment ${outTradeNo}`);
    return this.serially(payment.id, async () => observation);
  }

  /** The device gave up on the QR (the customer pays another way). */
  close(id: string): Promise<Payment> {
    return this.serially(id, (payment) => this.closeAtProvider(payment));
  }

  /** Watch it closely: its QR is on a screen. */
  watch(id: string): void {
    const payment = this.get(id);
    if (payment && !isPaymentSettled(payment)) this.poller.poke(id);
  }

  stop(): void {
    this.poller.stop();
  }

  private require(id: string): Payment {
    const payment = this.get(id);
    if (!payment) throw new PaymentError(404, 'payment_unknown', `no payment ${id}`);
    return payment;
  }

  private async observe(payment: Payment): Promise<ProviderObservation> {
    try {
      return await this.provider.query(payment.outTradeNo);
    } catch (error) {
      if (error instanceof ProviderUnreachableError)
        return { kind: 'unreachable', detail: error.message };
      if (error instanceof ProviderRefusedError && error.code === 'ORDER_NOT_EXIST')
        return { kind: 'closed' };
      throw error;
    }
  }

  /** Closes an unpaid payment at the provider; one paid meanwhile is asked about again. */
  private async closeAtProvider(payment: Payment): Promise<ProviderObservation> {
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

  private serially(
    id: string,
    observe: (payment: Payment) => Promise<ProviderObservation>,
  ): Promise<Payment> {
    const previous = this.busy.get(id) ?? Promise.resolve(this.require(id));
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const payment = this.require(id);
        if (isPaymentSettled(payment)) return payment;
        const after = observePayment(payment, await observe(payment), this.now());
        if (after.status === payment.status && after.problem === payment.problem) return after;
        await this.store.commit({ kind: 'payment.saved', payment: after });
        this.logger.info(
          { payment: id, order: after.orderNo, status: after.status, problem: after.problem },
          'payment changed',
        );
        return this.require(id);
      });
    this.busy.set(id, next);
    void next
      .finally(() => {
        if (this.busy.get(id) === next) this.busy.delete(id);
      })
      .catch(() => undefined);
    return next;
  }

  private providerFailure(error: unknown, what: string): PaymentError {
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
