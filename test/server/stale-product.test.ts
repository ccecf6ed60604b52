// A product saved from what its sender last saw (`base`) over real HTTP: one another save changed
// since is refused, 409 stale_product, so a page open since before cannot put back an old price or
// a stopped product on sale. A save without a base (devices' and tools' older callers) is kept as is.
import type { Product } from '@pos/shared';
import {
  api,
  demo,
  serverForEachTest,
  signIn,
  startTestServer,
  type TestServer,
} from '../support/test-server';

let server: TestServer;
serverForEachTest((started) => (server = started));

const product = demo.products.find((p) => p.skus.length > 1 && p.active)!;
const put = (body: object, token: string, id = product.id) =>
  api<{ product: Product; error?: { code: string; message: string } }>(
    server,
    'PUT',
    `/api/catalog/products/${id}`,
    { token, body },
  );
const repriced = (from: Product, skuIndex: number, price: number): Product => ({
  ...from,
  skus: from.skus.map((sku, i) => (i === skuIndex ? { ...sku, price, memberPrice: null } : sku)),
});

test("a save based on the product before another manager's save is refused, nothing kept", async () => {
  const token = await signIn(server);
  const seen = server.store.state.products[product.id];
  // Manager A stops the product and raises the first SKU's price.
  const stopped = { ...repriced(seen, 0, 9900), active: false };
  expect((await put({ ...stopped, base: seen }, token)).status).toBe(200);
  const journalN = server.store.state.journalN;

  // Manager B, from the product as it was, saves the second SKU.
  const refused = await put({ ...repriced(seen, 1, 2500), base: seen }, token);
  expect(refused.status).toBe(409);
  expect(refused.body.error).toEqual({
    code: 'stale_product',
    message: `product ${product.id} was saved by someone else since it was read: reload it and make the change again`,
  });
  expect(server.store.state.journalN).toBe(journalN);
  expect(server.store.state.products[product.id]).toMatchObject({ active: false });
  expect(server.store.state.products[product.id].skus[0].price).toBe(9900);

  // From the product as it is now, the same change saves.
  const current = server.store.state.products[product.id];
  const saved = await put({ ...repriced(current, 1, 2500), base: current }, token);
  expect(saved.status).toBe(200);
  expect(saved.body.product).toMatchObject({ active: false });
  expect(saved.body.product.skus.map((sku) => sku.price)).toEqual([9900, 2500]);
  // What it answers is the base of the next save.
  const next = await put({ ...saved.body.product, active: true, base: saved.body.product }, token);
  expect(next.status).toBe(200);
});

test('the base is compared by content: key order and a restart (the journal read back) do not matter', async () => {
  const seen = server.store.state.products[product.id];
  const reordered = Object.fromEntries(Object.entries(seen).reverse());
  await server.close();
  server = await startTestServer({ dataDir: server.dataDir });
  const token = await signIn(server);
  expect((await put({ ...repriced(seen, 0, 1234), base: reordered }, token)).status).toBe(200);
});

test('a base of null is for a new product: refused when one with that id is there', async () => {
  const token = await signIn(server);
  const fresh = { ...product, id: 'new-product', skus: [{ ...product.skus[0], id: 'new-sku' }] };
  expect((await put({ ...fresh, base: null }, token, 'new-product')).status).toBe(200);
  const twice = await put({ ...fresh, base: null }, token, 'new-product');
  expect(twice).toMatchObject({ status: 409, body: { error: { code: 'stale_product' } } });
});

test('a save without a base is stored as before, whatever was saved since', async () => {
  const token = await signIn(server);
  const seen = server.store.state.products[product.id];
  expect((await put({ ...seen, active: false }, token)).status).toBe(200);
  const saved = await put(repriced(seen, 1, 2500), token);
  expect(saved.status).toBe(200);
  expect(server.store.state.products[product.id].active).toBe(true);
});

test('a base that is not a product object is a bad request', async () => {
  const token = await signIn(server);
  const seen = server.store.state.products[product.id];
  const refused = await put({ ...seen, base: 'yesterday' }, token);
  expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
});
