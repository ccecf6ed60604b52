// A SKU label's pinyin initials come from the server (pinyin-pro), over real HTTP and sync: made
// when a product is saved, and filled in once at start for products saved before they were made.
import type { Product } from '@pos/shared';
import { pinyinInitials } from '../../sync-server/catalog/initials';
import type { JournalRecord } from '../../sync-server/store/state';
import { ProtocolClient } from '../support/protocol-client';
import {
  api,
  demo,
  pairTestDevice,
  serverForEachTest,
  signIn,
  startTestServer,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
serverForEachTest((started) => (server = started));

const byId = (products: readonly Product[]) => Object.fromEntries(products.map((p) => [p.id, p]));
const labelsAndInitials = (product: Product) =>
  product.skus.map((sku) => [sku.label, sku.initials]);

/** A product as a journal written before the server made SKU initials holds it. */
function savedBeforeSkuInitials(product: Product): Product {
  return { ...product, skus: product.skus.map(({ initials: _initials, ...sku }) => sku) };
}

const latte = demo.products.find((p) => p.name === '拿铁')!;
const labelled = demo.products.filter((p) => p.skus.some((sku) => sku.label !== ''));

describe('saving a product', () => {
  const sku = { barcodes: [], price: 1800, memberPrice: null };
  const put = (body: object, token: string) =>
    api<{ product: Product }>(server, 'PUT', '/api/catalog/products/tea-labels', { token, body });
  const tea = (skus: object[]) => ({
    name: '奶茶',
    categoryId: latte.categoryId,
    skus,
    active: true,
    stockTracked: false,
    soldBy: 'piece',
  });

  test("gives each label pinyin-pro's initials, polyphones read in context; devices get them", async () => {
    const device = await pairTestDevice(server);
    const client = await ProtocolClient.open(server.url, device.token);
    const manager = await signIn(server);
    const saved = await put(
      tea([
        // GB2312's order put 调 under diào (dw) and 重 under zhòng (zqfw); 龘 is not in its level 1.
        { ...sku, id: 'tea-seasoned', label: '调味' },
        { ...sku, id: 'tea-chongqing', label: '重庆风味' },
        { ...sku, id: 'tea-rare', label: '龘杯' },
        { ...sku, id: 'tea-plain', label: '' },
        // Given initials are kept, as a product's are.
        { ...sku, id: 'tea-large', label: '大杯', initials: 'xl' },
      ]),
      manager,
    );
    expect(saved.status).toBe(200);
    const expected = [
      ['调味', 'tw'],
      ['重庆风味', 'cqfw'],
      ['龘杯', 'db'],
      ['', undefined],
      ['大杯', 'xl'],
    ];
    expect(labelsAndInitials(saved.body.product)).toEqual(expected);
    expect('initials' in saved.body.product.skus[3]).toBe(false);
    expect(labelsAndInitials(server.store.state.products['tea-labels'])).toEqual(expected);

    const change = await client.waitFor(
      (m) =>
        m.type === 'changes' &&
        m.changes.some((c) => c.kind === 'product' && c.product.id === 'tea-labels'),
      'the product',
    );
    const received = change?.type === 'changes' ? change.changes[0] : undefined;
    expect(received?.kind === 'product' && labelsAndInitials(received.product)).toEqual(expected);
    client.close();
  });

  test('reads common grocery polyphones as shoppers say them, in a name and in a label', async () => {
    const manager = await signIn(server);
    // pinyin-pro alone reads 芥 jiè, 咖 kā, 脯 pú, 参 cān and 扒 bā here: jl, kljk, rp, cjt, dzbj.
    const saved = await put(
      {
        ...tea([
          { ...sku, id: 'tea-kailan', label: '芥蓝' },
          { ...sku, id: 'tea-jerky', label: '靖江猪肉脯' },
          { ...sku, id: 'tea-soup', label: '参鸡汤' },
          { ...sku, id: 'tea-chicken', label: '德州扒鸡' },
          { ...sku, id: 'tea-coffee', label: '美式咖啡' },
        ]),
        name: '咖喱鸡块',
      },
      manager,
    );
    expect(saved.status).toBe(200);
    expect(saved.body.product.initials).toBe('gljk');
    expect(labelsAndInitials(saved.body.product)).toEqual([
      ['芥蓝', 'gl'],
      ['靖江猪肉脯', 'jjzrf'],
      ['参鸡汤', 'sjt'],
      ['德州扒鸡', 'dzpj'],
      // Only the words listed change: 咖啡 is still kā fēi.
      ['美式咖啡', 'mskf'],
    ]);
  });

  test("SKU initials sent by a manager keep to the same rules as the product's", async () => {
    const manager = await signIn(server);
    const journalN = server.store.state.journalN;
    const refused = await put(
      tea([{ ...sku, id: 'tea-large', label: '大杯', initials: 'DB' }]),
      manager,
    );
    expect(refused).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'invalid_request',
          message: 'request body: skus.0.initials: must be lower-case letters and digits',
        },
      },
    });
    expect(server.store.state.journalN).toBe(journalN);
  });
});

