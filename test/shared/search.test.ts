// Search at the register: exact barcode, pinyin initials, name prefix, then substring; active only.
// Initials, a product's and its SKUs' labels', are the server's: the device makes none.
import type { Product } from '../../shared/catalog';
import { buildSearchIndex, search, type SearchHit } from '../../shared/search';
import { createDemoStore } from '../../sync-server/demo/demo-store';
import { seededRandom } from '../support/seeded-random';

function product(
  id: string,
  name: string,
  initials: string,
  skus: Array<{ id: string; label?: string; initials?: string; barcodes?: string[] }>,
  active = true,
): Product {
  return {
    id,
    name,
    initials,
    categoryId: 'c',
    active,
    stockTracked: true,
    soldBy: 'piece',
    skus: skus.map((sku) => ({
      label: '',
      barcodes: [],
      price: 1000,
      memberPrice: null,
      ...sku,
    })),
  };
}

const catalog: Product[] = [
  product('latte', '拿铁', 'nt', [
    { id: 'latte-m', barcodes: ['6901234567892'] },
    { id: 'latte-l', label: '大杯', initials: 'db', barcodes: ['SKU-LATTE-L'] },
  ]),
  product('iced-latte', '冰拿铁', 'bnt', [{ id: 'iced-latte' }]),
  product('napoleon', '拿破仑蛋糕', 'npldg', [{ id: 'napoleon' }]),
  product('toffee', '牛奶糖', 'nnt', [{ id: 'toffee' }]),
  product('cola', 'Coca-Cola 可乐', 'kl', [{ id: 'cola', barcodes: ['4006381333931'] }]),
  product('water', '矿泉水 550ml', 'kqs550ml', [{ id: 'water' }]),
  // Its initials are another product's barcode: the barcode still comes first.
  product('odd', '条码同名', '6901234567892', [{ id: 'odd' }]),
  product('retired', '停售拿铁', 'tsnt', [{ id: 'retired', barcodes: ['96385074'] }], false),
];
const index = buildSearchIndex(catalog);

const found = (hits: SearchHit[]) => hits.map((hit) => [hit.sku.id, hit.match]);

