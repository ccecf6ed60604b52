// Kiosk mode: a customer orders on their own. Big product tiles, the order, and "pay at the
// counter" (the order goes to the cashiers with a number, shown big) or "pay by scanning" (not
// available yet). Nobody touching it for a while brings it back to the start; leaving kiosk mode
// takes a manager's PIN.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { formatFen, type RuleError } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import { cartLines, emptyTotals, totals, type CartLineView } from '../../view/cart-view';
import {
  categoryTabs,
  productTiles,
  type CategoryTab,
  type ProductTile,
} from '../../view/catalog-view';
import { IdleTimer, KIOSK_IDLE_MS, KIOSK_SENT_MS } from '../../view/idle-timer';
import { restartAt } from '../../view/navigation';
import { pos, posClient } from '../../view/pos';
import type { DetailEvent } from '../../view/page-events';

/** Ordering (the start, with an empty cart) or showing the number of the order just sent. */
type Stage = 'ordering' | 'sent';

interface SentView {
  orderNo: string;
  total: string;
  note: string;
}

let idle: IdleTimer | null = null;

ComponentWithStore({
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
    leaving: false,
    idleNote: text.kiosk.idleNote(KIOSK_IDLE_MS / 1000),
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      storeName: () => pos.catalog.settings.storeName,
      categories: () => categoryTabs(pos.catalog.categories, pos.catalog.products),
      allTiles: () => productTiles(pos.catalog.products, pos.catalog.stock),
      lines: () => cartLines(pos.cart.priced),
      totals: () => totals(pos.cart.priced, pos.cart.itemCount),
      catalogState: () =>
        pos.catalog.products.length > 0
          ? 'ready'
          : pos.sync.status.connection === 'connecting'
            ? 'loading'
            : 'empty',
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
      idle = new IdleTimer(posClient().clock, KIOSK_IDLE_MS, () => this.startOver());
      // A cart left from before (the app closed mid-order) waits the usual time, then goes.
      this.touch();
    },
    detached() {
      idle?.stop();
      idle = null;
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
      this.touch(this.data.stage === 'sent' ? KIOSK_SENT_MS : KIOSK_IDLE_MS);
    },
    startOver() {
      pos.cart.clear();
      this.setData({ stage: 'ordering', sent: null, leaving: false, activeCategory: 0, error: '' });
      idle?.stop();
    },
    fail(error: RuleError) {
      this.setData({ error: describeError(error) });
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
    onQuantity(event: DetailEvent<number | string>) {
      const lineId = String(event.currentTarget.dataset.line);
      const qty = Number(event.detail);
      const changed = qty > 0 ? pos.cart.setQuantity(lineId, qty) : pos.cart.removeLine(lineId);
      this.touch();
      if (!changed.ok) this.fail(changed.error);
    },
    onPayAtCounter() {
      if (this.data.sending || pos.cart.isEmpty) return;
      this.setData({ sending: true });
      const sent = pos.orders.sendToCounter();
      if (!sent.ok) {
        this.setData({ sending: false });
        this.touch();
        return this.fail(sent.error);
      }
      const order = sent.value;
      this.setData({
        sending: false,
        stage: 'sent',
        sent: {
          orderNo: order.orderNo,
          total: formatFen(order.total),
          note: text.kiosk.goToCounter(formatFen(order.total)),
        },
        error: '',
      });
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
        const error =
          approval.error.code === 'wrong_pin' ? text.kiosk.wrongPin : describeError(approval.error);
        return this.setData({ error });
      }
      const signedIn = pos.session.signIn(approval.value.id, pin);
      if (!signedIn.ok) return this.fail(signedIn.error);
      idle?.stop();
      pos.cart.clear();
      restartAt('settings');
    },
  },
});
