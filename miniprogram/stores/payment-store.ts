// WeChat Pay by QR: at the checkout the cart becomes an order left open for payment (saved and
// queued like any sale; qr-sale-order.ts), the server shows its pay QR once the order has synced;
// a stored-value top-up asks the server for its QR at once. The store follows the payment until the
// server says paid, declined, expired or closed. Paid is the server's word, recorded by the server
// (the order paid, the balance credited) and synced back: never the device's guess. A QR given
// up on (cancel, the screen left) is closed on the server, even one whose request was still on its
// way.
import { makeAutoObservable } from 'mobx-miniprogram';
import {
  isPaymentSettled,
  ruleError,
  type Checked,
  type Order,
  type PaymentView,
  type Tender,
} from '@pos/shared';
import type { TimerHandle } from '../adapters/clock';
import { LeftPayQrs } from '../core/left-pay-qrs';
import {
  paymentStatus,
  qrImageUrl,
  requestPayQr,
  requestTopUpQr,
  type DeviceServer,
  type PaymentsWx,
} from '../core/payments';
import { closePayQr, type QrCloseDeps } from '../core/qr-close';
import type { OrdersStore } from './orders-store';
import { isLivePhase, type PaymentPhase } from './payment-phase';
import { placeQrSaleOrder, qrSaleSyncWait, type QrSaleDeps } from './qr-sale-order';

export interface PaymentDeps extends QrSaleDeps {
  wx: PaymentsWx;
  orders: OrdersStore;
  /** How often the status is asked while a QR is shown, and how long to wait for the order to sync. */
  pollMs?: number;
  syncWaitMs?: number;
}

/** Plumbing, not state a screen shows. */
type NotObserved = 'deps' | 'timer' | 'qrServer' | 'attempt' | 'family' | 'left';

export class PaymentStore {
  phase: PaymentPhase = 'idle';
  /** The order being paid (open until the server records the payment). */
  order: Order | null = null;
  /**
   * The order was rung up from the cart for this QR (payCartByQr), not a customer's counter order:
   * given up unpaid, nobody will come to the counter for it.
   */
  rungUpForQr = false;
  /** The stored-value top-up being paid, instead of an order. */
  topUp: { memberId: string; amount: number } | null = null;
  payment: PaymentView | null = null;
  qrUrl = '';
  error: { code: string; message: string } | null = null;
  private timer: TimerHandle | null = null;
  /** The server that made the QR followed here: it is closed there even if the till is un-paired. */
  private qrServer: DeviceServer | null = null;
  /**
   * Moves on whenever the cashier starts, gives up or lets go: a server's answer to an earlier
   * attempt is then late, and must not bring its QR back on screen.
   */
  private attempt = 0;
  /** The QRs leave() let go of: payment taken again for one of their orders takes it back first. */
  private readonly left = new LeftPayQrs();

  /** `family`: the stores another() made and not yet disposed, shared by all of them. */
  constructor(
    private readonly deps: PaymentDeps,
    private readonly family: Set<PaymentStore> = new Set(),
  ) {
    makeAutoObservable<PaymentStore, NotObserved>(
      this,
      { deps: false, timer: false, qrServer: false, attempt: false, family: false, left: false },
      { autoBind: true },
    );
  }

  /**
   * Another payment store on the same client, for a QR beside the checkout's: a stored-value
   * top-up never shows up on, or cancels, the checkout's payment. The caller disposes of it.
   */
  another(): PaymentStore {
    const store = new PaymentStore(this.deps, this.family);
    this.family.add(store);
    return store;
  }

  /**
   * The other stores made by another() still in use: a QR up on one of them must close too when
   * nobody is left at the till (the kiosk's staff timeout).
   */
  others(): PaymentStore[] {
    return [...this.family].filter((store) => store !== this);
  }

  get paid(): boolean {
    return this.payment?.status === 'paid';
  }

  /** A QR here the customer may still pay (live, or left and not known closed): keep its order. */
  mayStillBePaid(): boolean {
    return isLivePhase(this.phase) || this.left.anyPayable(this.deps.clock.now());
  }

