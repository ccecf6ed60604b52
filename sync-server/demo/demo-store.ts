// The store a fresh server starts with, so a new install can sell at once: settings, a cafe-plus-
// convenience catalog, stock, staff with random PINs and a few members. Deterministic per random source.
import {
  defaultStoreSettings,
  hashPin,
  withCheckDigit,
  type Category,
  type Member,
  type Product,
  type Role,
  type Sku,
  type Staff,
  type StockLevel,
  type StoreSettings,
} from '@pos/shared';
import { pinyinInitials, withLabelInitials } from '../catalog/initials';
import { demoCategories, type DemoCategory, type ItemRow } from './demo-catalog';

export interface RandomSource {
  /** `n` random bytes. */
  bytes(n: number): Uint8Array;
  /** A uniformly random integer in [0, max). */
  int(max: number): number;
}

/** A staff member's PIN in the clear: printed once at first start, never stored. */
export interface DemoStaffPin {
  staffId: string;
  name: string;
  role: Role;
  pin: string;
}

export interface DemoStore {
  settings: StoreSettings;
  categories: Category[];
  products: Product[];
  stock: StockLevel[];
  staff: Staff[];
  members: Member[];
  staffPins: DemoStaffPin[];
}

export const DEMO_STORE_NAME = '示例咖啡便利店';

const demoStaff: ReadonlyArray<{ id: string; name: string; role: Role }> = [
  { id: 'staff-manager', name: '张店长', role: 'manager' },
  { id: 'staff-cashier-1', name: '李晓', role: 'cashier' },
  { id: 'staff-cashier-2', name: '王芳', role: 'cashier' },
];

const demoMembers: readonly Member[] = [
  member('m-0001', '13912345678', '陈女士', '金卡', 2680, 35000, Date.UTC(2025, 8, 12, 3)),
  member('m-0002', '13800138001', '刘先生', '银卡', 860, 12000, Date.UTC(2026, 1, 3, 9)),
  member('m-0003', '15017561234', '周同学', '普通', 120, 0, Date.UTC(2026, 5, 20, 6)),
  member('m-0004', '18612340987', '吴女士', '银卡', 1530, 5000, Date.UTC(2026, 3, 8, 11)),
  member('m-0005', '17759203318', '', '普通', 40, 2000, Date.UTC(2026, 9, 30, 1)),
];

function member(
  id: string,
  phone: string,
  name: string,
  level: string,
  points: number,
  balance: number,
  joinedAt: number,
): Member {
  return { id, phone, name, level, points, balance, joinedAt };
}

/** Made-up EAN-13s with China's 69x prefix: "692", a 4-digit maker per category, a 5-digit item. */
function demoBarcode(categoryIndex: number, rowIndex: number): string {
  const maker = String(1000 + categoryIndex);
  const item = String(rowIndex + 1).padStart(5, '0');
  return withCheckDigit(`692${maker}${item}`);
}

/** A spread of believable stock levels, a few of them low, the same on every run. */
function demoStockLevel(soldBy: Product['soldBy'], serial: number): number {
  if (soldBy === 'weight') return (3 + ((serial * 7) % 17)) * 1000;
  return 2 + ((serial * 37) % 48);
}

function skusFor(category: DemoCategory, productId: string, row: number, categoryIndex: number) {
  const sku = (n: number, fields: Omit<Sku, 'id'>): Sku =>
    withLabelInitials({ id: `${productId}-${n}`, ...fields });
  if (category.kind === 'cup') {
    const [, medium, large] = category.rows[row];
    const off = category.memberDiscount;
    return [
      sku(1, { label: '中杯', barcodes: [], price: medium, memberPrice: medium - off }),
      sku(2, { label: '大杯', barcodes: [], price: large, memberPrice: large - off }),
    ];
  }
  const [, price, memberPrice]: ItemRow = category.rows[row];
  const barcodes = category.kind === 'packaged' ? [demoBarcode(categoryIndex, row)] : [];
  return [sku(1, { label: '', barcodes, price, memberPrice: memberPrice ?? null })];
}

function demoCatalog(): Pick<DemoStore, 'categories' | 'products' | 'stock'> {
  const categories: Category[] = [];
  const products: Product[] = [];
  const stock: StockLevel[] = [];
  demoCategories.forEach((category, categoryIndex) => {
    categories.push({ id: category.id, name: category.name, sort: (categoryIndex + 1) * 10 });
    category.rows.forEach(([name], row) => {
      const id = `${category.id}-${String(row + 1).padStart(2, '0')}`;
      const soldBy = category.kind === 'weight' ? 'weight' : 'piece';
      // Drinks are made to order from ingredients the POS does not count.
      const stockTracked = category.kind !== 'cup';
      const skus = skusFor(category, id, row, categoryIndex);
      products.push({
        id,
        name,
        categoryId: category.id,
        initials: pinyinInitials(name),
        skus,
        active: true,
        stockTracked,
        soldBy,
      });
      if (stockTracked) {
        for (const sku of skus) {
          stock.push({ skuId: sku.id, level: demoStockLevel(soldBy, products.length) });
        }
      }
    });
  });
  return { categories, products, stock };
}

// PINs a colleague would guess first.
function isGuessable(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((digit, i) => digit - digits[i]));
  return steps.size === 1 && [...steps].every((step) => Math.abs(step) <= 1);
}

/** Six-digit PINs, one per person, none repeated: a PIN alone says who signs in. */
function drawPins(random: RandomSource, count: number): string[] {
  const pins: string[] = [];
  for (let attempt = 0; pins.length < count; attempt++) {
    if (attempt > 1000) throw new Error('the random source keeps repeating itself');
    const pin = String(random.int(1_000_000)).padStart(6, '0');
    if (!isGuessable(pin) && !pins.includes(pin)) pins.push(pin);
  }
  return pins;
}

/** The demo store; the plain PINs come back in `staffPins` for the first-start banner only. */
export function createDemoStore(random: RandomSource): DemoStore {
  const pins = drawPins(random, demoStaff.length);
  const staff: Staff[] = demoStaff.map((person, i) => ({
    ...person,
    pinHash: hashPin(pins[i], random.bytes(16)),
    active: true,
  }));
  const staffPins = demoStaff.map((person, i) => ({
    staffId: person.id,
    name: person.name,
    role: person.role,
    pin: pins[i],
  }));
  return {
    settings: { ...defaultStoreSettings, storeName: DEMO_STORE_NAME },
    ...demoCatalog(),
    staff,
    members: demoMembers.map((m) => ({ ...m })),
    staffPins,
  };
}
