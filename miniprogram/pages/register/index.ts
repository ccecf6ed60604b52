// The register: categories, the product grid (or search results), the cart with quantity
// steppers and totals, and the sync badge. The cart store prices and refuses; this page shows.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { RuleError } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import { cartLines, emptyTotals, totals, type CartLineView } from '../../view/cart-view';
import {
  categoryTabs,
  productTiles,
  searchTiles,
  type CategoryTab,
  type ProductTile,
} from '../../view/catalog-view';
import { open, restartAt, screenFor } from '../../view/navigation';
import { pos } from '../../view/pos';
import type { DetailEvent } from '../../view/page-events';

/** What a hardware scanner types (then Enter): digits only, long enough to be a barcode. */
const looksLikeBarcode = (query: string) => /^\d{6,14}$/.test(query.trim());

ComponentWithStore({
  data: {
    t: words(text.register),
    tt: words(text.totals),
    tc: text.common,
    categories: [] as CategoryTab[],
    allTiles: [] as ProductTile[],
    tiles: [] as ProductTile[],
    lines: [] as CartLineView[],
    totals: emptyTotals,
    cashier: '',
    catalogState: 'loading' as 'loading' | 'empty' | 'ready',
    catalogError: '' as string | null,
    saveProblem: '' as string | null,
    activeCategory: 0,
    query: '',
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      categories: () => categoryTabs(pos.catalog.categories, pos.catalog.products),
      allTiles: () => productTiles(pos.catalog.products, pos.catalog.stock),
      lines: () => cartLines(pos.cart.priced),
      totals: () => totals(pos.cart.priced, pos.cart.itemCount),
      cashier: () => pos.session.staff?.name ?? '',
      catalogState: () =>
        pos.catalog.products.length > 0
          ? 'ready'
          : pos.sync.status.connection === 'connecting'
            ? 'loading'
            : 'empty',
      catalogError: () => pos.catalog.catalogError,
      saveProblem: () => pos.cart.saveProblem,
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
      this.setData({ query: event.detail, error: '' });
    },
    /** Enter in the search box: a scanner's barcode goes straight into the cart. */
    onSearchConfirm(event: DetailEvent<string>) {
      const query = event.detail ?? this.data.query;
      if (!looksLikeBarcode(query)) return;
      const added = pos.cart.addByBarcode(query.trim());
      if (!added.ok) return this.fail(added.error);
      this.setData({ query: '', error: '' });
    },
    onClearSearch() {
      this.setData({ query: '' });
    },
    onAdd(event: WechatMiniprogram.BaseEvent) {
      const added = pos.cart.addItem(String(event.currentTarget.dataset.sku));
      if (!added.ok) return this.fail(added.error);
      this.setData({ error: '' });
    },
    onQuantity(event: DetailEvent<number | string>) {
      const lineId = String(event.currentTarget.dataset.line);
      const qty = Number(event.detail);
      const changed = qty > 0 ? pos.cart.setQuantity(lineId, qty) : pos.cart.removeLine(lineId);
      if (!changed.ok) return this.fail(changed.error);
      this.setData({ error: '' });
    },
    onRemove(event: WechatMiniprogram.BaseEvent) {
      const removed = pos.cart.removeLine(String(event.currentTarget.dataset.line));
      if (!removed.ok) this.fail(removed.error);
    },
    onClearCart() {
      pos.cart.clear();
    },
    onCheckout() {
      if (pos.cart.isEmpty) return;
      open('checkout');
    },
    onOrders() {
      open('orders');
    },
    onShift() {
      open('shift');
    },
    onSignOut() {
      pos.session.signOut();
      restartAt('signIn');
    },
  },
});