  /**
   * Starts a WeChat payment for what is still due on the cart after `otherTenders` (cash taken
   * at the till). The order is saved open, as a kiosk order sent to the counter is.
   */
  payCartByQr(otherTenders: Tender[]): Checked<Order> {
    const placed = placeQrSaleOrder(this.deps, otherTenders);
    if (!placed.ok) return placed;
    this.begin(placed.value, otherTenders);
    this.rungUpForQr = true;
    return placed;
  }

  /** A QR for an order already open (a kiosk order, or a payment to try again). */
  payOpenOrderByQr(order: Order, otherTenders: Tender[] = []): void {
    this.begin(order, otherTenders);
  }

  /**
   * Starts a WeChat payment for a stored-value top-up of `memberId` (the server must know the
   * member). The server credits the balance once paid; nothing is recorded on this device.
   */
  topUpByQr(memberId: string, amount: number): Checked<null> {
    if (isLivePhase(this.phase))
      return ruleError('payment_busy', 'a pay QR is already on the screen: finish or cancel it');
    if (!this.deps.session.staff) return ruleError('not_signed_in', 'sign in with your PIN first');
    this.reset();
    this.topUp = { memberId, amount };
    const cashierId = this.deps.session.staff.id;
    void this.request((wx, server) => requestTopUpQr(wx, server, { memberId, amount, cashierId }));
    return { ok: true, value: null };
  }

  /**
   * The cashier gives up on the QR (the customer pays another way): the order stays open. Until
   * the server confirms the close (`closing`), the customer may still pay it, so no cash is taken
   * for it meanwhile; paid meanwhile, it shows as paid. A QR still being asked for is closed once
   * the server's answer comes.
   */
  async cancel(): Promise<void> {
    const attempt = ++this.attempt;
    this.stopTimer();
    const server = this.qrServer;
    const payment = this.payment;
    if (payment && server && !isPaymentSettled(payment)) {
      this.phase = 'closing';
      const last = await closePayQr(this.closeDeps(), server, payment, {
        untilSettled: true,
        stillWanted: () => attempt === this.attempt,
      });
      // Started again meanwhile: the new QR is not this close's to overwrite.
      if (attempt !== this.attempt) return;
      this.payment = last;
    }
    this.phase = this.payment && isPaymentSettled(this.payment) ? 'settled' : 'idle';
  }

  /**
   * The screen showing the QR is gone (the cashier left the checkout, nobody is left at the
   * kiosk): the store is let go for the next one at once, and a QR nobody watches is closed on the
   * server as on cancel, asked again until the server has it, so nobody pays a sale given up on.
   * The order stays open, as on cancel (its QR remembered until known unpaid: takeBack). With
   * `orderId`, only when the store is still paying that order: another screen's QR is not closed.
   */
  async leave(orderId?: string): Promise<void> {
    if (orderId !== undefined && this.order?.id !== orderId) return;
    const { payment, order, topUp, qrServer: server } = this;
    this.reset();
    if (!payment || !server) return;
    if (order) this.left.note(order.id, { view: payment, server });
    const last = await this.closeLate(payment, server, { order, topUp });
    if (order) this.left.update(order.id, payment, last);
  }

  /**
   * Payment is taken again for an order whose QR leave() let go of before the server said nobody
   * paid it: that QR is this store's again, as after 取消 (`closing` until the server says how it
   * ended), so no other payment is taken while the customer may still pay it, and paid meanwhile
   * it shows paid. Nothing changes when there is nothing to take back, or a QR is live here.
   */
  takeBack(order: Order): void {
    if (isLivePhase(this.phase)) return;
    const left = this.left.take(order.id);
    if (!left) return;
    this.reset();
    this.order = order;
    this.payment = left.view;
    this.qrServer = left.server;
    void this.cancel();
  }

