// A manager's catalog edits over real HTTP: a barcode in its UPC-A and EAN-13 forms is one code,
// category ids keep to a safe pattern and a product's SKUs to a grid's size. Each refusal names the
// problem and writes nothing to the journal; what an old journal saved still loads and is editable.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Product } from '@pos/shared';
import { productBytesProblem } from '../../sync-server/catalog/catalog-input';
import { api, demo, serverForEachTest, signIn, type TestServer } from '../support/test-server';

let server: TestServer;
let manager: string;
serverForEachTest((started) => (server = started));
beforeEach(async () => (manager = await signIn(server, 'manager')));

function journalBytes(): number {
  const dir = join(server.dataDir, 'journal');
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

const putProduct = (product: Omit<Product, 'initials'>) =>
  api(server, 'PUT', `/api/catalog/products/${encodeURIComponent(product.id)}`, {
    token: manager,
    body: product,
  });
const putCategory = (id: string) =>
  api(server, 'PUT', `/api/catalog/categories/${encodeURIComponent(id)}`, {
    token: manager,
    body: { name: '新分类', sort: 99 },
  });

/** A demo product sold by the piece, its first SKU carrying only `barcodes`. */
function withBarcodes(index: number, barcodes: string[]): Omit<Product, 'initials'> {
  const { initials: _initials, ...product } = demo.products.filter((p) => p.soldBy === 'piece')[
    index
  ];
  return { ...product, skus: [{ ...product.skus[0], barcodes }] };
}

describe('barcodes', () => {
  // A UPC-A with its check digit, and the EAN-13 that is it with a leading 0.
  const upcA = '036000291452';
  const ean13 = `0${upcA}`;

  test.each([
    ['the UPC-A first, then its EAN-13 form', upcA, ean13],
    ['the EAN-13 first, then its UPC-A form', ean13, upcA],
  ])('%s on another product is refused, naming the SKU that has it', async (_, first, then) => {
    const owner = withBarcodes(0, [first]);
    expect((await putProduct(owner)).status).toBe(200);
    const before = journalBytes();
    const other = withBarcodes(1, [then]);
    expect(await putProduct(other)).toMatchObject({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: `barcode ${then} is already on SKU ${owner.skus[0].id} (as ${first}, the same code)`,
        },
      },
    });
    expect(journalBytes()).toBe(before);
    expect(server.store.state.products[other.id].skus[0].barcodes).toEqual(
      demo.products.find((p) => p.id === other.id)!.skus[0].barcodes,
    );
  });

  test('both forms on SKUs of one product are refused too; one form alone is saved', async () => {
    const product = withBarcodes(0, [upcA]);
    const second = { ...product.skus[0], id: `${product.skus[0].id}-b`, barcodes: [ean13] };
    expect(await putProduct({ ...product, skus: [...product.skus, second] })).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/already on SKU/) } },
    });
    expect(await putProduct(product)).toMatchObject({ status: 200 });
    // Saving the same product again with its own code is no conflict with itself.
    expect(await putProduct(withBarcodes(0, [ean13]))).toMatchObject({ status: 200 });
  });
});

describe('barcodes as the till reads them', () => {
  test('a code in other letter case is the same code: refused on another product', async () => {
    const owner = withBarcodes(0, ['ABC12345']);
    expect((await putProduct(owner)).status).toBe(200);
    expect(await putProduct(withBarcodes(1, ['abc12345']))).toMatchObject({
      status: 409,
      body: {
        error: {
          message: `barcode abc12345 is already on SKU ${owner.skus[0].id} (as ABC12345, the same code)`,
        },
      },
    });
  });

  test('a UPC-E is saved, and is the same code as its UPC-A on another product', async () => {
    const owner = withBarcodes(0, ['04252614']);
    expect(await putProduct(owner)).toMatchObject({ status: 200 });
    expect(await putProduct(withBarcodes(1, ['042100005264']))).toMatchObject({
      status: 409,
      body: {
        error: {
          message: `barcode 042100005264 is already on SKU ${owner.skus[0].id} (as 04252614, the same code)`,
        },
      },
    });
  });

  test.each([
    ['the 8 digits first, then the UPC-A', '01234558', '012345000058'],
    ['the UPC-A first, then the 8 digits', '012345000058', '01234558'],
  ])(
    'a UPC-E that is also a valid EAN-8 is one code with its UPC-A: %s on another product is refused',
    async (_, first, then) => {
      const owner = withBarcodes(0, [first]);
      expect(await putProduct(owner)).toMatchObject({ status: 200 });
      expect(await putProduct(withBarcodes(1, [then]))).toMatchObject({
        status: 409,
        body: {
          error: {
            message: `barcode ${then} is already on SKU ${owner.skus[0].id} (as ${first}, the same code)`,
          },
        },
      });
    },
  );

  test('codes a product already held are no conflict: an old double stays editable', async () => {
    // Saved before the UPC-A and its EAN-13 counted as one code (the stored rules are looser).
    const upcA = '036000291452';
    const [x, y] = [withBarcodes(0, [upcA]), withBarcodes(1, [`0${upcA}`])];
    for (const product of [x, y])
      await server.store.commit({ kind: 'product.saved', product: { ...product, initials: 'x' } });
    // Each can still be saved (stopped from selling, say), keeping its code.
    expect(await putProduct({ ...x, active: false })).toMatchObject({ status: 200 });
    expect(await putProduct({ ...y, name: '改名' })).toMatchObject({ status: 200 });
    expect(server.store.state.products[x.id].active).toBe(false);
    // A product given the code anew is refused.
    expect(await putProduct(withBarcodes(2, [upcA]))).toMatchObject({ status: 409 });
  });
});

