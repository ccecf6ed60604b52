// The catalog: each SKU's price, member price and stock count (weighed goods' in kilograms), and
// whether its product is on sale.
import type { Category, Product } from '../../shared/catalog';
import { parseFen } from '../../shared/money';
import { api, ApiError } from '../api';
import { h, panel, table, yuan } from '../dom';
import { zh } from '../i18n/zh';
import { stockBoxValue, stockCountOf } from '../stock-count';
import type { Page } from '../types';

const t = zh.catalog;

export const catalogPage: Page = async (root) => {
  const [{ categories, products }, { stock }] = await Promise.all([
    api<{ categories: Category[]; products: Product[] }>('GET', '/api/catalog'),
    api<{ stock: Array<{ skuId: string; level: number }> }>('GET', '/api/stock'),
  ]);
  const levels = new Map(stock.map((s) => [s.skuId, s.level]));
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const search = h('input', { placeholder: t.search, type: 'search' });
  const body = h('div', {});
  // Each product as this page last saw it: loaded, saved from here, or reloaded after a save refused
  // as stale. A save sends the whole product, every SKU, with this as its base: a second SKU's save
  // must start from the first one's, or it puts back the first SKU's old price.
  const saved = new Map(products.map((p) => [p.id, p]));
  // Each product's rows, as functions that show a product's prices and on-sale state in them: a
  // save refused as stale shows the product as it is now.
  const shows = new Map<string, Array<(product: Product) => void>>();

  /** A typed amount in fen; a mistake says which field it is in. */
  function fenOf(input: HTMLInputElement, label: string): number {
    try {
      return parseFen(input.value);
    } catch (error) {
      throw new Error(`${label}：${(error as Error).message}`);
    }
  }

  /** Another save came first: the product as it is now becomes this page's, shown in its rows. */
  async function reload(id: string): Promise<void> {
    const { products: now } = await api<{ products: Product[] }>('GET', '/api/catalog');
    const product = now.find((p) => p.id === id);
    if (!product) return;
    saved.set(id, product);
    for (const show of shows.get(id) ?? []) show(product);
  }

  function rowsFor(loaded: Product) {
    const product = saved.get(loaded.id) ?? loaded;
    // A product's on-sale box is on each of its SKU rows: they show one state, whichever is ticked.
    const boxes: HTMLInputElement[] = [];
    const rowShows: Array<(product: Product) => void> = [];
    shows.set(product.id, rowShows);
    return product.skus.map((sku) => {
      const price = h('input', { size: 7, 'data-test': `price-${sku.id}` });
      const member = h('input', { size: 7, 'data-test': `member-${sku.id}` });
      const byWeight = product.soldBy === 'weight';
      const level = h('input', {
        value: stockBoxValue(levels.get(sku.id), product.soldBy),
        size: byWeight ? 8 : 5,
        inputmode: byWeight ? 'decimal' : 'numeric',
        'data-test': `level-${sku.id}`,
      });
      // A count is sent when the box was typed in, whatever it then says: the tills sell meanwhile,
      // so the figure loaded with the page may be the one the shelf holds again.
      let counted = false;
      level.addEventListener('input', () => (counted = true));
      const active = h('input', { type: 'checkbox', 'data-test': `active-${sku.id}` });
      boxes.push(active);
      const show = (shown: Product) => {
        const now = shown.skus.find((s) => s.id === sku.id);
        if (!now) return;
        price.value = yuan(now.price).slice(1);
        member.value = now.memberPrice === null ? '' : yuan(now.memberPrice).slice(1);
        active.checked = shown.active;
      };
      show(product);
      rowShows.push(show);
      active.addEventListener('change', () => {
        for (const box of boxes) box.checked = active.checked;
      });
      const status = h('span', { class: 'muted', 'data-test': `status-${sku.id}` });
      const save = h('button', { 'data-test': `save-${sku.id}` }, t.save);
      save.addEventListener('click', async () => {
        status.textContent = '';
        try {
          const current = saved.get(product.id) ?? product;
          const listPrice = fenOf(price, t.price);
          const memberPrice = member.value.trim() === '' ? null : fenOf(member, t.memberPrice);
          // The till charges a member the lower price: one not below the list price is never paid,
          // yet a tile would show it as the member's.
          if (memberPrice !== null && memberPrice >= listPrice) {
            status.textContent = t.memberNotBelow(yuan(memberPrice), yuan(listPrice));
            return;
          }
          const count =
            product.stockTracked && counted && level.value.trim() !== ''
              ? stockCountOf(level.value, product.soldBy)
              : null;
          const skus = current.skus.map((s) =>
            s.id === sku.id ? { ...s, price: listPrice, memberPrice } : s,
          );
          // `base`: the product this change was made on; the server refuses it when another save
          // came since, rather than put back what that save changed.
          const response = await api<{ product: Product }>(
            'PUT',
            `/api/catalog/products/${product.id}`,
            { ...current, skus, active: active.checked, base: current },
          );
          saved.set(product.id, response.product);
          // Sent once per count typed: sending it again with a later save would undo the sales
          // made since (the level is set, not moved).
          if (count !== null) {
            await api('PUT', `/api/stock/${sku.id}`, { level: count });
            counted = false;
          }
          status.textContent = t.saved;
        } catch (error) {
          if (error instanceof ApiError && error.code === 'stale_product') {
            status.textContent = await reload(product.id).then(
              () => t.staleProduct,
              (failed: unknown) => (failed instanceof Error ? failed.message : String(failed)),
            );
            return;
          }
          status.textContent = error instanceof Error ? error.message : String(error);
        }
      });
      return [
        product.name + (sku.label ? ` ${sku.label}` : ''),
        categoryName.get(product.categoryId) ?? '',
        price,
        member,
        product.stockTracked
          ? h(
              'span',
              {},
              level,
              byWeight && ' ',
              byWeight && h('span', { 'data-test': `level-unit-${sku.id}` }, t.kilograms),
            )
          : '—',
        active,
        h('span', {}, save, ' ', status),
      ];
    });
  }
  function draw() {
    const needle = search.value.trim();
    const shown = products.filter(
      (p) => needle === '' || p.name.includes(needle) || p.initials.includes(needle.toLowerCase()),
    );
    body.replaceChildren(
      table(
        [t.name, t.category, t.price, t.memberPrice, t.stock, t.active, ''],
        shown.slice(0, 200).flatMap(rowsFor),
      ),
    );
  }
  search.addEventListener('input', draw);
  draw();
  root.append(h('div', { class: 'row' }, h('h2', {}, t.heading), search), panel(null, body));
};
