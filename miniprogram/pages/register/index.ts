// The register: categories, the product grid (or search results), barcodes by camera or by a
// hardware scanner's keystrokes, goods sold by weight (components/weight-entry), the cart with
// quantity steppers, line and order discounts (a manager's PIN above the store's threshold),
// changed prices (改价: a manager's PIN; both in cart-edits.ts), the member, totals, kiosk orders
// waiting at the counter (components/counter-queue), and the sync badge. The cart store prices and
// refuses; this page shows.
import { lineName, type RuleError } from '@pos/shared';
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
import { approvalRule, describeDiscount } from '../../view/discount-view';
import { noteStaffActivity, signOutStaff, StaffPageWithStore } from '../../view/kiosk-staff';
import { open, restartAt, screenFor } from '../../view/navigation';
import {
  approvalTitle,
  missingApprovalText,
  priceOverrideNotes,
} from '../../view/price-override-view';
import { pos, posClient } from '../../view/pos';
import type { DetailEvent } from '../../view/page-events';
import { scanFailureText } from '../../view/scan-failure';
import { ScannerBox } from '../../view/scanner-box';
import { LineStepper, quantityShownAgain } from '../../view/quantity-stepper';
import { cartEdits } from './cart-edits';

/** The search box's keystrokes with their times: a hardware scanner types fast, then Enter. */
const search = new ScannerBox();
/** The cart lines' steppers: a 0 they emit waits to be told a minus tap from a box emptied. */
const stepper = new LineStepper();