describe('category ids', () => {
  test.each(['a b', 'line\nbreak', '../up', 'nul\u0000', '分类', 'x'.repeat(41)])(
    'a new category %j is refused, naming the pattern',
    async (id) => {
      const before = journalBytes();
      expect(await putCategory(id)).toMatchObject({
        status: 400,
        body: {
          error: {
            code: 'invalid_request',
            message: 'request body: id: must be 1-40 letters, digits, _ or -',
          },
        },
      });
      expect(journalBytes()).toBe(before);
      expect(server.store.state.categories[id]).toBeUndefined();
    },
  );

  test("the demo's ids and others of the pattern are saved", async () => {
    for (const { id } of demo.categories) expect((await putCategory(id)).status).toBe(200);
    expect((await putCategory('seasonal_2026-spring')).status).toBe(200);
    expect(server.store.state.categories['seasonal_2026-spring']?.name).toBe('新分类');
  });

  test("a product's categoryId outside the pattern is named as such, not looked up", async () => {
    const product = withBarcodes(0, []);
    expect(await putProduct({ ...product, categoryId: 'tea\r\n' })).toMatchObject({
      status: 400,
      body: { error: { message: 'categoryId: must be 1-40 letters, digits, _ or -' } },
    });
  });

  test('a category an old journal saved with another id still holds products a manager edits', async () => {
    // As the fold applies a category.saved written before the pattern (the stored schema is looser).
    await server.store.commit({
      kind: 'category.saved',
      category: { id: '旧 分类', name: '旧分类', sort: 1 },
    });
    const product = withBarcodes(0, []);
    expect(await putProduct({ ...product, categoryId: '旧 分类' })).toMatchObject({ status: 200 });
    expect(server.store.state.products[product.id].categoryId).toBe('旧 分类');
  });
});

describe('SKUs per product', () => {
  const grid = (count: number) => {
    const product = withBarcodes(0, []);
    const skus = Array.from({ length: count }, (_, i) => ({
      ...product.skus[0],
      id: `grid-${i}`,
      label: `码${i}`,
    }));
    return { ...product, id: 'grid-product', skus };
  };

  test('50 SKUs (a size and colour grid) are saved', async () => {
    expect(await putProduct(grid(50))).toMatchObject({ status: 200 });
    expect(server.store.state.products['grid-product'].skus).toHaveLength(50);
  });

  test('51 are refused with the limit named, and nothing is written', async () => {
    const before = journalBytes();
    expect(await putProduct(grid(51))).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'invalid_request',
          message: 'request body: skus: a product has at most 50 SKUs',
        },
      },
    });
    expect(journalBytes()).toBe(before);
    expect(server.store.state.products['grid-product']).toBeUndefined();
  });
});

describe("a product's size", () => {
  /** The reviewer's product: `count` SKUs of `codes` internal codes ('Z' + 31 digits) each. */
  const coded = (count: number, codes: number) => {
    const product = withBarcodes(0, []);
    const skus = Array.from({ length: count }, (_, s) => ({
      ...product.skus[0],
      id: `coded-${s}`,
      label: `码${s}`,
      barcodes: Array.from(
        { length: codes },
        (_, b) => `Z${String(s * 1000 + b).padStart(31, '0')}`,
      ),
    }));
    return { ...product, id: 'coded-product', skus };
  };

  test('20 barcodes on each of 50 SKUs are saved', async () => {
    expect(await putProduct(coded(50, 20))).toMatchObject({ status: 200 });
  });

  test('21 on a SKU are refused, naming the limit; nothing is written', async () => {
    const before = journalBytes();
    expect(await putProduct(coded(1, 21))).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'invalid_request',
          message: 'request body: skus.0.barcodes: a SKU has at most 20 barcodes',
        },
      },
    });
    // The product that left tills without a catalog (about 424 KB) is refused the same way.
    expect(await putProduct(coded(50, 240))).toMatchObject({ status: 400 });
    expect(journalBytes()).toBe(before);
    expect(server.store.state.products['coded-product']).toBeUndefined();
  });

  test('a product over 256 KB as JSON is named with the limit, well under a till’s 384 KB record', () => {
    expect(productBytesProblem(coded(50, 20))).toBeNull();
    expect(productBytesProblem(coded(50, 240))).toMatch(
      /^the product is 4\d\d KB as JSON, more than the 256 KB a till stores for one product$/,
    );
  });
});

describe('member prices', () => {
  const priced = (price: number, memberPrice: number | null) => {
    const product = withBarcodes(0, []);
    return { ...product, skus: [{ ...product.skus[0], price, memberPrice }] };
  };

  test.each([
    ['equal to', 1200],
    ['above', 1500],
  ])('one %s the price is refused, naming the SKU and both prices', async (_, memberPrice) => {
    const product = priced(1200, memberPrice);
    const before = journalBytes();
    const answer = await putProduct(product);
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    const { message } = (answer.body as { error: { message: string } }).error;
    expect(message).toContain(`SKU ${product.skus[0].id}`);
    expect(message).toContain('12.00');
    expect(message).toContain((memberPrice / 100).toFixed(2));
    expect(journalBytes()).toBe(before);
  });

  test('one below the price, or none, is saved', async () => {
    expect(await putProduct(priced(1200, 1199))).toMatchObject({ status: 200 });
    expect(await putProduct(priced(1200, null))).toMatchObject({ status: 200 });
  });
});
