// Refunds through the payment provider: every refund the store records (apply-payment-refund.ts)
// is sent with its own out_refund_no, sent again after any doubt (no answer, an unsigned one, a
// restart), and followed until the provider says it succeeded or failed. Each change is a store
// event, so the order's devices and the manager see where the money is.
import type { Logger } from 'pino';
import {
  isRefundSettled,
  observeRefund,
  retryRefund,
  type PaymentRefund,
  type RefundObservation,
} from '@pos/shared';
import type { Store } from '../store/store';
import { PaymentError } from './payment-errors';
import { PaymentPoller } from './payment-poller';
import { ProviderRefusedError, ProviderUnreachableError, type PaymentProvider } from './provider';

/** Provider answers that mean "not now" rather than "no": the refund is sent again later. */
const TRY_AGAIN = new Set(['FREQUENCY_LIMITED', 'SYSTEM_ERROR']);

export interface RefundServiceOptions {
  store: Store;
  provider: PaymentProvider;
  logger: Logger;
  now: () => number;
  /** How often a refund the provider is paying out is asked about, and retried while unreachable. */
  pollMs?: number;
  retryMs?: number;
}

export class RefundService {
  private readonly store: Store;
  private readonly provider: PaymentProvider;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly poller: PaymentPoller;
  /** Refunds handed to the poller and not yet settled. */
  private readonly followed = new Set<string>();
  private readonly busy = new Map<string, Promise<PaymentRefund>>();
  private readonly unsubscribe: () => void;

  constructor(options: RefundServiceOptions) {
    ({ store: this.store, provider: this.provider, logger: this.logger, now: this.now } = options);
    this.poller = new PaymentPoller({
      check: async (id) => {
        const after = await this.refresh(id);
        const open = !isRefundSettled(after);
        if (!open) this.followed.delete(id);
        return { open, reachable: after.status !== 'pending_verification' };
      },
      pollMs: options.pollMs ?? 30_000,
      retryMs: options.retryMs ?? 15_000,
      onError: (id, error) => this.logger.warn({ err: error, refund: id }, 'refund check failed'),
    });
    // After a restart: whatever was not settled is sent (again) or asked about.
    for (const refund of this.all()) if (!isRefundSettled(refund)) this.follow(refund.outRefundNo);
    // New refunds arrive with their order (a device's refund or void, folded by the store).
    this.unsubscribe = this.store.onChanges((changes) => {
      for (const change of changes)
        if (change.kind === 'order')
          for (const summary of change.order.paymentRefunds ?? [])
            if (!isRefundSettled(summary)) this.follow(summary.outRefundNo);
    });
  }

  all(): PaymentRefund[] {
    return Object.values(this.store.state.paymentRefunds);
  }

  get(outRefundNo: string): PaymentRefund | undefined {
    // Own entries only: a number from a URL such as "constructor" must not find a built-in.
    const refunds = this.store.state.paymentRefunds;
    return Object.hasOwn(refunds, outRefundNo) ? refunds[outRefundNo] : undefined;
  }

  /** Sends it, or asks about it, now and records what changed. */
  refresh(outRefundNo: string): Promise<PaymentRefund> {
    return this.serially(outRefundNo, (refund) => this.observe(refund));
  }

  /** A manager sends a failed refund again (the same out_refund_no). */
  async retry(outRefundNo: string): Promise<PaymentRefund> {
    const refund = this.require(outRefundNo);
    const again = retryRefund(refund, this.now());
    if (!again.ok) throw new PaymentError(409, again.error.code, again.error.message);
    await this.store.commit({ kind: 'payment.refund_saved', refund: again.value });
    this.logger.info({ refund: outRefundNo }, 'refund sent again by a manager');
    this.follow(outRefundNo);
    return this.refresh(outRefundNo);
  }

  stop(): void {
    this.unsubscribe();
    this.poller.stop();
  }

  private follow(outRefundNo: string): void {
    if (this.followed.has(outRefundNo)) return;
    this.followed.add(outRefundNo);
    this.poller.watch(outRefundNo, 0);
  }

  private require(outRefundNo: string): PaymentRefund {
    const refund = this.get(outRefundNo);
    if (!refund) throw new PaymentError(404, 'refund_unknown', `no refund ${outRefundNo}`);
    return refund;
  }

  private async observe(refund: PaymentRefund): Promise<RefundObservation> {
    if (refund.provider !== null && refund.provider !== this.provider.name)
      return {
        kind: 'failed',
        providerRefundId: null,
        reason: `paid through ${refund.provider}, but this server now uses ${this.provider.name}: refund by hand`,
      };
    try {
      // Not yet taken by the provider (or unknown whether it was): send it; the same number
      // makes a repeat the same refund. Taken: ask how it stands.
      if (refund.providerRefundId === null)
        return await this.provider.refund({
          outTradeNo: refund.outTradeNo,
          outRefundNo: refund.outRefundNo,
          amount: refund.amount,
          total: refund.total,
          reason: refund.reason,
        });
      return await this.provider.queryRefund(refund.outRefundNo);
    } catch (error) {
      if (error instanceof ProviderUnreachableError)
        return { kind: 'unreachable', detail: error.message };
      if (error instanceof ProviderRefusedError) {
        if (TRY_AGAIN.has(error.code))
          return { kind: 'unreachable', detail: `${error.code}: ${error.message}` };
        return {
          kind: 'failed',
          providerRefundId: null,
          reason: `${this.provider.name === 'wechatpay' ? 'WeChat Pay' : 'the payment simulator'} refused the refund: ${error.code} ${error.message}`,
        };
      }
      throw error;
    }
  }

  private serially(
    outRefundNo: string,
    observe: (refund: PaymentRefund) => Promise<RefundObservation>,
  ): Promise<PaymentRefund> {
    const previous = this.busy.get(outRefundNo) ?? Promise.resolve(this.require(outRefundNo));
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const refund = this.require(outRefundNo);
        if (isRefundSettled(refund)) return refund;
        const after = observeRefund(refund, await observe(refund), this.now());
        if (
          after.status === refund.status &&
          after.problem === refund.problem &&
          after.providerRefundId === refund.providerRefundId
        )
          return after;
        await this.store.commit({ kind: 'payment.refund_saved', refund: after });
        this.logger.info(
          {
            refund: outRefundNo,
            order: after.orderNo,
            status: after.status,
            problem: after.problem,
          },
          'refund changed',
        );
        return this.require(outRefundNo);
      });
    this.busy.set(outRefundNo, next);
    void next
      .finally(() => {
        if (this.busy.get(outRefundNo) === next) this.busy.delete(outRefundNo);
      })
      .catch(() => undefined);
    return next;
  }
}