// On a kiosk device, staff untouched for a few minutes are signed out (view/kiosk-staff.ts).
StaffPageWithStore({
  behaviors: [cartEdits],
  data: {
    t: words(text.register),
    tt: words(text.totals),
    tc: text.common,
    td: words(text.discount),
    tp: words(text.priceOverride),
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
    /** Lines whose price was changed: what they show beside the unit, by line id. */
    priceOverrides: {} as Record<string, string>,
    orderDiscount: '',
    /** What a manager has still to approve before checkout, in words; '' when nothing. */
    approvalsMissing: '',
    /** A member is attached: member prices apply, and the grid shows them first. */
    memberAttached: false,
    /** The camera's permission is off in this mini-program's settings: a button opens them. */
    cameraSettings: false,
    /** A till keeps the search box focused for a hardware scanner; a phone would pop its keyboard. */
    scannerFocus: false,
    rule: '',
    /** A product sold by weight waiting for its grams (components/weight-entry); null when none. */
    weighing: null as { skuId: string; title: string } | null,
    /** The sale being rung up: a new one (after a sale) closes what was open for the last. */
    cartId: '',
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
      priceOverrides: () => priceOverrideNotes(pos.cart.priced),
      orderDiscount: () => describeDiscount(pos.cart.cart.orderDiscount),
      approvalsMissing: () => missingApprovalText(pos.cart.approvalsMissing),
      memberAttached: () => pos.cart.cart.memberId !== null,
      scannerFocus: () => pos.session.device?.kind === 'tablet',
      rule: () => approvalRule(pos.catalog.settings.discountApprovalBasisPoints),
      cartId: () => pos.cart.cartId,
    },
    actions: {},
  },
  observers: {
    'allTiles, categories, activeCategory, query'() {
      this.showTiles();
    },
    cartId() {
      this.closeEdits();
    },
  },
  lifetimes: {
    attached() {
      search.reset();
      stepper.reset();
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
      search.input(event.detail, posClient().clock.now());
      this.setData({ query: event.detail, error: '', notice: '' });
    },
    /**
     * Enter in the search box. A scanner's burst goes straight into the cart and leaves what the
     * cashier had typed before it; a barcode typed by hand is added too; other text stays a search.
     */
    onSearchConfirm(event: DetailEvent<string>) {
      noteStaffActivity();
      const value = typeof event.detail === 'string' ? event.detail : this.data.query;
      const outcome = search.enter(value, posClient().clock.now());
      const code = outcome.kind === 'scan' ? outcome.code : outcome.barcode;
      if (code === null) return;
      const rest = outcome.kind === 'scan' ? outcome.rest : '';
      search.reset(rest);
      this.setData({ query: rest });
      this.addBarcode(code);
    },
    addBarcode(code: string) {
      const found = pos.catalog.findByBarcode(code);
      // A code on two products (saved before the server compared codes as the till does): the
      // cashier chooses, rather than the till ringing up whichever comes first.
      if (found.kind === 'several') {
        const names = found.hits.map((one) => lineName(one.product, one.sku));
        return this.setData({ error: text.scanner.ambiguous(names), notice: '' });
      }
      const hit = found.kind === 'one' ? found.hit : null;
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
      search.reset();
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
      // Open already for another product: what was typed for that one goes.
      if (this.data.weighing) this.selectComponent('#weight-entry').reset();
      this.setData({ weighing, error: '' });
    },
    /** A barcode scanned into the weight field: its item goes in, as from the search box. */
    onWeightScan(event: DetailEvent<{ code: string }>) {
      this.addBarcode(event.detail.code);
    },
    onWeightAdded() {
      this.setData({ weighing: null, error: '' });
    },
    onWeightCancel() {
      this.setData({ weighing: null });
    },
    /** A quantity stepped or typed; an emptied box or a 0 keeps the line (view/quantity-stepper.ts). */
    onQuantity(event: DetailEvent<number | string>) {
      noteStaffActivity();
      const lineId = String(event.currentTarget.dataset.line);
      const qty = stepper.change(lineId, event.detail);
      if (qty === null) return;
      const changed = pos.cart.setQuantity(lineId, qty);
      if (!changed.ok) return this.fail(changed.error);
      this.setData({ error: '' });
    },
    /** The minus button from 1 to 0 takes the line out. */
    onQuantityMinus(event: WechatMiniprogram.BaseEvent) {
      const lineId = String(event.currentTarget.dataset.line);
      if (stepper.minus(lineId)) this.removeLine(lineId);
    },
    /** The box left empty, at 0 or at a refused quantity shows the line's quantity again. */
    onQuantityBlur(event: DetailEvent<{ value?: number }>) {
      const lineId = String(event.currentTarget.dataset.line);
      const qty = pos.cart.cart.lines.find((line) => line.lineId === lineId)?.qty ?? null;
      for (const data of quantityShownAgain(this.data.lines, lineId, event.detail.value, qty))
        this.setData(data);
    },
    onRemove(event: WechatMiniprogram.BaseEvent) {
      this.removeLine(String(event.currentTarget.dataset.line));
    },
    removeLine(lineId: string) {
      const removed = pos.cart.removeLine(lineId);
      if (!removed.ok) return this.fail(removed.error);
      this.setData({ error: '' });
    },
    /**
     * Closes the editors and the manager's pad, dropping what waited for a PIN: it was asked for
     * this sale's lines, and the next sale's lines have the same ids.
     */
    closeEdits() {
      this.setData({
        editing: null,
        approving: '',
        pending: null,
        repricing: null,
        pendingPrice: null,
        weighing: null,
      });
    },
    onClearCart() {
      pos.cart.clear();
      this.closeEdits();
    },
    onCheckout() {
      if (pos.cart.isEmpty) return;
      const sale = pos.cart.pricing;
      if (!sale.ok) return this.fail(sale.error);
      // An edit left waiting for a PIN is not part of this sale: the customer pays without it.
      this.closeEdits();
      const missing = pos.cart.approvalsMissing;
      if (missing.length > 0)
        return this.setData({
          approving: 'checkout',
          approvalTitle: approvalTitle('checkout', missing),
          error: '',
        });
      open('checkout');
    },
    /** On a kiosk device the cart goes too: the next one at the screen is a customer. */
    onSignOut() {
      signOutStaff();
    },
  },
});
