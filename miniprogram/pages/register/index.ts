// The register: categories, the product grid (or search results), barcodes by camera or by a
// hardware scanner's keystrokes, the cart with quantity steppers, line and order discounts (a
// manager's PIN above the store's threshold), the member, totals, and the sync badge. The cart
// store prices and refuses; this page shows.
import { formatFen, lineName, type Discount, type RuleError } from '@pos/shared';
import { scanCode } from '../../adapters/scanner';
import { describeError, text, words } from '../../i18n/index';
import { cartLines, emptyTotals, totals, type CartLineView } from '../../view/cart-view';
import {
  categoryTabs,
  productTile,
  productTiles,
  searchTiles,
  type CategoryTab,
  type ProductTile,
} from '../../view/catalog-view';
import {
  approvalRule,
  describeDiscount,
  needsApproval,
  type DiscountTarget,
} from '../../view/discount-view';
import { noteStaffActivity, StaffPageWithStore } from '../../view/kiosk-staff';
import { open, restartAt, screenFor } from '../../view/navigation';
import { pos, posClient } from '../../view/pos';
import type { DetailEvent } from '../../view/page-events';
import { scanFailureText } from '../../view/scan-failure';
import { classifyEnter, emptyTrack, trackInput, type KeyTrack } from '../../view/scanner-input';
import { parseGrams } from '../../view/weight-entry';

/** A kiosk order waiting at the counter. */
interface CounterOrder {
  id: string;
  orderNo: string;
  total: string;
}

/** The search box's keystrokes with their times: a hardware scanner types fast, then Enter. */
let keys: KeyTrack = emptyTrack;
/**
 * The weight field's, likewise: it has the focus while goods are weighed, so a barcode scanned
 * meanwhile is typed into it.
 */
let weightKeys: KeyTrack = emptyTrack;