describe('filling in at start', () => {
  test('a fresh demo store has them from its seed: start and restart commit nothing', async () => {
    expect(server.store.state.journalN).toBe(1);
    expect(server.store.state.products[latte.id].skus.map((sku) => sku.initials)).toEqual([
      'zb',
      'db',
    ]);
    await server.close();
    server = await startTestServer({ dataDir: server.dataDir });
    expect(server.store.state.journalN).toBe(1);
  });

  test('products saved without them get them once, journaled; a restart keeps them, commits nothing', async () => {
    const old = { ...demo, products: demo.products.map(savedBeforeSkuInitials) };
    const committed: Product[] = [];
    const onRecord = (record: JournalRecord) => {
      if (record.event.kind === 'product.saved') committed.push(record.event.product);
    };
    const first = await startTestServer({ seed: () => old, onRecord });

    // One product.saved per product with a label; those with only an empty one are left as they are.
    expect(labelled.length).toBeGreaterThan(10);
    expect(labelled.length).toBeLessThan(demo.products.length);
    expect(committed.map((p) => p.id).sort()).toEqual(labelled.map((p) => p.id).sort());
    expect(first.store.state.journalN).toBe(1 + labelled.length);
    for (const product of committed)
      for (const sku of product.skus)
        expect(sku.initials).toBe(sku.label === '' ? undefined : pinyinInitials(sku.label));
    // Exactly what the demo store is seeded with today.
    expect(first.store.state.products).toEqual(byId(demo.products));
    const journalN = first.store.state.journalN;

    await first.close();
    committed.length = 0;
    const second = await startTestServer({ dataDir: first.dataDir, onRecord });
    expect(second.store.state.journalN).toBe(journalN);
    // Read back from the journal, not committed again.
    expect(committed).toHaveLength(labelled.length);
    expect(second.store.state.products).toEqual(byId(demo.products));
  });

  test('a device that has a product without them gets them by sync after the restart', async () => {
    const device = await pairTestDevice(server);
    const before = await ProtocolClient.open(server.url, device.token);
    // As an older server wrote it; the device takes it as it is.
    await server.store.commit({ kind: 'product.saved', product: savedBeforeSkuInitials(latte) });
    await before.waitFor((m) => m.type === 'changes', 'the product without initials');
    const cursor = before.lastCursor();
    before.close();
    const journalN = server.store.state.journalN;

    await server.close();
    server = await startTestServer({ dataDir: server.dataDir });
    expect(server.store.state.journalN).toBe(journalN + 1);
    const after = await ProtocolClient.open(server.url, device.token, cursor);
    const change = await after.waitFor((m) => m.type === 'changes', 'the filled-in product');
    expect(change?.type === 'changes' && change.changes).toEqual([
      expect.objectContaining({ kind: 'product', product: latte }),
    ]);
    after.close();
  });
});
