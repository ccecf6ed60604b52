// A small catalog for the cart tests: piece and weight goods, member prices above and below list.
import type { Product } from '../../shared/catalog';
import { indexCatalog, type PricingContext } from '@pos/shared';
import type { RoundingRule } from '../../shared/settings';

export const products: Product[] = [
  {
    id: 'latte',
    name: '拿铁',
    categoryId: 'coffee',
    initials: 'nt',
    active: true,
    stockTracked: false,
    soldBy: 'piece',
    skus: [
      { id: 'latte-m', label: '', barcodes: [], price: 1800, memberPrice: 1500 },
      { id: 'latte-l', label: '大杯', barcodes: [], price: 2200, memberPrice: null },
    ],
  },
  {
    id: 'tea',
    name: '红茶',
    categoryId: 'drinks',
    initials: 'hc',
    active: true,
    stockTracked: true,
    soldBy: 'piece',
    // A member price above the list price is never used.
    skus: [{ id: 'tea', label: '', barcodes: [], price: 990, memberPrice: 1000 }],
  },
  {
    id: 'candy',
    name: '糖',
    categoryId: 'snacks',
    initials: 't',
    active: true,
    stockTracked: true,
    soldBy: 'piece',
    skus: [{ id: 'candy', label: '', barcodes: [], price: 40, memberPrice: null }],
  },
  {
    id: 'apple',
    name: '苹果',
    categoryId: 'fruit',
    initials: 'pg',
    active: true,
    stockTracked: true,
    soldBy: 'weight',
    // Per kg.
    skus: [{ id: 'apple', label: '', barcodes: [], price: 1298, memberPrice: 1198 }],
  },
  {
    id: 'pear',
    name: '梨',
    categoryId: 'fruit',
    initials: 'l',
    active: true,
    stockTracked: true,
    soldBy: 'weight',
    skus: [{ id: 'pear', label: '', barcodes: [], price: 1299, memberPrice: null }],
  },
  {
    id: 'retired',
    name: '旧款蛋糕',
    categoryId: 'cake',
    initials: 'jkdg',
    active: false,
    stockTracked: true,
    soldBy: 'piece',
    skus: [{ id: 'old-cake', label: '', barcodes: [], price: 1500, memberPrice: null }],
  },
];

export const catalog = indexCatalog(products);

export function contextWith(
  rounding: RoundingRule = { unit: 'none', mode: 'down' },
  discountApprovalBasisPoints = 2000,
): PricingContext {
  return { catalog, settings: { rounding, discountApprovalBasisPoints } };
}
