// The demo store a new server starts with: valid by the core's own schemas, and deterministic.
import { checkBarcode, productSchema, snapshotSchema, verifyPin, type Product } from '@pos/shared';
import { pinyinInitials } from '../../sync-server/catalog/initials';
import { createDemoStore, type RandomSource } from '../../sync-server/demo/demo-store';
import { seededRandom } from '../support/seeded-random';

const store = createDemoStore(seededRandom(42));
const skus = store.products.flatMap((product) => product.skus);
const byName = (name: string): Product => {
  const product = store.products.find((p) => p.name === name);
  if (!product) throw new Error(`no product named ${name}`);
  return product;
};

describe('createDemoStore', () => {
  it('has about 150 products in about 12 categories, every category used', () => {
    expect(store.products.length).toBeGreaterThanOrEqual(140);
    expect(store.products.length).toBeLessThanOrEqual(160);
    expect(store.categories.length).toBeGreaterThanOrEqual(10);
    const used = new Set(store.products.map((product) => product.categoryId));
    expect([...used].sort()).toEqual(store.categories.map((category) => category.id).sort());
  });

  it('passes the sync snapshot schema as a whole (settings, catalog, stock, staff, members)', () => {
    const result = snapshotSchema.safeParse({ ...store, devices: [], orders: [] });
    expect(result.error?.issues ?? []).toEqual([]);
    for (const product of store.products) expect(productSchema.parse(product)).toEqual(product);
    expect(store.settings.storeName).toBe('示例咖啡便利店');
  });

  it('has unique product and SKU ids', () => {
    expect(new Set(store.products.map((p) => p.id)).size).toBe(store.products.length);
    expect(new Set(skus.map((sku) => sku.id)).size).toBe(skus.length);
  });

  it('gives packaged goods unique, valid Chinese EAN-13 barcodes', () => {
    const barcodes = skus.flatMap((sku) => sku.barcodes);
    expect(barcodes.length).toBeGreaterThan(80);
    expect(new Set(barcodes).size).toBe(barcodes.length);
    for (const code of barcodes) {
      expect(code).toMatch(/^69\d{11}$/);
      expect(checkBarcode(code)).toEqual({ ok: true, kind: 'ean13' });
    }
    expect(byName('可口可乐 330ml').skus[0].barcodes).toHaveLength(1);
  });

  it('stores the pinyin initials of each name', () => {
    expect(byName('拿铁').initials).toBe('nt');
    expect(byName('可口可乐 330ml').initials).toBe('kkkl330ml');
    expect(byName('美式咖啡').initials).toBe('mskf');
    expect(byName('农夫山泉 1.5L').initials).toBe('nfsq15l');
    for (const product of store.products) {
      expect(product.initials).toBe(pinyinInitials(product.name));
      expect(product.initials).toMatch(/^[a-z0-9]+$/);
    }
  });

  it("stores each SKU label's initials, none for an empty label", () => {
    expect(byName('拿铁').skus.map((sku) => sku.initials)).toEqual(['zb', 'db']);
    expect(byName('可口可乐 330ml').skus[0]).not.toHaveProperty('initials');
    for (const sku of skus)
      expect(sku.initials).toBe(sku.label === '' ? undefined : pinyinInitials(sku.label));
  });

  it('sells made-to-order drinks in 中杯 and 大杯 without stock or barcodes', () => {
    const latte = byName('拿铁');
    expect(latte.stockTracked).toBe(false);
    expect(latte.skus.map((sku) => sku.label)).toEqual(['中杯', '大杯']);
    expect(latte.skus[1].price).toBeGreaterThan(latte.skus[0].price);
    expect(latte.skus.every((sku) => sku.barcodes.length === 0)).toBe(true);
  });

  it('sells fruit by weight at a price per kg, with stock in grams', () => {
    const fruit = store.products.filter((product) => product.soldBy === 'weight');
    expect(fruit.length).toBeGreaterThanOrEqual(5);
    for (const product of fruit) {
      expect(product.stockTracked).toBe(true);
      const level = store.stock.find((stock) => stock.skuId === product.skus[0].id)?.level;
      expect(level).toBeGreaterThanOrEqual(1000);
    }
    expect(byName('香蕉').skus[0].price).toBe(690);
  });

  it('keeps one stock level per stock-tracked SKU and none for drinks made to order', () => {
    const tracked = store.products.filter((p) => p.stockTracked).flatMap((p) => p.skus);
    expect(store.stock.map((stock) => stock.skuId).sort()).toEqual(
      tracked.map((sku) => sku.id).sort(),
    );
    expect(store.stock.every((stock) => stock.level > 0)).toBe(true);
  });

  it('offers member prices on some SKUs, always below the list price', () => {
    const withMemberPrice = skus.filter((sku) => sku.memberPrice !== null);
    expect(withMemberPrice.length).toBeGreaterThan(10);
    expect(withMemberPrice.length).toBeLessThan(skus.length);
    for (const sku of withMemberPrice) expect(sku.memberPrice).toBeLessThan(sku.price);
  });

  it('has one manager and two cashiers whose 6-digit PINs verify against their hashes', () => {
    expect(store.staff.map((person) => person.role).sort()).toEqual([
      'cashier',
      'cashier',
      'manager',
    ]);
    const pins = store.staffPins.map((entry) => entry.pin);
    expect(new Set(pins).size).toBe(3);
    for (const entry of store.staffPins) {
      const person = store.staff.find((candidate) => candidate.id === entry.staffId);
      expect(entry.pin).toMatch(/^\d{6}$/);
      expect(person?.pinHash).not.toContain(entry.pin);
      expect(verifyPin(entry.pin, person?.pinHash ?? '')).toBe(true);
      const wrong = String((Number(entry.pin) + 1) % 1_000_000).padStart(6, '0');
      expect(verifyPin(wrong, person?.pinHash ?? '')).toBe(false);
    }
  });

  it('skips guessable and repeated PINs', () => {
    const draws = [111111, 123456, 654321, 500000, 500000, 271828, 314159];
    const scripted: RandomSource = {
      int: () => draws.shift() ?? 0,
      bytes: (n) => new Uint8Array(n).fill(7),
    };
    expect(createDemoStore(scripted).staffPins.map((entry) => entry.pin)).toEqual([
      '500000',
      '271828',
      '314159',
    ]);
  });

  it('has members with valid phones, some with stored value and points', () => {
    expect(store.members.length).toBeGreaterThanOrEqual(3);
    expect(new Set(store.members.map((m) => m.phone)).size).toBe(store.members.length);
    expect(store.members.some((m) => m.balance > 0)).toBe(true);
    expect(store.members.some((m) => m.points > 0)).toBe(true);
  });

  it('is the same for the same random source and differs only in secrets for another', () => {
    expect(createDemoStore(seededRandom(42))).toEqual(store);
    const other = createDemoStore(seededRandom(7));
    expect(other.staffPins).not.toEqual(store.staffPins);
    expect(other.staff.map((person) => person.pinHash)).not.toEqual(
      store.staff.map((person) => person.pinHash),
    );
    expect(other.products).toEqual(store.products);
  });
});