// On a kiosk device, staff untouched for a few minutes are signed out (view/kiosk-staff.ts).
StaffPageWithStore({
  data: {
    t: words(text.register),
    tt: words(text.totals),
    tc: text.common,
    td: words(text.discount),
    ts: words(text.scanner),
    tcam: words(text.camera),
    categories: [] as CategoryTab[],
    allTiles: [] as ProductTile[],
    tiles: [] as ProductTile[],
    lines: [] as CartLineView[],
    totals: emptyTotals,
    cashier: '',
    catalogState: 'loading' as 'loading' | 'empty' | 'ready',
    catalogError: '' as string | null,
    /** Lines stopped since they were added: why checkout waits. */
    unsellable: '',
    saveProblem: '' as string | null,
    activeCategory: 0,
    query: '',
    error: '',
    notice: '',
    lineDiscounts: {} as Record<string, string>,
    orderDiscount: '',
    approvalsMissing: false,
    /** A member is attached: member prices apply, and the grid shows them first. */
    memberAttached: false,
    /** The camera's permission is off in this mini-program's settings: a button opens them. */
    cameraSettings: false,
    /** A till keeps the search box focused for a hardware scanner; a phone would pop its keyboard. */
    scannerFocus: false,
    rule: '',
    /** The discount being edited; null when the editor is closed. */
    editing: null as (DiscountTarget & { removable: boolean }) | null,
    /** A discount waiting for a manager's PIN, or the checkout waiting for one. */
    approving: '' as '' | 'discount' | 'checkout',
    pending: null as { lineId: string | null; discount: Discount | null } | null,
    /** A product sold by weight waiting for its grams; null when none is being weighed. */
    weighing: null as { skuId: string; title: string } | null,
    weightInput: '',
    weightError: '',
    /** Kiosk orders sent to the counter, oldest first: the cashier takes payment for them. */
    counter: [] as CounterOrder[],
  },
  storeBindings: {
    store: pos,
    fields: {
      categories: () => categoryTabs(pos.catalog.categories, pos.catalog.products),
      allTiles: () => productTiles(pos.catalog.products, pos.catalog.stock),
      lines: () => cartLines(pos.cart.priced, pos.cart.unsellable),
      totals: () => totals(pos.cart.priced, pos.cart.itemCount),
      cashier: () => pos.session.staff?.name ?? '',
      catalogState: () =>
        pos.catalog.products.length > 0
          ? 'ready'
          : pos.sync.status.connection === 'connecting'
            ? 'loading'
            : 'empty',
      catalogError: () => pos.catalog.catalogError,
      unsellable: () => {
        const sale = pos.cart.pricing;
        return !sale.ok && sale.error.code === 'unsellable' ? describeError(sale.error) : '';
      },
      saveProblem: () => pos.cart.saveProblem,
      lineDiscounts: () =>
        Object.fromEntries(
          pos.cart.cart.lines.map((line) => [line.lineId, describeDiscount(line.discount)]),
        ),
      orderDiscount: () => describeDiscount(pos.cart.cart.orderDiscount),
      approvalsMissing: () => pos.cart.approvalsMissing.length > 0,
      memberAttached: () => pos.cart.cart.memberId !== null,
      scannerFocus: () => pos.session.device?.kind === 'tablet',
      rule: () => approvalRule(pos.catalog.settings.discountApprovalBasisPoints),
      counter: () =>
        pos.orders.counterQueue.map(({ order }) => ({
          id: order.id,
          orderNo: order.orderNo,
          total: formatFen(order.total),
        })),
    },
    actions: {},
  },
  observers: {
    'allTiles, categories, activeCategory, query'() {
      this.showTiles();
    },
  },
  lifetimes: {
    attached() {
      keys = emptyTrack;
      const screen = screenFor(pos.session);
      if (screen !== 'register') restartAt(screen);
    },
  },
  methods: {
    showTiles() {
      const { query, categories, activeCategory, allTiles } = this.data;
      if (query.trim()) {
        this.setData({ tiles: searchTiles(pos.catalog.search(query), pos.catalog.stock) });
        return;
      }
      const category = categories[activeCategory] ?? categories[0];
      this.setData({
        tiles: category ? allTiles.filter((tile) => tile.categoryId === category.id) : allTiles,
      });
    },
    fail(error: RuleError) {
      this.setData({ error: describeError(error) });
    },
    onCategory(event: DetailEvent<number>) {
      this.setData({ activeCategory: event.detail, query: '' });
    },
    onSearch(event: DetailEvent<string>) {
      noteStaffActivity();
      keys = trackInput(keys, event.detail, posClient().clock.now());
      this.setData({ query: event.detail, error: '', notice: '' });
    },
    /**
     * Enter in the search box. A scanner's burst goes straight into the cart and leaves what the
     * cashier had typed before it; a barcode typed by hand is added too; other text stays a search.
     */
    onSearchConfirm(event: DetailEvent<string>) {
      noteStaffActivity();
      const value = typeof event.detail === 'string' ? event.detail : this.data.query;
      keys = trackInput(keys, value, keys.stamps[keys.stamps.length - 1] ?? 0);
      const outcome = classifyEnter(keys, posClient().clock.now());
      const code = outcome.kind === 'scan' ? outcome.code : outcome.barcode;
      if (code === null) return;
      const rest = outcome.kind === 'scan' ? outcome.rest : '';
      keys = trackInput(emptyTrack, rest, 0);
      this.setData({ query: rest });
      this.addBarcode(code);
    },
    addBarcode(code: string) {
      const hit = pos.catalog.findByBarcode(code);
      // Goods sold by weight wait for the grams, whether tapped or scanned.
      if (hit?.product.soldBy === 'weight')
        return this.weigh(productTile(hit.product, hit.sku, new Map()));
      const added = pos.cart.addByBarcode(code);
      if (!added.ok) return this.fail(added.error);
      const name = hit ? lineName(hit.product, hit.sku) : code;
      this.setData({ error: '', notice: text.scanner.added(name) });
    },
    async onCamera() {
      const scanned = await scanCode(wx, ['barCode']);
      this.setData({ cameraSettings: false });
      if (!scanned.ok) {
        if (scanned.cancelled) return;
        const error = scanFailureText(scanned, text.scanner.scanFailed);
        return this.setData({ error, cameraSettings: scanned.cameraOff === 'miniProgram' });
      }
      this.addBarcode(scanned.code);
    },
    /** Back from the mini-program's settings: with the camera on, the note about it goes. */
    onCameraSettings(event: DetailEvent<{ authSetting?: Record<string, boolean> }>) {
      if (event.detail.authSetting?.['scope.camera'])
        this.setData({ cameraSettings: false, error: '' });
    },
    onClearSearch() {
      keys = emptyTrack;
      this.setData({ query: '' });
    },
    onAdd(event: WechatMiniprogram.BaseEvent) {
      const skuId = String(event.currentTarget.dataset.sku);
      const tile = this.data.tiles.find((t) => t.skuId === skuId);
      if (tile?.byWeight) return this.weigh(tile);
      const added = pos.cart.addItem(skuId);
      if (!added.ok) return this.fail(added.error);
      this.setData({ error: '' });
    },
    /** Asks for the grams the scale shows before a product sold by weight is added. */
    weigh(tile: ProductTile) {
      const weighing = {
        skuId: tile.skuId,
        title: text.register.weighTitle(tile.name, tile.price),
      };
      weightKeys = emptyTrack;
      this.setData({ weighing, weightInput: '', weightError: '', error: '' });
    },
    onWeightInput(event: DetailEvent<string>) {
      noteStaffActivity();
      weightKeys = trackInput(weightKeys, event.detail, posClient().clock.now());
      this.setData({ weightInput: event.detail, weightError: '' });
    },
    /**
     * Enter in the weight field. A scanner's burst is a scan, as in the search box: its item goes
     * in and the field keeps the grams typed before it; otherwise the grams are added.
     */
    onWeightConfirm(event: DetailEvent<string>) {
      noteStaffActivity();
      const value = typeof event.detail === 'string' ? event.detail : this.data.weightInput;
      weightKeys = trackInput(
        weightKeys,
        value,
        weightKeys.stamps[weightKeys.stamps.length - 1] ?? 0,
      );
      const outcome = classifyEnter(weightKeys, posClient().clock.now());
      if (outcome.kind !== 'scan') return this.onWeightAdd();
      weightKeys = trackInput(emptyTrack, outcome.rest, 0);
      this.setData({ weightInput: outcome.rest, weightError: '' });
      this.addBarcode(outcome.code);
    },
    /** The grams the scale shows: the line's quantity. */
    onWeightAdd() {
      const weighing = this.data.weighing;
      if (!weighing) return;
      const grams = parseGrams(this.data.weightInput);
      if (grams === null) return this.setData({ weightError: text.register.weightInvalid });
      const added = pos.cart.addItem(weighing.skuId, grams);
      if (!added.ok) return this.setData({ weightError: describeError(added.error) });
      this.setData({ weighing: null, weightInput: '', weightError: '', error: '' });
    },
    onWeightCancel() {
      this.setData({ weighing: null, weightInput: '', weightError: '' });
    },
    onQuantity(event: DetailEvent<number | string>) {
      noteStaffActivity();
      const lineId = String(event.currentTarget.dataset.line);
      const qty = Number(event.detail);
      const changed = qty > 0 ? pos.cart.setQuantity(lineId, qty) : pos.cart.removeLine(lineId);
      if (!changed.ok) return this.fail(changed.error);
      this.setData({ error: '' });
    },
    onRemove(event: WechatMiniprogram.BaseEvent) {
      const removed = pos.cart.removeLine(String(event.currentTarget.dataset.line));
      if (!removed.ok) return this.fail(removed.error);
      this.setData({ error: '' });
    },
    onClearCart() {
      pos.cart.clear();
      this.setData({ editing: null, approving: '', pending: null });
    },
    onLineDiscount(event: WechatMiniprogram.BaseEvent) {
      const lineId = String(event.currentTarget.dataset.line);
      const line = this.data.lines.find((l) => l.lineId === lineId);
      if (!line) return;
      const title = text.discount.titleLine(line.name);
      const removable = Boolean(this.data.lineDiscounts[lineId]);
      this.setData({ editing: { lineId, title, removable }, approving: '', error: '' });
    },
    onOrderDiscount() {
      const removable = Boolean(this.data.orderDiscount);
      const editing = { lineId: null, title: text.discount.titleOrder, removable };
      this.setData({ editing, approving: '', error: '' });
    },
    onDiscountCancel() {
      this.setData({ editing: null, approving: '', pending: null, error: '' });
    },
    onDiscountRemove() {
      if (this.data.editing) this.setDiscount(this.data.editing.lineId, null);
    },
    /** Above the store's threshold a manager approves first; below it the discount applies. */
    onDiscountApply(event: DetailEvent<{ discount: Discount }>) {
      const editing = this.data.editing;
      if (!editing) return;
      const { discount } = event.detail;
      const context = { catalog: pos.catalog.catalogIndex, settings: pos.catalog.settings };
      if (needsApproval(pos.cart.cart, editing.lineId, discount, context)) {
        this.setData({ approving: 'discount', pending: { lineId: editing.lineId, discount } });
        return;
      }
      this.setDiscount(editing.lineId, discount);
    },
    setDiscount(lineId: string | null, discount: Discount | null): boolean {
      const set =
        lineId === null
          ? pos.cart.setOrderDiscount(discount)
          : pos.cart.setLineDiscount(lineId, discount);
      if (!set.ok) {
        this.fail(set.error);
        return false;
      }
      this.setData({ editing: null, approving: '', pending: null, error: '' });
      return true;
    },
    onCancelApproval() {
      this.setData({ approving: '', pending: null, error: '' });
    },
    /** The manager's PIN: for a discount being set, or for what checkout still needs approved. */
    onManagerPin(event: DetailEvent<{ pin: string }>) {
      const approval = pos.session.approveAsManager(event.detail.pin);
      if (!approval.ok) {
        const error =
          approval.error.code === 'wrong_pin'
            ? text.orders.wrongManagerPin
            : describeError(approval.error);
        return this.setData({ error });
      }
      const managerId = approval.value.id;
      const notice = text.discount.approved(approval.value.name);
      if (this.data.approving === 'discount' && this.data.pending) {
        const { lineId, discount } = this.data.pending;
        if (!this.setDiscount(lineId, discount)) return;
        pos.cart.approve({ reason: 'discount', managerId });
        this.setData({ notice });
        return;
      }
      for (const reason of pos.cart.approvalsMissing) pos.cart.approve({ reason, managerId });
      this.setData({ approving: '', notice, error: '' });
      open('checkout');
    },
    onCheckout() {
      if (pos.cart.isEmpty) return;
      const sale = pos.cart.pricing;
      if (!sale.ok) return this.fail(sale.error);
      if (pos.cart.approvalsMissing.length > 0)
        return this.setData({ approving: 'checkout', editing: null, error: '' });
      open('checkout');
    },
    /** A kiosk order at the counter: checkout takes payment for it, the cart stays as it is. */
    onTakeCounterOrder(event: WechatMiniprogram.BaseEvent) {
      open('checkout', { order: String(event.currentTarget.dataset.id) });
    },
    onSignOut() {
      pos.session.signOut();
      restartAt('signIn');
    },
  },
});
