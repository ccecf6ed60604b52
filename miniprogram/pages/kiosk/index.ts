// Kiosk mode: a customer orders on their own. Big product tiles, the order, and "pay at the
// counter" (the order goes to the cashiers with a number, shown big) or "pay by scanning" (the
// same open order, then the server's WeChat Pay QR; paid on the server's word, and when it is not
// paid the order is still at the counter). An order the store's server refused never reaches the
// counter: the customer is told so, with no number to take there (the order stays on this device,
// refused, for a manager). Nobody touching it for a while brings it back to the start (from the
// QR, once its close is known: paid meanwhile, it says paid); leaving kiosk mode takes a manager's
// PIN. Everything on it is worded for the customer, never the till's words for the cashier.
import { reaction } from 'mobx-miniprogram';
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { formatFen, type Order, type Product, type RuleError } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import { approvalRefusal } from '../../view/approval-refusal';
import { customerRefusal } from '../../view/customer-refusal';
import { cartLines, emptyTotals, totals, type CartLineView } from '../../view/cart-view';
import {
  categoryTabs,
  productTiles,
  type CategoryTab,
  type ProductTile,
} from '../../view/catalog-view';
import { IdleTimer, KIOSK_IDLE_MS, KIOSK_SCAN_MS, KIOSK_SENT_MS } from '../../view/idle-timer';
import { restartAt } from '../../view/navigation';
import { kioskCustomerWording, noPayQr, payQrView, type PayQrView } from '../../view/pay-qr-view';
import { pos, posClient } from '../../view/pos';
import { LineStepper, quantityShownAgain } from '../../view/quantity-stepper';
import type { DetailEvent } from '../../view/page-events';
import { printWhenPaid, type ReceiptNote } from '../../view/sale-receipt';
import { seenWorking } from '../../view/sync-view';

/**
 * Ordering (the start, with an empty cart); the pay QR of the order just placed; paid; the number
 * of an order to pay at the counter (sent there, or a scan that did not end in paid); or the order
 * refused by the store's server (nothing at the counter: order again, or ask staff).
 */
type Stage = 'ordering' | 'scanning' | 'paid' | 'sent' | 'refused';

interface SentView {
  orderId: string;
  orderNo: string;
  total: string;
  note: string;
}

/** How long each stage waits untouched before going back to the start. */
const waits: Record<Stage, number> = {
  ordering: KIOSK_IDLE_MS,
  scanning: KIOSK_SCAN_MS,
  paid: KIOSK_SENT_MS,
  sent: KIOSK_SENT_MS,
  refused: KIOSK_SENT_MS,
};

/** What a customer can order here: everything sold by the piece. */
function byPiece(): Product[] {
  return pos.catalog.products.filter((product) => product.soldBy !== 'weight');
}

let idle: IdleTimer | null = null;
/** The order lines' steppers: a 0 they emit waits to be told a minus tap from a box emptied. */
const stepper = new LineStepper();
/** The page's subscription to the payment store. */
let stopQr: (() => void) | null = null;

