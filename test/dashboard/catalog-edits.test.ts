// The catalog page in a real headless Chromium against a real server: what a manager's save sends
// and refuses, as prices and stock meet the tills and other managers working at the same time.
import type { Browser, Page } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../support/chromium';
import { ProtocolClient } from '../support/protocol-client';
import { saleOperation, trackedSkus } from '../support/sales';
import { removeDir } from '../support/temp-dir';
import {
  api,
  demo,
  pairTestDevice,
  signIn,
  startTestServer,
  type TestServer,
} from '../support/test-server';

const manager = demo.staffPins.find((p) => p.role === 'manager')!;
/** A product on sale with two sizes. */
const sized = demo.products.find((p) => p.skus.length > 1 && p.active)!;
/** A weighed product whose stock is counted (in grams). */
const weighed = demo.products.find((p) => p.soldBy === 'weight' && p.stockTracked)!;
/** A product sold by the piece with a member price on its one SKU. */
const withMemberPrice = demo.products.find(
  (p) => p.soldBy === 'piece' && p.skus.length === 1 && p.skus[0].memberPrice !== null,
)!;

describeWithChromium('editing the catalog on the dashboard', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** Whatever the page threw or logged as an error, checked empty after each test. */
  let pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    pageErrors = [];
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      // A refused request is logged by Chromium itself; the page must still handle it.
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
        pageErrors.push(message.text());
    });
  });

  afterEach(async () => {
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) removeDir(server.dataDir);
  });

  async function openCatalog(): Promise<void> {
    await page.goto(`${server.url}/#/catalog`);
    await page.fill('[data-test=pin]', manager.pin);
    await page.click('button[type=submit]');
    await page.waitForSelector('main[data-page="catalog"][data-ready="true"]');
  }

  /** Fills the row's fields given, presses 保存 and returns what its status then says. */
  async function saveSku(
    skuId: string,
    fields: { price?: string; member?: string; level?: string } = {},
  ): Promise<string | null> {
    const box = (name: string) => `[data-test="${name}-${skuId}"]`;
    if (fields.price !== undefined) await page.fill(box('price'), fields.price);
    if (fields.member !== undefined) await page.fill(box('member'), fields.member);
    if (fields.level !== undefined) await page.fill(box('level'), fields.level);
    await page.$eval(box('status'), (status) => (status.textContent = ''));
    await page.click(box('save'));
    await page.waitForSelector(`${box('status')}:not(:empty)`);
    return page.textContent(box('status'));
  }

  it('a member price not below the price is refused before anything is sent, saying why', async () => {
    await openCatalog();
    const [sku] = withMemberPrice.skus;
    const journalN = server.store.state.journalN;
    // The list price lowered under the member price the SKU already has.
    const below = ((sku.memberPrice! - 1) / 100).toFixed(2);
    expect(await saveSku(sku.id, { price: below })).toContain('会员价');
    expect(await page.textContent(`[data-test="status-${sku.id}"]`)).toContain('不低于价格');
    expect(await saveSku(sku.id, { price: '5.00', member: '5.00' })).toContain('不低于价格');
    expect(server.store.state.journalN).toBe(journalN);
    // Cleared, or below the price, it saves.
    expect(await saveSku(sku.id, { member: '' })).toBe('已保存');
    expect(server.store.state.products[withMemberPrice.id].skus[0].memberPrice).toBeNull();
    expect(await saveSku(sku.id, { member: '4.50' })).toBe('已保存');
    expect(server.store.state.products[withMemberPrice.id].skus[0]).toMatchObject({
      price: 500,
      memberPrice: 450,
    });
  });

  it('a save from a product another manager changed since is refused in Chinese, and the row shows theirs', async () => {
    await openCatalog();
    const [first, second] = sized.skus;
    // Manager A, elsewhere: stops the product and raises the first size's price.
    const seen = server.store.state.products[sized.id];
    const stopped = {
      ...seen,
      active: false,
      skus: seen.skus.map((sku, i) => (i === 0 ? { ...sku, price: 9900, memberPrice: null } : sku)),
      base: seen,
    };
    const token = await signIn(server);
    const put = await api(server, 'PUT', `/api/catalog/products/${sized.id}`, {
      token,
      body: stopped,
    });
    expect(put.status).toBe(200);
    const journalN = server.store.state.journalN;

    // Manager B's page, open since before, saves the second size.
    expect(await saveSku(second.id, { price: '25.00' })).toContain('其他人刚保存过这个商品');
    expect(server.store.state.journalN).toBe(journalN);
    expect(server.store.state.products[sized.id].active).toBe(false);
    // The product is reloaded: A's price and stop show, B's typing is gone.
    expect(await page.inputValue(`[data-test="price-${first.id}"]`)).toBe('99.00');
    expect(await page.inputValue(`[data-test="price-${second.id}"]`)).toBe(
      (second.price / 100).toFixed(2),
    );
    expect(await page.isChecked(`[data-test="active-${second.id}"]`)).toBe(false);

    // Made again on what is there now, it saves, and keeps A's edit.
    expect(await saveSku(second.id, { price: '25.00' })).toBe('已保存');
    expect(server.store.state.products[sized.id]).toMatchObject({ active: false });
    expect(server.store.state.products[sized.id].skus.map((sku) => sku.price)).toEqual([
      9900, 2500,
    ]);
  });

  it('a count typed as the figure the box already shows is still sent: the tills sold since', async () => {
    await openCatalog();
    const sku = trackedSkus[0];
    expect(await saveSku(sku.id, { level: '50' })).toBe('已保存');
    // A till sells one; the box still says 50, the count the manager makes on the shelf.
    const till = await pairTestDevice(server, 'Till 1', 'tablet');
    const socket = await ProtocolClient.open(server.url, till.token);
    const sale = saleOperation({ device: till, seq: 1, items: [{ skuId: sku.id, qty: 1 }] });
    expect((await socket.push([sale])).results[0].status).toBe('applied');
    socket.close();
    expect(server.store.state.stock[sku.id].level).toBe(49);
    expect(await saveSku(sku.id, { level: '50' })).toBe('已保存');
    expect(server.store.state.stock[sku.id].level).toBe(50);
    // A save that touched no count sends none.
    await server.store.commit({ kind: 'stock.set', skuId: sku.id, level: 48 });
    expect(await saveSku(sku.id)).toBe('已保存');
    expect(server.store.state.stock[sku.id].level).toBe(48);
  });

  it('weighed goods show and take their stock in kilograms, with the unit', async () => {
    await openCatalog();
    const [sku] = weighed.skus;
    const grams = server.store.state.stock[sku.id].level;
    const box = `[data-test="level-${sku.id}"]`;
    expect(await page.inputValue(box)).toBe((grams / 1000).toFixed(3));
    expect(await page.textContent(`[data-test="level-unit-${sku.id}"]`)).toBe('kg');
    expect(await saveSku(sku.id, { level: '8' })).toBe('已保存');
    expect(server.store.state.stock[sku.id].level).toBe(8000);
    expect(await saveSku(sku.id, { level: '11.25' })).toBe('已保存');
    expect(server.store.state.stock[sku.id].level).toBe(11_250);
    // Finer than a gram is not a weight the store keeps: said, not rounded away.
    expect(await saveSku(sku.id, { level: '1.2345' })).toContain('库存');
    expect(server.store.state.stock[sku.id].level).toBe(11_250);
    // Goods by the piece keep a bare whole count.
    const piece = trackedSkus[1];
    expect(await page.$(`[data-test="level-unit-${piece.id}"]`)).toBeNull();
    expect(await saveSku(piece.id, { level: '2.5' })).toContain('库存');
  });
});