describe('search', () => {
  it('finds an exact barcode first, then the rest of the ranking', () => {
    expect(found(search(index, '6901234567892'))).toEqual([
      ['latte-m', 'barcode'],
      ['odd', 'initials'],
    ]);
    expect(found(search(index, '4006381333931'))).toEqual([['cola', 'barcode']]);
  });

  it('matches a barcode exactly, not by its start', () => {
    expect(search(index, '690123')).toEqual([
      expect.objectContaining({ match: 'initials', sku: expect.objectContaining({ id: 'odd' }) }),
    ]);
    expect(search(index, '400638133393')).toEqual([]);
  });

  it('finds store-internal barcodes whatever their case', () => {
    expect(found(search(index, 'sku-latte-l'))).toEqual([['latte-l', 'barcode']]);
  });

  it('finds pinyin initials by their start ("nt" finds 拿铁 and its variant)', () => {
    expect(found(search(index, 'nt'))).toEqual([
      ['latte-m', 'initials'],
      ['latte-l', 'initials'],
    ]);
    expect(found(search(index, 'n'))).toEqual([
      ['latte-m', 'initials'],
      ['toffee', 'initials'],
      ['latte-l', 'initials'],
      ['napoleon', 'initials'],
    ]);
  });

  it('finds a variant by the initials of the product and its label ("ntdb" finds 拿铁 大杯)', () => {
    expect(found(search(index, 'ntdb'))).toEqual([['latte-l', 'initials']]);
    expect(found(search(index, 'ntd'))).toEqual([['latte-l', 'initials']]);
    expect(found(search(index, 'ＮＴＤＢ'))).toEqual([['latte-l', 'initials']]);
    // The label's initials follow the product's, never stand alone: "db" is nobody's start.
    expect(search(index, 'db')).toEqual([]);
    // Ranked with the other initials hits: shorter names first.
    const sizes = buildSearchIndex([
      product('tea', '奶茶', 'nc', [
        { id: 'tea-l', label: '大杯', initials: 'db' },
        { id: 'tea-m', label: '中杯', initials: 'zb' },
        { id: 'tea-hot', label: '热', initials: 'r' },
      ]),
      product('yogurt', '牛奶', 'nn', [{ id: 'milk', label: '500ml', initials: '500ml' }]),
    ]);
    expect(found(search(sizes, 'ncd'))).toEqual([['tea-l', 'initials']]);
    expect(found(search(sizes, 'ncz'))).toEqual([['tea-m', 'initials']]);
    expect(found(search(sizes, 'ncr'))).toEqual([['tea-hot', 'initials']]);
    expect(found(search(sizes, 'nc'))).toEqual([
      ['tea-hot', 'initials'],
      ['tea-l', 'initials'],
      ['tea-m', 'initials'],
    ]);
    expect(found(search(sizes, 'nn500'))).toEqual([['milk', 'initials']]);
  });

  it("takes a label's initials as the server made them, not guessed from its characters", () => {
    // 调味 reads tiáo wèi here (pinyin-pro, in context); 龘 is outside GB2312's common characters.
    const labels = buildSearchIndex([
      product('tea', '奶茶', 'nc', [
        { id: 'seasoned', label: '调味', initials: 'tw' },
        { id: 'rare', label: '龘杯', initials: 'db' },
      ]),
    ]);
    expect(found(search(labels, 'nctw'))).toEqual([['seasoned', 'initials']]);
    expect(search(labels, 'ncdw')).toEqual([]);
    expect(found(search(labels, 'ncdb'))).toEqual([['rare', 'initials']]);
  });

  it('finds a labelled SKU saved before the server made its initials by the product alone', () => {
    const old = buildSearchIndex([product('tea', '奶茶', 'nc', [{ id: 'old', label: '大杯' }])]);
    expect(found(search(old, 'nc'))).toEqual([['old', 'initials']]);
    expect(search(old, 'ncdb')).toEqual([]);
  });

  it("finds the demo store's 拿铁 大杯 by ntdb, with the initials the server gave its label", () => {
    const demo = buildSearchIndex(createDemoStore(seededRandom(1)).products);
    expect(search(demo, 'ntdb').map(({ product, sku }) => `${product.name} ${sku.label}`)).toEqual([
      '拿铁 大杯',
    ]);
  });

  it('ranks initials, then names that start with the query, then names containing it', () => {
    // "拿": 拿铁, 拿铁 大杯 and 拿破仑蛋糕 start with it (shortest first); 冰拿铁 contains it.
    expect(found(search(index, '拿'))).toEqual([
      ['latte-m', 'name-prefix'],
      ['latte-l', 'name-prefix'],
      ['napoleon', 'name-prefix'],
      ['iced-latte', 'name'],
    ]);
    // Within a rank, shorter names first: 矿泉水 550ml before Coca-Cola 可乐.
    expect(found(search(index, 'k'))).toEqual([
      ['water', 'initials'],
      ['cola', 'initials'],
    ]);
    expect(found(search(index, 'cola'))).toEqual([['cola', 'name']]);
  });

  it('finds a variant by its label', () => {
    expect(found(search(index, '大杯'))).toEqual([['latte-l', 'name']]);
    expect(found(search(index, '拿铁 大'))).toEqual([['latte-l', 'name-prefix']]);
  });

  it('finds a name and its variant or size typed without the space between them', () => {
    // A Chinese IME types 拿铁大杯 where the tile shows 拿铁 大杯.
    expect(found(search(index, '拿铁大杯'))).toEqual([['latte-l', 'name-prefix']]);
    expect(found(search(index, '铁大'))).toEqual([['latte-l', 'name']]);
    expect(found(search(index, '矿泉水550'))).toEqual([['water', 'name-prefix']]);
  });

  it('ignores case, surrounding spaces and full-width characters', () => {
    expect(found(search(index, '  COCA-cola '))).toEqual([['cola', 'name-prefix']]);
    expect(found(search(index, 'ＮＴ'))).toEqual(found(search(index, 'nt')));
    expect(found(search(index, '５５０ML'))).toEqual([['water', 'name']]);
  });

  it('leaves out inactive products, by name, initials and barcode', () => {
    expect(search(index, '停售')).toEqual([]);
    expect(search(index, 'tsnt')).toEqual([]);
    expect(search(index, '96385074')).toEqual([]);
    expect(found(search(index, '拿铁')).map(([id]) => id)).not.toContain('retired');
  });

  it('returns nothing for an empty query and nothing for no match', () => {
    expect(search(index, '')).toEqual([]);
    expect(search(index, '   ')).toEqual([]);
    expect(search(index, '咖啡豆')).toEqual([]);
  });

  it('stops at the limit, keeping the best hits', () => {
    expect(found(search(index, 'n', 2))).toEqual([
      ['latte-m', 'initials'],
      ['toffee', 'initials'],
    ]);
    expect(found(search(index, '6901234567892', 1))).toEqual([['latte-m', 'barcode']]);
    expect(() => search(index, 'n', 0)).toThrow('limit must be a whole number >= 1, got 0');
  });

  it('finds a UPC-A product whichever form the scanner sends: 12 digits or EAN-13 with a 0', () => {
    const imported = buildSearchIndex([
      product('upc', '进口薯片', 'jksp', [{ id: 'upc', barcodes: ['036000291452'] }]),
      product('ean', '进口饼干', 'jkbg', [{ id: 'ean', barcodes: ['0012345678905'] }]),
    ]);
    expect(found(search(imported, '0036000291452'))).toEqual([['upc', 'barcode']]);
    expect(found(search(imported, '036000291452'))).toEqual([['upc', 'barcode']]);
    expect(found(search(imported, '012345678905'))).toEqual([['ean', 'barcode']]);
    // Only a leading 0 makes an EAN-13 a UPC-A: others stay their own codes.
    expect(search(imported, '6036000291452')).toEqual([]);
  });

  it('finds a product stored as UPC-A or EAN-13 by its UPC-E, and the other way round', () => {
    const imported = buildSearchIndex([
      product('upc', '进口口香糖', 'jkkxt', [{ id: 'upc', barcodes: ['042100005264'] }]),
      product('ean', '进口糖果', 'jktg', [{ id: 'ean', barcodes: ['0012000003455'] }]),
      product('upce', '进口薄荷糖', 'jkbht', [{ id: 'upce', barcodes: ['01234523'] }]),
    ]);
    expect(found(search(imported, '04252614'))).toEqual([['upc', 'barcode']]);
    expect(found(search(imported, '01234505'))).toEqual([['ean', 'barcode']]);
    expect(found(search(imported, '012200003453'))).toEqual([['upce', 'barcode']]);
  });

  it('finds a UPC-E whose sixth digit is 5-9 (its digits are a valid EAN-8 too) in either form', () => {
    // 01234558 is the UPC-E of 012345000058, and a valid EAN-8 as it stands: scanners send either.
    const imported = buildSearchIndex([
      product('upc', '进口巧克力', 'jkqkl', [{ id: 'upc', barcodes: ['012345000058'] }]),
      product('upce', '进口软糖', 'jkrt', [{ id: 'upce', barcodes: ['19876597'] }]),
      product('ean8', '国产饼干', 'gcbg', [{ id: 'ean8', barcodes: ['06543273'] }]),
    ]);
    expect(found(search(imported, '01234558'))).toEqual([['upc', 'barcode']]);
    expect(found(search(imported, '0012345000058'))).toEqual([['upc', 'barcode']]);
    expect(found(search(imported, '198765000097'))).toEqual([['upce', 'barcode']]);
    expect(found(search(imported, '19876597'))).toEqual([['upce', 'barcode']]);
    // An EAN-8 printed as such is still found by its own digits, and only once.
    expect(found(search(imported, '06543273'))).toEqual([['ean8', 'barcode']]);
  });

  it('gives the whole product and SKU with each hit', () => {
    const [hit] = search(index, 'SKU-LATTE-L');
    expect(hit.product.id).toBe('latte');
    expect(hit.sku).toEqual(catalog[0].skus[1]);
  });
});