ComponentWithStore({
  data: {
    t: words(text.kiosk),
    ks: words(text.kioskScan),
    q: words(text.payQr),
    tt: words(text.totals),
    tc: text.common,
    stage: 'ordering' as Stage,
    storeName: '',
    categories: [] as CategoryTab[],
    allTiles: [] as ProductTile[],
    tiles: [] as ProductTile[],
    activeCategory: 0,
    lines: [] as CartLineView[],
    totals: emptyTotals,
    catalogState: 'loading' as 'loading' | 'empty' | 'ready',
    sending: false,
    sent: null as SentView | null,
    /**
     * Pay by scanning needs the store's server seen to work (view/sync-view.ts seenWorking):
     * the order must reach it before its QR exists, and the server records the payment.
     */
    scanAvailable: false,
    qr: noPayQr as PayQrView,
    /**
     * The customer gave up on the QR: until the server confirms it closed, they may still have paid
     * it, so the scan screen stays (the QR no longer shown) and then says paid or the counter.
     */
    cancelling: false,
    /** The ids of the orders the store's server refused (this device's, waiting for a manager). */
    refusedOrders: [] as string[],
    /** The paid order's receipt, when the kiosk has a printer. */
    receipt: null as ReceiptNote | null,
    leaving: false,
    idleNote: text.kiosk.idleNote(KIOSK_IDLE_MS / 1000),
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      storeName: () => pos.catalog.settings.storeName,
      // Goods sold by weight are weighed at the counter: a customer has no scale to type from.
      categories: () => categoryTabs(pos.catalog.categories, byPiece()),
      allTiles: () => productTiles(byPiece(), pos.catalog.stock),
      lines: () => cartLines(pos.cart.priced, pos.cart.unsellable),
      totals: () => totals(pos.cart.priced, pos.cart.itemCount),
      catalogState: () =>
        pos.catalog.products.length > 0
          ? 'ready'
          : pos.sync.status.connection === 'connecting'
            ? 'loading'
            : 'empty',
      scanAvailable: () => seenWorking(pos.sync.status),
      refusedOrders: () =>
        pos.sync.refused.flatMap(({ op }) => (op.type === 'order.placed' ? [op.payload.id] : [])),
    },
    actions: {},
  },
  observers: {
    'allTiles, categories, activeCategory'() {
      const { categories, activeCategory, allTiles } = this.data;
      const category = categories[activeCategory] ?? categories[0];
      this.setData({
        tiles: category ? allTiles.filter((tile) => tile.categoryId === category.id) : allTiles,
      });
    },
    qr(qr: PayQrView) {
      if (this.data.stage !== 'scanning') return;
      if (qr.paid) this.showPaid();
      else if (pos.payments.error?.code === 'refused') this.showRefused();
      // Given up on by the customer: onCancelScan moves on once the close is known.
      else if (!qr.active && qr.message && !this.data.cancelling) this.showNotPaid(qr.message);
    },
    /** The order on screen refused after it was sent (pay at the counter) or while its QR waited. */
    refusedOrders(ids: string[]) {
      const { stage, sent } = this.data;
      if ((stage === 'sent' || stage === 'scanning') && sent && ids.includes(sent.orderId))
        this.showRefused();
    },
  },
  lifetimes: {
    attached() {
      if (!pos.session.isPaired) return restartAt('pair');
      idle = new IdleTimer(posClient().clock, KIOSK_IDLE_MS, () => this.onIdle());
      stepper.reset();
      // The payment as it changes (bound by hand: it is shaped by a view helper).
      const shown = () => payQrView(pos.payments, kioskCustomerWording);
      stopQr = reaction(shown, () => this.setData({ qr: shown() }));
      // A cart left from before (the app closed mid-order) waits the usual time, then goes.
      this.touch();
    },
    detached() {
      idle?.stop();
      idle = null;
      stopQr?.();
      stopQr = null;
    },
  },
  methods: {
    /** Any touch: the inactivity wait starts again; at the start itself there is nothing to undo. */
    touch(ms = KIOSK_IDLE_MS) {
      if (!idle) return;
      const atStart = this.data.stage === 'ordering' && pos.cart.isEmpty && !this.data.leaving;
      if (atStart) idle.stop();
      else idle.touch(ms);
    },
    onActivity() {
      this.touch(waits[this.data.stage]);
    },
    /**
     * Nobody touched the kiosk for a while. On the scan screen the customer may have paid in the
     * last moment (or WeChat Pay is still confirming), so the QR is closed first, as on
     * 改为到柜台付款: paid, it says so with the number; otherwise back to the start. A close still
     * not known after another wait leaves it to carry on unwatched.
     */
    onIdle() {
      if (this.data.stage === 'scanning' && !this.data.cancelling)
        return this.giveUpScan(() => this.startOver());
      this.startOver();
    },
    startOver() {
      // A QR nobody paid is closed, so the abandoned order can only be paid at the counter.
      if (this.data.stage === 'scanning') this.stopScanning();
      pos.cart.clear();
      this.setData({
        stage: 'ordering',
        sent: null,
        receipt: null,
        cancelling: false,
        leaving: false,
        activeCategory: 0,
        error: '',
      });
      idle?.stop();
    },
    /**
     * Forgets the QR here at once and closes it on the server in the background, asked again until
     * the server has it, even once the next customer has a QR (the order stays open for the counter).
     */
    stopScanning() {
      void pos.payments.leave();
    },
    /** A refusal in the customer's words (view/customer-refusal.ts), never the till's to a cashier. */
    fail(error: RuleError) {
      this.setData({ error: customerRefusal(error) });
    },
    onCategory(event: WechatMiniprogram.BaseEvent) {
      this.setData({ activeCategory: Number(event.currentTarget.dataset.index) });
      this.touch();
    },
    onAdd(event: WechatMiniprogram.BaseEvent) {
      const added = pos.cart.addItem(String(event.currentTarget.dataset.sku));
      this.touch();
      if (!added.ok) return this.fail(added.error);
      this.setData({ error: '' });
    },
    /**
     * A quantity stepped or typed; an emptied box or a 0 keeps the line (view/quantity-stepper.ts).
     * The stepper sets no maximum: the cart's limit decides, and a quantity past it is refused in
     * words, never quietly cut down.
     */
    onQuantity(event: DetailEvent<number | string>) {
      const lineId = String(event.currentTarget.dataset.line);
      const qty = stepper.change(lineId, event.detail);
      this.touch();
      if (qty === null) return;
      const changed = pos.cart.setQuantity(lineId, qty);
      if (!changed.ok) return this.fail(changed.error);
      this.setData({ error: '' });
    },
    /** The minus button from 1 to 0 takes the line out. */
    onQuantityMinus(event: WechatMiniprogram.BaseEvent) {
      const lineId = String(event.currentTarget.dataset.line);
      if (!stepper.minus(lineId)) return;
      const removed = pos.cart.removeLine(lineId);
      this.touch();
      if (!removed.ok) this.fail(removed.error);
    },
    /** The box left empty, at 0 or at a refused quantity shows the line's quantity again. */
    onQuantityBlur(event: DetailEvent<{ value?: number }>) {
      const lineId = String(event.currentTarget.dataset.line);
      const qty = pos.cart.cart.lines.find((line) => line.lineId === lineId)?.qty ?? null;
      for (const data of quantityShownAgain(this.data.lines, lineId, event.detail.value, qty))
        this.setData(data);
    },
    onPayAtCounter() {
      this.place('sent');
    },
    /** The order goes to the counter first, so a scan that does not end in paid loses nothing. */
    onPayByScan() {
      if (!this.data.scanAvailable) return;
      const order = this.place('scanning');
      if (order) pos.payments.payOpenOrderByQr(order);
    },
    /** Sends the cart to the counter as an open order and shows `stage` for it. */
    place(stage: 'sent' | 'scanning'): Order | null {
      if (this.data.sending || pos.cart.isEmpty) return null;
      this.setData({ sending: true });
      const sent = pos.orders.sendToCounter();
      if (!sent.ok) {
        this.setData({ sending: false });
        this.touch();
        this.fail(sent.error);
        return null;
      }
      const order = sent.value;
      this.setData({
        sending: false,
        stage,
        sent: {
          orderId: order.id,
          orderNo: order.orderNo,
          total: formatFen(order.total),
          note: text.kiosk.goToCounter(formatFen(order.total)),
        },
        receipt: null,
        error: '',
      });
      this.touch(waits[stage]);
      return order;
    },
    /** The customer would rather pay at the counter: the QR closes, the order waits there. */
    onCancelScan() {
      if (this.data.stage !== 'scanning' || this.data.cancelling) return;
      this.giveUpScan(() => {
        this.setData({ stage: 'sent', cancelling: false });
        this.touch(KIOSK_SENT_MS);
      });
    },
    /**
     * Closes the QR on screen. Paid in the moments before the server has the close, it says paid
     * instead (as the checkout does): the scan screen stays, the QR no longer shown, until the
     * close is known; then, not paid, `notPaid` says what comes next.
     */
    giveUpScan(notPaid: () => void) {
      const payments = pos.payments;
      const orderId = this.data.sent!.orderId;
      this.setData({ cancelling: true });
      this.touch(KIOSK_SCAN_MS);
      void payments.cancel().then(() => {
        const { stage, sent, cancelling } = this.data;
        // Moved on meanwhile (paid, refused, back to the start): that screen stands.
        if (stage !== 'scanning' || !cancelling || sent?.orderId !== orderId) return;
        if (payments.paid && payments.order?.id === orderId) return this.showPaid();
        if (payments.order?.id === orderId) payments.reset();
        notPaid();
      });
    },
    showPaid() {
      const sent = this.data.sent!;
      this.setData({ stage: 'paid', receipt: null, cancelling: false });
      pos.payments.reset();
      this.touch(KIOSK_SENT_MS);
      printWhenPaid(pos.orders, posClient().clock, sent.orderId, (receipt) => {
        if (this.data.stage === 'paid' && this.data.sent?.orderId === sent.orderId)
          this.setData({ receipt });
      });
    },
    /** Declined, expired or no QR at all: the order is at the counter, to pay there. */
    showNotPaid(reason: string) {
      const sent = this.data.sent!;
      this.setData({
        stage: 'sent',
        sent: { ...sent, note: text.kioskScan.notPaid(reason, sent.total) },
      });
      pos.payments.reset();
      this.touch(KIOSK_SENT_MS);
    },
    /**
     * The store's server refused the order: the counter never got it, so no number to take there
     * and nothing to pay (its reason, in English, is for the manager, not the customer). The order
     * stays on this device, refused, on the manager screen; the customer orders again.
     */
    showRefused() {
      const sent = this.data.sent!;
      if (pos.payments.order?.id === sent.orderId) pos.payments.reset();
      this.setData({ stage: 'refused', cancelling: false, receipt: null });
      this.touch(KIOSK_SENT_MS);
    },
    onDone() {
      this.startOver();
    },
    onStaff() {
      this.setData({ leaving: true, error: '' });
      this.touch();
    },
    onCancelLeave() {
      this.setData({ leaving: false, error: '' });
      this.touch();
    },
    /** A manager's PIN signs them in and leaves kiosk mode for the settings. */
    onLeavePin(event: DetailEvent<{ pin: string }>) {
      const { pin } = event.detail;
      const approval = pos.session.approveAsManager(pin);
      if (!approval.ok) {
        this.touch();
        return this.setData({ error: approvalRefusal(approval.error, text.kiosk.wrongPin) });
      }
      const signedIn = pos.session.signIn(approval.value.id, pin);
      // Read by the manager, not a customer: the till's own sentence.
      if (!signedIn.ok) return this.setData({ error: describeError(signedIn.error) });
      idle?.stop();
      if (this.data.stage === 'scanning') this.stopScanning();
      pos.cart.clear();
      restartAt('settings');
    },
  },
});
