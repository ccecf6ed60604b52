// Kiosk mode: a customer orders on their own. Big product tiles, the order, and "pay at the
// counter" (the order goes to the cashiers with a number, shown big) or "pay by scanning" (the
// same open order, then the server's WeChat Pay QR; paid on the server's word, and when it is not
// paid the order is still at the counter). An order the store's server refused never reaches the
// counter: the customer is told so, with no number to take there (the order stays on this device,
// refused, for a manager). Nobody touching it for a while brings it back to the start (from the
// QR, once its close is known: paid meanwhile, it says paid); leaving kiosk mode takes a manager's
// PIN. Everything on it is worded for the customer, never the till's words for the cashier.
// This page places the order and starts over; its parts are beside it: the order's lines
// (order-lines.ts), paying by scanning (scan-to-pay.ts), the wait for inactivity (inactivity.ts)
// and leaving kiosk mode (staff-exit.ts).
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { formatFen, type Order, type Product, type RuleError } from '@pos/shared';
import { text, words } from '../../i18n/index';
import { customerRefusal } from '../../view/customer-refusal';
import { cartLines, emptyTotals, totals, type CartLineView } from '../../view/cart-view';
import {
  categoryTabs,
  productTiles,
  type CategoryTab,
  type ProductTile,
} from '../../view/catalog-view';
import { KIOSK_IDLE_MS } from '../../view/idle-timer';
import { restartAt } from '../../view/navigation';
import { pos } from '../../view/pos';
import { seenWorking } from '../../view/sync-view';
import { stopWaiting, unwatchInactivity, waitAgain, waits, watchInactivity } from './inactivity';
import { kioskPage, type SentView, type Stage } from './kiosk-page';
import { orderLines } from './order-lines';
import { scanToPay, stopScanning, unwatchPayQr, watchPayQr } from './scan-to-pay';
import { staffExit } from './staff-exit';

/** What a customer can order here: everything sold by the piece. */
function byPiece(): Product[] {
  return pos.catalog.products.filter((product) => product.soldBy !== 'weight');
}

/** The page's parts: ComponentWithStore passes `behaviors` on, though its typings leave it out. */
const parts = { behaviors: [orderLines, scanToPay, staffExit] };

ComponentWithStore({
  ...parts,
  data: {
    t: words(text.kiosk),
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
    /**
     * The customer gave up on the QR: until the server confirms it closed, they may still have paid
     * it, so the scan screen stays (the QR no longer shown) and then says paid or the counter.
     */
    cancelling: false,
    /** The ids of the orders the store's server refused (this device's, waiting for a manager). */
    refusedOrders: [] as string[],
    /** 员工 tapped: the manager's PIN is asked (staff-exit.ts). */
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
  },
  lifetimes: {
    attached() {
      if (!pos.session.isPaired) return restartAt('pair');
      watchInactivity(() => this.onIdle());
      watchPayQr((qr) => this.setData({ qr }));
      // A cart left from before (the app closed mid-order) waits the usual time, then goes.
      this.touch();
    },
    detached() {
      unwatchInactivity();
      unwatchPayQr();
    },
  },
  methods: {
    /** Any touch: the inactivity wait starts again; at the start itself there is nothing to undo. */
    touch(ms = KIOSK_IDLE_MS) {
      const atStart = this.data.stage === 'ordering' && pos.cart.isEmpty && !this.data.leaving;
      if (atStart) stopWaiting();
      else waitAgain(ms);
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
        return kioskPage(this).giveUpScan(() => this.startOver());
      this.startOver();
    },
    startOver() {
      // A QR nobody paid is closed, so the abandoned order can only be paid at the counter.
      if (this.data.stage === 'scanning') stopScanning();
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
      stopWaiting();
    },
    /** A refusal in the customer's words (view/customer-refusal.ts), never the till's to a cashier. */
    fail(error: RuleError) {
      this.setData({ error: customerRefusal(error) });
    },
    onCategory(event: WechatMiniprogram.BaseEvent) {
      this.setData({ activeCategory: Number(event.currentTarget.dataset.index) });
      this.touch();
    },
    onPayAtCounter() {
      this.place('sent');
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
    onDone() {
      this.startOver();
    },
  },
});
