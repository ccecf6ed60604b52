// Checkout: take cash (quick amounts, change due), stored value, a split of them, or WeChat Pay
// by QR (the server's pay QR for the order, saved open; "paid" once the server says so). A cash
// "paid" shows only after the orders store has saved the order and queued it in one write; the
// receipt then prints on the remembered printer, never holding up or failing the sale. Opened with
// an open order's id, it takes payment for that order instead of the cart: a kiosk's sent to the
// counter, or one of this till's own sales left unpaid (from Orders); an order that carries a
// member may be paid from that member's stored value.
import {
  comparer,
  observable,
  reaction,
  runInAction,
  type IObservableValue,
} from 'mobx-miniprogram';
import { changeDue, formatFen, parseFen, type Checked, type Fen, type Tender } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import { emptyTotals, totals } from '../../view/cart-view';
import { checkoutMember, type CheckoutMember } from '../../view/checkout-member';
import { noteStaffActivity, StaffPageWithStore } from '../../view/kiosk-staff';
import { noPayQr, payQrView, type PayQrView } from '../../view/pay-qr-view';
import { back } from '../../view/navigation';
import { pos, posClient } from '../../view/pos';
import { printAndTell, printWhenPaid, type ReceiptNote } from '../../view/sale-receipt';
import { seenWorking } from '../../view/sync-view';
import type { DetailEvent } from '../../view/page-events';
import {
  paymentView,
  quickCashAmounts,
  takeCash,
  takeStoredValue,
  type PaymentView,
  type QuickAmount,
} from '../../view/tender-draft';

/** An order saved open for a QR payment: what is still to pay is counted against it. */
interface OpenOrderView {
  id: string;
  orderNo: string;
  total: Fen;
  note: string;
  /**
   * The tenders its QR was asked for beside (a split's cash part): the server records the order
   * paid by these and the WeChat tender, so the paid screen's change is theirs. None for a QR taken
   * back from an earlier screen: whatever cash that one took was dealt with there.
   */
  otherTenders: Tender[];
}

/** Each checkout instance's subscriptions to the stores (its pay QR, its member). */
const storeReactions = new WeakMap<object, Array<() => void>>();
/** Each checkout instance's open order id, observed: whose stored value may pay follows it. */
const openOrderIds = new WeakMap<object, IObservableValue<string | null>>();

interface PaidView {
  orderId: string;
  orderNo: string;
  change: string;
  total: string;
  /**
   * Where the payment is recorded: queued here to sync, or (paid by QR) on the server already,
   * which recorded it itself: nothing of it waits on this till.
   */
  syncNote: string;
}

