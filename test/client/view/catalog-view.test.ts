// The register's product tiles: stock levels as the cashier reads them, weighed goods' (held in
// grams) with their unit, and a member price only where a member pays it.
import type { Product } from '@pos/shared';
import { productTile } from '../../../miniprogram/view/catalog-view';
import { weightText } from '../../../miniprogram/view/weight-entry';

const product = (soldBy: Product['soldBy']): Product => ({
  id: soldBy,
  name: soldBy === 'weight' ? '富士苹果' : '拿铁',
  initials: '',
  categoryId: 'c',
  active: true,
  stockTracked: true,
  soldBy,
  skus: [{ id: `${soldBy}-sku`, label: '', barcodes: [], price: 1280, memberPrice: null }],
});

const stockShown = (soldBy: Product['soldBy'], level: number) => {
  const item = product(soldBy);
  return productTile(item, item.skus[0], new Map([[item.skus[0].id, level]])).stock;
};

test('weighed goods show their stock with a unit: grams below a kilogram, kilograms from one up', () => {
  expect(stockShown('weight', 1500)).toBe('库存 1.5 kg');
  expect(stockShown('weight', 500)).toBe('库存 500 克');
  expect(stockShown('weight', 1000)).toBe('库存 1 kg');
  expect(stockShown('weight', 12345)).toBe('库存 12.345 kg');
  // Oversold: still a weight (the tile says 缺货 over it).
  expect(stockShown('weight', -2500)).toBe('库存 -2.5 kg');
});

test('goods sold by the piece keep a bare count', () => {
  expect(stockShown('piece', 1500)).toBe('库存 1500');
  expect(stockShown('piece', 3)).toBe('库存 3');
});

test('a weight is shown in grams or kilograms, never with more than three decimals', () => {
  expect(weightText(0)).toBe('0 克');
  expect(weightText(999)).toBe('999 克');
  expect(weightText(1250)).toBe('1.25 kg');
  expect(weightText(-800)).toBe('-800 克');
});

test('a member price is shown only below the list price: at or above it, the member pays the list price', () => {
  const tile = (memberPrice: number | null) => {
    const item = product('piece');
    const sku = { ...item.skus[0], price: 500, memberPrice };
    return productTile({ ...item, skus: [sku] }, sku, new Map()).memberPrice;
  };
  expect(tile(450)).toBe('¥4.50');
  // A list price lowered under the member price: priceCart charges ¥5.00, so the tile says nothing.
  expect(tile(1200)).toBe('');
  expect(tile(500)).toBe('');
  expect(tile(null)).toBe('');
});
