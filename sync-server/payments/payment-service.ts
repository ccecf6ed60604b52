// Payments by QR for the store's orders and members' stored-value top-ups: makes the provider
// order and the signed pay QR (the mini-program's JSAPI trades: JsapiPayments); PaymentTracker
// follows each one to paid (the fold then marks the order paid, or credits the member) and syncs it.
import { randomBytes } from 'node:crypto';
import {
  businessDayOf,
  checkTenders,
  formatFen,
  isPaymentSettled,
  outTradeNoFor,
  qrRef,
  topUpPaymentOrderId,
  topUpTradeNo,
  type Fen,
  type Order,
  type Payment,
  type PaymentTopUp,
  type Tender,
} from '@pos/shared';
import { resolveMemberId } from '../store/apply-member';
import type { QrCodes } from '../qr/qr-codes';
import { PaymentError } from './payment-errors';
import { JsapiPayments } from './jsapi-payments';
import type { PaymentTrackerOptions } from './payment-tracker';
import { ProviderUnreachableError, type ProviderOrder } from './provider';

export interface PaymentServiceOptions extends PaymentTrackerOptions {
  qr: QrCodes;
  /** How long a pay QR works. */
  ttlMs?: number;
}

export interface StartPayment {
  orderId: string;
  otherTenders: Tender[];
  /** The till's clock when it took the cash of the split (absent from older tills). */
  cashTakenAt?: number;
  deviceId: string;
  cashierId: string | null;
}

export interface StartTopUp {
  /** The member's id, or a provisional id the server has merged. */
  memberId: string;
  amount: Fen;
  deviceId: string;
  cashierId: string | null;
}

/** What a new payment is for; names that need the payment's id are made from it. */
interface NewPayment {
  orderId: string | ((id: string) => string);
  orderNo: string | ((id: string) => string);
  businessDay: string;
  deviceId: string;
  cashierId: string | null;
  amount: Fen;
  otherTenders: Tender[];
  cashTakenAt?: number;
  outTradeNo: (id: string) => string;
  topUp?: PaymentTopUp;
}

export class PaymentService extends JsapiPayments {
  private readonly ttlMs: number;

  constructor(private readonly options: PaymentServiceOptions) {
    super(options);
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
  }

  /**
   * Starts a payment for an open order: the amount is the server's order total less the other
   * tenders of a split, never anything a QR or a customer says. An open payment for the same
   * order and amount, asked for by the same device and cashier, is shown again rather than made
   * twice; any other is closed first, and one paid meanwhile is the answer (the order is paid)
   * instead of a new QR.
   */
  start(request: StartPayment): Promise<Payment> {
    // One request at a time per order: a double tap while the provider is slow to answer waits for
    // the first and gets its payment, never a second provider order under the same out_trade_no.
    return this.exclusive(`order ${request.orderId}`, () => this.startNow(request));
  }

  private async startNow(request: StartPayment): Promise<Payment> {
    let order = this.openOrder(request.orderId);
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
      // Another device's QR (the kiosk's, whose customer walked to the counter) is that device's
      // to give up on, and pays in its name: the register shows one of its own.
      open.deviceId === request.deviceId &&
      open.cashierId === request.cashierId &&
      open.status === 'pending' &&
      open.expiresAt > this.now() + 30_000 &&
      // Its Native QR is closed once the customer went on to pay inside the mini-program.
      !open.earlierTradeNos?.length
    ) {
      this.poller.poke(open.id);
      return open;
    }
    if (open) {
      const closed = await this.close(open.id);
      // Paid before the poll noticed: the order is now paid by it, never a second QR that would
      // charge the customer again. For the amount asked, that payment is the answer (shown as
      // paid, even if another device showed it). For another split, the till must hear that the
      // cash taken for it goes back.
      if (closed.status === 'paid' && closed.amount === amount) return closed;
      if (closed.status === 'paid')
        throw new PaymentError(
          409,
          'already_paid',
          `order ${order.orderNo} was already paid ${formatFen(closed.amount)} by WeChat before this split: give back the cash taken for it`,
        );
      // Not known to be closed: the customer may still pay it, so no other QR for the order yet.
      if (!isPaymentSettled(closed))
        throw this.providerFailure(
          new ProviderUnreachableError(closed.problem ?? 'no answer'),
          'close the QR shown before',
        );
      order = this.openOrder(order.id);
    }