// On a kiosk device, staff untouched for a few minutes are signed out (view/kiosk-staff.ts).
StaffPageWithStore({
  data: {
    t: words(text.checkout),
    q: words(text.payQr),
    totals: emptyTotals,
    cartEmpty: true,
    member: null as CheckoutMember | null,
    tenders: [] as Tender[],
    payment: paymentView(0, []) as PaymentView,
    quick: [] as QuickAmount[],
    cashInput: '',
    paying: false,
    paid: null as PaidView | null,
    /** How the paid sale's receipt is doing: a small note, never an error. */
    receipt: null as ReceiptNote | null,
    error: '',
    qr: noPayQr as PayQrView,
    openOrder: null as OpenOrderView | null,
    /** Opened for an order no longer waiting here: the page says so and takes nothing. */
    orderGone: false,
    /**
     * A pay QR may be offered (view/sync-view.ts seenWorking): the server makes it and records
     * the payment. Otherwise WeChat Pay waits, and cash or stored value pay.
     */
    online: true,
  },
  storeBindings: {
    store: pos,
    fields: {
      online: () => seenWorking(pos.sync.status),
      totals: () => totals(pos.cart.priced, pos.cart.itemCount),
      cartEmpty: () => pos.cart.isEmpty,
    },
    actions: {},
  },
  observers: {
    'totals, tenders, openOrder'() {
      this.showPayment();
    },
    openOrder(open: OpenOrderView | null) {
      const openOrderId = openOrderIds.get(this);
      if (openOrderId) runInAction(() => openOrderId.set(open?.id ?? null));
    },
    qr(qr: PayQrView) {
      if (qr.paid && this.data.openOrder) this.showPaidByQr();
      else if (this.data.openOrder && !qr.active) this.noteOpenOrder();
    },
  },
  lifetimes: {
    attached() {
      // The store's payment and the paying member as they change (bound by hand: each is shaped
      // by a view helper, the member by the open order too).
      const updateQr = () => this.setData({ qr: payQrView(pos.payments) });
      const openOrderId = observable.box<string | null>(this.data.openOrder?.id ?? null);
      openOrderIds.set(this, openOrderId);
      const payingMember = () => checkoutMember(openOrderId.get());
      const updateMember = () => this.setData({ member: payingMember() });
      storeReactions.set(this, [
        reaction(() => payQrView(pos.payments), updateQr),
        reaction(payingMember, updateMember, { equals: comparer.structural }),
      ]);
      updateQr();
      updateMember();
    },
    detached() {
      for (const stop of storeReactions.get(this) ?? []) stop();
      // Backed out of, or unloaded: a QR left up would stay payable for a sale given up on.
      const open = this.data.openOrder;
      if (open) void pos.payments.leave(open.id);
    },
  },
  methods: {
    /**
     * Opened for an open order (`?order=<id>`): a kiosk order from the register's counter queue, or
     * this till's own unpaid sale from Orders. Payment is taken for that order, not for the
     * register's cart, which stays as it was. A QR of the order left while the customer may still
     * pay it is taken back first: no cash until it is known closed, and paid, it shows paid.
     */
    onLoad(query: Record<string, string | undefined>) {
      const id = query.order ? decodeURIComponent(query.order) : '';
      if (!id) return;
      const order = pos.orders.awaitingPaymentHere(id)?.order;
      if (!order) return this.setData({ orderGone: true });
      const { orderNo, total } = order;
      const note =
        order.source === 'kiosk'
          ? text.checkout.counterOrder(orderNo)
          : text.orders.unpaidAtCheckout(orderNo);
      const openOrder = { id, orderNo, total, note, otherTenders: [] };
      this.setData({ openOrder, tenders: [], error: '' });
      pos.payments.takeBack(order);
    },
    showPayment() {
      const payment = paymentView(this.total(), this.data.tenders);
      this.setData({ payment, quick: quickCashAmounts(payment.dueFen) });
    },
    apply(next: Checked<Tender[]>) {
      if (!next.ok) return this.setData({ error: describeError(next.error) });
      this.setData({ tenders: next.value, cashInput: '', error: '' });
    },
    /**
     * A pay QR is up, or not yet known closed: the customer may pay it any moment, so no other
     * tender is taken or dropped meanwhile (paid twice). The cashier cancels it first (取消扫码).
     */
    qrHoldsTenders(): boolean {
      return this.data.qr.active;
    },
    onQuick(event: WechatMiniprogram.BaseEvent) {
      if (this.qrHoldsTenders()) return;
      const fen = Number(event.currentTarget.dataset.fen);
      this.apply(takeCash(this.total(), this.data.tenders, fen));
    },
    /** What is being paid: the kiosk order opened from the queue, else the register's cart. */
    total(): Fen {
      return this.data.openOrder?.total ?? this.data.totals.totalFen;
    },
    onCashInput(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ cashInput: event.detail, error: '' });
    },
    onAddCash() {
      if (this.qrHoldsTenders()) return;
      let tendered: Fen;
      try {
        tendered = parseFen(this.data.cashInput);
      } catch {
        return this.setData({ error: text.checkout.amountInvalid });
      }
      this.apply(takeCash(this.total(), this.data.tenders, tendered));
    },
    onStoredValue() {
      // The member paying is the sale's own: an open order without one offers no stored value.
      if (this.qrHoldsTenders()) return;
      const member = this.data.member;
      if (!member && this.data.openOrder) return;
      if (!member) return this.setData({ error: text.checkout.storedValueNeedsMember });
      this.apply(takeStoredValue(this.total(), this.data.tenders, member));
    },
    onRemoveTender(event: WechatMiniprogram.BaseEvent) {
      // A split's cash part went to the server with the QR: the paid order keeps it.
      if (this.qrHoldsTenders()) return;
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ tenders: this.data.tenders.filter((_, i) => i !== index), error: '' });
    },
    onPay() {
      // A QR still payable (or not yet known closed): the customer may be paying it right now.
      if (this.data.paying || !this.data.payment.complete || this.data.qr.active) return;
      this.setData({ paying: true });
      const { change } = this.data.payment;
      const open = this.data.openOrder;
      const sold = open
        ? pos.orders.payOpenOrder(open.id, this.data.tenders)
        : pos.orders.checkout(this.data.tenders);
      if (!sold.ok) return this.setData({ paying: false, error: describeError(sold.error) });
      // The order and its outbox entry are in storage now: only now does the screen say paid.
      const paid = {
        orderId: sold.value.id,
        orderNo: text.checkout.orderNo(sold.value.orderNo),
        change,
        total: formatFen(sold.value.total),
        syncNote: text.checkout.queued,
      };
      this.setData({ paying: false, paid, receipt: null, tenders: [], error: '', openOrder: null });
      if (open) pos.payments.reset();
      void printAndTell(sold.value, (note) => this.showReceipt(sold.value.id, note));
    },
    /** WeChat Pay for what is still due: the order is saved open and the server's QR shown. */
    onWechatQr() {
      if (this.data.payment.dueFen === 0 || this.data.qr.active || !this.data.online) return;
      const open = this.data.openOrder;
      const otherTenders = this.data.tenders;
      if (open) {
        const order = pos.orders.find(open.id)?.order;
        if (order) pos.payments.payOpenOrderByQr(order, otherTenders);
        return this.setData({ openOrder: { ...open, otherTenders }, error: '' });
      }
      const placed = pos.payments.payCartByQr(otherTenders);
      if (!placed.ok) return this.setData({ error: describeError(placed.error) });
      const { id, orderNo, total } = placed.value;
      this.setData({ openOrder: { id, orderNo, total, note: '', otherTenders }, error: '' });
    },
    onCancelQr() {
      void pos.payments.cancel();
    },
    showPaidByQr() {
      const open = this.data.openOrder!;
      const paid = {
        orderId: open.id,
        orderNo: text.checkout.orderNo(open.orderNo),
        // The paid order's own cash, not what the screen holds as the customer's payment lands.
        change: formatFen(changeDue(open.otherTenders)),
        total: formatFen(open.total),
        syncNote: text.payQr.recordedOnServer,
      };
      this.setData({ paid, receipt: null, tenders: [], openOrder: null, error: '' });
      pos.payments.reset();
      // Paid on the server's word: the receipt prints the paid order once it has synced back.
      printWhenPaid(pos.orders, posClient().clock, open.id, (note) =>
        this.showReceipt(open.id, note),
      );
    },
    /** The receipt's progress, while the paid screen still shows that sale. */
    showReceipt(orderId: string, note: ReceiptNote | null) {
      if (this.data.paid?.orderId === orderId) this.setData({ receipt: note });
    },
    noteOpenOrder() {
      const open = this.data.openOrder!;
      const note = text.payQr.openOrder(open.orderNo, this.data.payment.due);
      if (note !== open.note) this.setData({ openOrder: { ...open, note } });
    },
    onNextSale() {
      this.setData({ paid: null, receipt: null, tenders: [], openOrder: null });
      pos.payments.reset();
      back('register');
    },
    onBack() {
      back('register');
    },
  },
});
