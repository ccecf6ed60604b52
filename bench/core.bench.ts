// Benchmarks the core's per-keystroke work: repricing a 100-line cart and searching 20,000 SKUs.
// Prints median and p99 per operation and PASS/FAIL against a 16 ms frame. Run: npm run bench:core.
import { pinyin } from 'pinyin-pro';
import { withCheckDigit } from '../shared/barcode';
import {
  addItem,
  attachMember,
  emptyCart,
  indexCatalog,
  priceCart,
  setLineDiscount,
  setOrderDiscount,
  type Cart,
  type PricingContext,
} from '@pos/shared';
import type { Product } from '../shared/catalog';
import { buildSearchIndex, search } from '../shared/search';
import { seededNumbers } from '../test/support/seeded-random';

const frameBudgetMs = 16;
const skuCount = 20_000;

// Seeded, so every run benchmarks the same catalog and queries.
const random = seededNumbers(20261122);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const characters = Array.from(
  '拿铁咖啡奶茶红绿乌龙果汁苹香蕉橙柠檬草莓葡萄西瓜桃梨芒面包蛋糕饼干薯片巧克力牛肉鸡猪鱼虾' +
    '米饭粥豆腐酱油醋盐糖酒啤可乐雪碧矿泉水纸巾牙膏洗发香皂毛巾杯碗筷盘鲜生蔬菜白菜萝卜土豆番' +
    '茄黄瓜玉米花椒辣味麻甜酸冰热烤炸卤蒸家庭装特级精选有机进口本地新品经典原味奶油芝士抹',
);
const labels = ['', '大杯', '中杯', '小杯', '500g', '1kg', '家庭装', '单只', '6连包', '礼盒'];

function generateCatalog(): Product[] {
  const products: Product[] = [];
  let skus = 0;
  while (skus < skuCount) {
    const name = Array.from({ length: between(2, 6) }, () => pick(characters)).join('');
    const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const soldBy = random() < 0.15 ? 'weight' : 'piece';
    const variants = Math.min(between(1, 4), skuCount - skus);
    const productId = `p${products.length}`;
    products.push({
      id: productId,
      name,
      categoryId: `c${between(1, 30)}`,
      initials,
      active: random() > 0.02,
      stockTracked: true,
      soldBy,
      skus: Array.from({ length: variants }, (_, v) => {
        const price = between(100, 50_000);
        return {
          id: `${productId}-${v}`,
          label: variants > 1 ? labels[v + 1] : '',
          barcodes: [withCheckDigit(`69${String(skus + v).padStart(10, '0')}`)],
          price,
          memberPrice: random() < 0.3 ? price - between(0, price / 5) : null,
        };
      }),
    });
    skus += variants;
  }
  return products;
}

interface Timing {
  operation: string;
  medianMs: number;
  p99Ms: number;
  /** Only per-keystroke operations must fit in a frame; building an index happens per catalog. */
  gated: boolean;
}

function measure(
  operation: string,
  runs: number,
  run: (i: number) => unknown,
  gated = true,
): Timing {
  for (let i = 0; i < Math.min(runs, 1000); i++) run(i); // Warm up the JIT.
  const samples: number[] = [];
  let sink = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = run(i);
    samples.push(performance.now() - start);
    if (Array.isArray(result)) sink += result.length;
  }
  if (sink < 0) console.log(sink); // Keeps the results alive.
  samples.sort((a, b) => a - b);
  const at = (share: number) =>
    samples[Math.min(samples.length - 1, Math.floor(share * samples.length))];
  return { operation, medianMs: at(0.5), p99Ms: at(0.99), gated };
}

function main(): void {
  const started = performance.now();
  const products = generateCatalog();
  const active = products.filter((product) => product.active);
  const context: PricingContext = {
    catalog: indexCatalog(products),
    settings: { rounding: { unit: 'jiao', mode: 'half-up' }, discountApprovalBasisPoints: 2000 },
  };

  // A 100-line cart: a member, pieces and weights, some line discounts and an order discount.
  let cart: Cart = attachMember(emptyCart(), 'member-1');
  while (cart.lines.length < 100) {
    const product = pick(active);
    const qty = product.soldBy === 'weight' ? between(50, 3000) : between(1, 5);
    const lineId = `L${cart.lines.length + 1}`;
    cart = addItem(cart, { skuId: pick(product.skus).id, qty, lineId });
    const added = cart.lines.some((line) => line.lineId === lineId);
    if (added && cart.lines.length % 7 === 0)
      cart = setLineDiscount(cart, lineId, { kind: 'percent', basisPoints: 500 });
  }
  cart = setOrderDiscount(cart, { kind: 'amount', fen: 888 });
  const fullCart = cart;
  const scanSkus = Array.from({ length: 1000 }, () => pick(active).skus[0].id);

  const allSkus = active.flatMap((product) => product.skus);
  const queries = {
    initials: Array.from({ length: 2000 }, () => {
      const { initials } = pick(active);
      return initials.slice(0, between(1, Math.min(3, initials.length)));
    }),
    name: Array.from({ length: 2000 }, () => {
      const name = Array.from(pick(active).name);
      const start = between(0, name.length - 1);
      return name.slice(start, start + between(1, 2)).join('');
    }),
    barcode: Array.from({ length: 2000 }, () => pick(allSkus).barcodes[0]),
    miss: Array.from({ length: 500 }, (_, i) => `zzq${i}`),
  };

  const index = buildSearchIndex(products);
  const timings = [
    measure('priceCart, 100 lines', 2000, () => priceCart(fullCart, context)),
    measure('scan: addItem + priceCart, 100 lines', 1000, (i) =>
      priceCart(addItem(fullCart, { skuId: scanSkus[i], qty: 1 }), context),
    ),
    measure('indexCatalog, 20,000 SKUs', 20, () => indexCatalog(products), false),
    measure('buildSearchIndex, 20,000 SKUs', 20, () => buildSearchIndex(products), false),
    measure('search: initials (1-3 letters)', 2000, (i) => search(index, queries.initials[i], 20)),
    measure('search: name substring (1-2 chars)', 2000, (i) => search(index, queries.name[i], 20)),
    measure('search: exact barcode', 2000, (i) => search(index, queries.barcode[i], 20)),
    measure('search: no match (full scan)', 500, (i) => search(index, queries.miss[i], 20)),
  ];

  const skuTotal = products.reduce((sum, product) => sum + product.skus.length, 0);
  console.log(`catalog: ${products.length} products, ${skuTotal} SKUs (${allSkus.length} active)`);
  console.log(`${'operation'.padEnd(40)}${'median ms'.padStart(12)}${'p99 ms'.padStart(12)}`);
  for (const { operation, medianMs, p99Ms, gated } of timings) {
    const note = gated ? '' : '  (per catalog version, not per keystroke)';
    console.log(
      `${operation.padEnd(40)}${medianMs.toFixed(3).padStart(12)}${p99Ms.toFixed(3).padStart(12)}${note}`,
    );
  }
  const slow = timings.filter((timing) => timing.gated && timing.p99Ms >= frameBudgetMs);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    slow.length === 0
      ? `PASS: every per-keystroke operation's p99 is under ${frameBudgetMs} ms (${seconds} s)`
      : `FAIL: over ${frameBudgetMs} ms at p99: ${slow.map((timing) => timing.operation).join(', ')}`,
  );
  if (slow.length > 0) process.exitCode = 1;
}

main();