  reset(): void {
    this.attempt++;
    this.stopTimer();
    this.phase = 'idle';
    this.order = null;
    this.rungUpForQr = false;
    this.topUp = null;
    this.payment = null;
    this.qrServer = null;
    this.qrUrl = '';
    this.error = null;
  }

  dispose(): void {
    this.attempt++;
    this.stopTimer();
    this.family.delete(this);
  }

  private begin(order: Order, otherTenders: Tender[]): void {
    this.reset();
    this.order = order;
    this.phase = 'syncing';
    const askedAt = this.deps.clock.now();
    const waitForSync = () => {
      const { orders, clock, syncWaitMs } = this.deps;
      const wait = qrSaleSyncWait(orders.find(order.id), askedAt, clock.now(), syncWaitMs);
      if (wait === 'synced')
        return void this.request((wx, server) =>
          requestPayQr(wx, server, {
            orderId: order.id,
            otherTenders,
            cashTakenAt: askedAt, // a split's cash is in hand as its QR is asked for
            cashierId: this.deps.session.staff?.id ?? null,
          }),
        );
      if (wait !== 'waiting') return this.fail(wait);
      this.timer = this.deps.clock.setTimeout(waitForSync, 100);
    };
    waitForSync();
  }

  private async request(
    make: (wx: PaymentsWx, server: DeviceServer) => Promise<Checked<PaymentView>>,
  ): Promise<void> {
    const identity = this.deps.ledger.identity;
    if (!identity)
      return this.fail(
        ruleError('not_paired', "pair this device with the store's server first").error,
      );
    const server: DeviceServer = { serverAddress: identity.serverAddress, token: identity.token };
    this.phase = 'requesting';
    const attempt = this.attempt;
    const { order, topUp } = this;
    const made = await make(this.deps.wx, server);
    if (attempt !== this.attempt) {
      if (made.ok) void this.closeLate(made.value, server, { order, topUp });
      return;
    }
    if (!made.ok) return this.fail(made.error);
    this.qrUrl = qrImageUrl(server, made.value);
    this.setPayment(made.value, server);
    this.poll();
  }

  /**
   * A QR nobody watches (made after the cashier gave up on it, or left): closed, so that it is
   * never payable, and not shown. Paid already (an earlier QR of the order was), that is the
   * outcome of the order the cashier cancelled, still on this store: it is shown, so no cash is
   * taken twice. Resolves with what the server last said of it.
   */
  private async closeLate(
    view: PaymentView,
    server: DeviceServer,
    paying: { order: Order | null; topUp: PaymentStore['topUp'] },
  ): Promise<PaymentView> {
    const last = await closePayQr(this.closeDeps(), server, view, { untilSettled: false });
    const stillCancelled =
      this.phase === 'idle' &&
      this.payment === null &&
      this.order === paying.order &&
      this.topUp === paying.topUp;
    if (last.status === 'paid' && stillCancelled) this.setPayment(last, server);
    return last;
  }

  private closeDeps(): QrCloseDeps {
    return { wx: this.deps.wx, clock: this.deps.clock, pollMs: this.deps.pollMs ?? 1000 };
  }

  private poll(): void {
    const attempt = this.attempt;
    this.timer = this.deps.clock.setTimeout(async () => {
      this.timer = null;
      const server = this.qrServer;
      if (!server || !this.payment) return;
      const status = await paymentStatus(this.deps.wx, server, this.payment.id);
      // Given up on while the question was out: its answer must not show the QR again.
      if (attempt !== this.attempt) return;
      // No answer: keep asking; the server keeps following the payment meanwhile.
      if (status.ok) this.setPayment(status.value, server);
      if (this.phase === 'showing') this.poll();
    }, this.deps.pollMs ?? 1000);
  }

  private setPayment(view: PaymentView, server: DeviceServer): void {
    this.payment = view;
    this.qrServer = server;
    this.phase = isPaymentSettled(view) ? 'settled' : 'showing';
  }

  private fail(error: { code: string; message: string }): void {
    this.stopTimer();
    this.error = error;
    this.phase = 'failed';
  }

  private stopTimer(): void {
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
