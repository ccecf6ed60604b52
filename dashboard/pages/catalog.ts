// The catalog: each SKU's price, member price and stock count, and whether its product is on sale.
import type { Category, Product } from '../../shared/catalog';
import { parseFen } from '../../shared/money';
import { api, ApiError } from '../api';
import { h, panel, table, yuan } from '../dom';
import { zh } from '../i18n/zh';
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

  function rowsFor(product: Product) {
    return product.skus.map((sku) => {
      const price = h('input', { value: yuan(sku.price).slice(1), size: 7 });
      const member = h('input', {
        value: sku.memberPrice === null ? '' : yuan(sku.memberPrice).slice(1),
        size: 7,
      });
      const level = h('input', {
        value: String(levels.get(sku.id) ?? ''),
        size: 5,
        type: 'number',
      });
      const active = h('input', { type: 'checkbox', checked: product.active });
      const status = h('span', { class: 'muted' });
      const save = h('button', {}, t.save);
      save.addEventListener('click', async () => {
        try {
          const skus = product.skus.map((s) =>
            s.id === sku.id
              ? {
                  ...s,
                  price: parseFen(price.value),
                  memberPrice: member.value.trim() === '' ? null : parseFen(member.value),
                }
              : s,
          );
          await api('PUT', `/api/catalog/products/${product.id}`, {
            ...product,
            skus,
            active: active.checked,
          });
          if (
            product.stockTracked &&
            level.value !== '' &&
            Number(level.value) !== levels.get(sku.id)
          )
            await api('PUT', `/api/stock/${sku.id}`, { level: Number(level.value) });
          status.textContent = t.saved;
        } catch (error) {
          status.textContent = error instanceof ApiError ? error.message : String(error);
        }
      });
      return [
        product.name + (sku.label ? ` ${sku.label}` : ''),
        categoryName.get(product.categoryId) ?? '',
        price,
        member,
        product.stockTracked ? level : '—',
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
