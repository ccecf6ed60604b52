// What the register's product grid shows, from the catalog: one tile per sellable SKU with its
// price, member price and stock. Pure: the page binds the result.
import {
  formatFen,
  memberPriceOf,
  type Category,
  type Product,
  type SearchHit,
  type Sku,
} from '@pos/shared';
import { text } from '../i18n/index';
import { weightText } from './weight-entry';

export interface ProductTile {
  skuId: string;
  categoryId: string;
  name: string;
  price: string;
  /**
   * Empty when the SKU has no member price, or one not below its price: priceCart charges a member
   * the lower of the two, so a member price at or above the list price is never what they pay.
   */
  memberPrice: string;
  /** Empty when stock is not tracked; weighed goods' with their unit ("库存 1.5 kg"). */
  stock: string;
  soldOut: boolean;
  /** Priced per kg: its quantity is the grams weighed, typed before it is added. */
  byWeight: boolean;
}

export interface CategoryTab {
  id: string;
  name: string;
}

/** One SKU's tile (stock from `stock`, empty when untracked or unknown). */
export function productTile(
  product: Product,
  sku: Sku,
  stock: ReadonlyMap<string, number>,
): ProductTile {
  const byWeight = product.soldBy === 'weight';
  const perKg = byWeight ? text.register.perKg : '';
  const level = product.stockTracked ? stock.get(sku.id) : undefined;
  const memberPrice = memberPriceOf(sku);
  return {
    skuId: sku.id,
    categoryId: product.categoryId,
    name: sku.label ? `${product.name} ${sku.label}` : product.name,
    price: formatFen(sku.price) + perKg,
    memberPrice: memberPrice === null ? '' : formatFen(memberPrice) + perKg,
    stock: level === undefined ? '' : text.register.stock(byWeight ? weightText(level) : level),
    soldOut: level !== undefined && level <= 0,
    byWeight,
  };
}

/** Every active SKU of the catalog, in catalog order. */
export function productTiles(
  products: readonly Product[],
  stock: ReadonlyMap<string, number>,
): ProductTile[] {
  return products
    .filter((product) => product.active)
    .flatMap((product) => product.skus.map((sku) => productTile(product, sku, stock)));
}

/** The tiles of a search, best match first. */
export function searchTiles(
  hits: readonly SearchHit[],
  stock: ReadonlyMap<string, number>,
): ProductTile[] {
  return hits.map((hit) => productTile(hit.product, hit.sku, stock));
}

/** The categories that have something to sell, in the store's order. */
export function categoryTabs(
  categories: readonly Category[],
  products: readonly Product[],
): CategoryTab[] {
  const used = new Set(products.filter((p) => p.active).map((p) => p.categoryId));
  return categories.filter((c) => used.has(c.id)).map(({ id, name }) => ({ id, name }));
}