    const attempt = this.all().filter((payment) => payment.orderId === order.id).length + 1;
    return this.create({
      orderId: order.id,
      orderNo: order.orderNo,
      businessDay: order.businessDay,
      deviceId: request.deviceId,
      cashierId: request.cashierId,
      amount,
      otherTenders: request.otherTenders,
      // Kept only with cash in the split: nothing else of it goes into a drawer.
      ...(paidElsewhere > 0 && request.cashTakenAt !== undefined
        ? { cashTakenAt: request.cashTakenAt }
        : {}),
      outTradeNo: () => outTradeNoFor(order, attempt),
    });
  }

  /** The order, as the server has it, if it is still waiting for payment. */
  private openOrder(orderId: string): Order {
    const order = this.store.order(orderId);
    if (!order)
      throw new PaymentError(
        404,
        'order_unknown',
        `order ${orderId} has not reached the server yet: wait for it to sync`,
      );
    if (order.status !== 'open')
      throw new PaymentError(
        409,
        'not_open',
        `order ${order.orderNo} is ${order.status}, not waiting for payment`,
      );
    return order;
  }

  /**
   * Starts a payment for a stored-value top-up of a member the server knows: the balance is
   * credited by the fold once the provider says paid, exactly once (a settled payment never
   * changes, however many polls and notifications repeat it).
   */
  async startTopUp(request: StartTopUp): Promise<Payment> {
    const memberId = resolveMemberId(this.store.state, request.memberId);
    if (memberId === undefined)
      throw new PaymentError(
        404,
        'member_unknown',
        `member ${request.memberId} has not reached the server yet (joined offline?): wait for the till to sync, or take cash`,
      );
    const now = this.now();
    const device = this.store.device(request.deviceId);
    const deviceCode = device?.code ?? 'S';
    const businessDay = businessDayOf(now, this.store.settings);
    return this.create({
      orderId: topUpPaymentOrderId,
      orderNo: (id) => `${deviceCode}-V${id}`,
      businessDay,
      deviceId: request.deviceId,
      cashierId: request.cashierId,
      amount: request.amount,
      otherTenders: [],
      outTradeNo: (id) => topUpTradeNo({ deviceCode, businessDay }, id),
      topUp: { memberId, staffId: request.cashierId },
    });
  }

  /** Makes the provider's Native order and the signed pay QR, records the payment, polls it. */
  private async create(fields: NewPayment): Promise<Payment> {
    const now = this.now();
    const id = qrRef(randomBytes(8));
    const named = (value: string | ((id: string) => string)) =>
      typeof value === 'string' ? value : value(id);
    const issued = this.options.qr.issue('pay-order', id, this.ttlMs);
    const providerOrder: ProviderOrder = {
      outTradeNo: fields.outTradeNo(id),
      amount: fields.amount,
      description: this.descriptionOf({ topUp: fields.topUp, orderNo: named(fields.orderNo) }),
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
      orderId: named(fields.orderId),
      orderNo: named(fields.orderNo),
      businessDay: fields.businessDay,
      deviceId: fields.deviceId,
      cashierId: fields.cashierId,
      provider: this.provider.name,
      outTradeNo: providerOrder.outTradeNo,
      amount: fields.amount,
      otherTenders: fields.otherTenders,
      ...(fields.cashTakenAt !== undefined ? { cashTakenAt: fields.cashTakenAt } : {}),
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
      ...(fields.topUp ? { topUp: fields.topUp } : {}),
    };
    await this.store.commit({ kind: 'payment.saved', payment });
    this.logger.info(
      {
        payment: id,
        order: payment.orderNo,
        amount: payment.amount,
        provider: this.provider.name,
        topUp: fields.topUp !== undefined,
      },
      'payment started',
    );
    this.poller.watch(id);
    return payment;
  }

  /**
   * The payment as the provider has it now, refused unless still waiting for the money: what the
   * customer is about to pay may have been settled at the counter (cash, a void) since the last
   * poll, and is then closed instead of charged a second time.
   */
  async payable(id: string): Promise<Payment> {
    const payment = await this.refresh(id);
    if (payment.status !== 'pending')
      throw new PaymentError(409, 'not_pending', `this payment is ${payment.status}`);
    return payment;
  }
}
