/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Barcodes at the register: a hardware scanner's burst of keys into the search box ends with Enter
// and adds the item (keeping what the cashier had typed before it), a person typing at their pace
// is a search; the camera through wx.scanCode. Keys are timed on a clock moved by hand.
import { withCheckDigit } from '@pos/shared';
import { delivered, typeKeys as typeKeysInto } from './support/key-bursts';
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, own, textOf, typeInto, vant, type Node } from './support/interact';

const pages = setUpPages();
const seeded = seededPerTest(pages);

/** A packaged product with a barcode: its name on the cart line and the code. */
function packaged(): { name: string; code: string } {
  const product = seeded.device.client.catalog.products.find(
    (p) => p.active && p.skus[0].barcodes.length > 0,
  )!;
  const sku = product.skus[0];
  return { name: sku.label ? `${product.name} ${sku.label}` : product.name, code: sku.barcodes[0] };
}

/** The one SKU a code names at the till. */
function skuOfCode(code: string): string {
  const found = seeded.device.client.catalog.findByBarcode(code);
  if (found.kind !== 'one') throw new Error(`${code} names ${found.kind} SKUs`);
  return found.hit.sku.id;
}

const typeKeys = (page: Node, text: string, gapMs: number) =>
  typeKeysInto(page, '#search', text, gapMs, seeded.clock);

/** The weight entry (components/weight-entry), open while goods sold by weight wait for grams. */
const weightEntry = (page: Node) => find(page, '#weight-entry');
const weightTitle = (page: Node) => textOf(page, vant('weight-entry', 'weigh__title'));

/** Keys into the open weight field; its value is the weight entry's `input`. */
const typeWeightKeys = (page: Node, text: string, gapMs: number) =>
  typeKeysInto(weightEntry(page), '#weight', text, gapMs, seeded.clock, 'input');

async function enterWeight(page: Node): Promise<void> {
  const entry = weightEntry(page);
  find(entry, '#weight').dispatchEvent('confirm', { detail: entry.data.input });
  await delivered();
}

async function enter(page: Node): Promise<void> {
  find(page, '#search').dispatchEvent('search', { detail: page.data.query });
  await delivered();
}

test('a scanner’s burst ends with Enter and adds the item; what was typed before stays', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { cart } = seeded.device.client;
  const { name, code } = packaged();

  await typeKeys(page, 'nt', 300);
  await settle(pages);
  expect(page.data.tiles.length).toBeGreaterThan(0);
  await typeKeys(page, code, 6);
  await enter(page);
  await settle(pages);
  expect(cart.cart.lines).toHaveLength(1);
  expect(cart.cart.lines[0].skuId).toBe(skuOfCode(code));
  expect(page.data.query).toBe('nt');
  expect(textOf(page, own('register__notice'))).toBe(`已加入 ${name}`);

  // Scanned again at once: the same line grows.
  await typeKeys(page, code, 5);
  await enter(page);
  await settle(pages);
  expect(cart.cart.lines[0].qty).toBe(2);
});

test('a person typing stays a search; digits typed by hand and Enter look the barcode up', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { cart } = seeded.device.client;

  await typeKeys(page, 'latte', 250);
  await enter(page);
  await settle(pages);
  expect(cart.isEmpty).toBe(true);
  expect(page.data.query).toBe('latte');

  find(page, '#search').dispatchEvent('clear');
  await settle(pages);
  await typeKeys(page, '6920000000000', 220);
  await enter(page);
  await settle(pages);
  expect(cart.isEmpty).toBe(true);
  expect(textOf(page, own('register__error'))).toBe('没有商品使用这个条码');

  find(page, '#search').dispatchEvent('clear');
  await settle(pages);
  await typeKeys(page, packaged().code, 220);
  await enter(page);
  await settle(pages);
  expect(cart.itemCount).toBe(1);
});

test('the camera: a scanned barcode adds; a cancelled scan changes nothing and says nothing', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { cart } = seeded.device.client;
  pages.scanResult = null;
  clickButton(page, '#camera');
  await settle(pages);
  expect(cart.isEmpty).toBe(true);
  expect(page.data.error).toBe('');

  pages.scanResult = packaged().code;
  clickButton(page, '#camera');
  await settle(pages);
  expect(cart.itemCount).toBe(1);
  expect(textOf(page, own('register__notice'))).toContain(packaged().name);
});

test('the camera permission off: the cashier is told so and how to turn it on, not that nothing scanned', async () => {
  const page = pages.render('pages/register/index');
  await settle(pages);
  const { cart } = seeded.device.client;
  pages.scanResult = packaged().code;
  try {
    // Refused (now or before: WeChat no longer asks), or the question closed unanswered.
    for (const camera of ['refused', 'unanswered'] as const) {
      pages.camera = camera;
      clickButton(page, '#camera');
      await settle(pages);
      expect(cart.isEmpty).toBe(true);
      const said = textOf(page, own('register__error'));
      expect(said).not.toContain('没有扫到');
      expect(said).toContain('相机权限');
      expect(said).toContain('设置');
      // One tap opens this mini-program's settings, where the camera is switched on.
      expect(find(page, '#camera-settings').data.openType).toBe('openSetting');
    }
    // Back from the settings with the camera switched on: the note goes.
    find(page, '#camera-settings').dispatchEvent('opensetting', {
      detail: { authSetting: { 'scope.camera': true } },
    });
    await settle(pages);
    expect(textOf(page, own('register__error'))).toBe('');
    expect(page.querySelector('#camera-settings')).toBeUndefined();

    // WeChat itself may not use the camera: that is the phone's settings, not the mini-program's.
    pages.camera = 'phoneRefused';
    clickButton(page, '#camera');
    await settle(pages);
    expect(textOf(page, own('register__error'))).toContain('手机');
    expect(page.querySelector('#camera-settings')).toBeUndefined();

    // Switched on: the scan works, and the note about the camera is gone.
    pages.camera = 'allowed';
    clickButton(page, '#camera');
    await settle(pages);
    expect(cart.itemCount).toBe(1);
    expect(textOf(page, own('register__error'))).toBe('');
    expect(page.querySelector('#camera-settings')).toBeUndefined();
  } finally {
    pages.camera = 'allowed';
  }
});

test('the barcode of goods sold by weight asks for the grams, as a tap on its tile does', async () => {
  const { ledger, catalog, cart } = seeded.device.client;
  // The store gives its pre-packed apples a barcode (a price change from the server, say).
  const apple = catalog.products.find((p) => p.soldBy === 'weight' && p.name === '富士苹果')!;
  const code = withCheckDigit('200000100000');
  const cursor = (ledger.replica.cursor ?? 0) + 1;
  const [sku, ...others] = apple.skus;
  const product = { ...apple, skus: [{ ...sku, barcodes: [code] }, ...others] };
  ledger.applyChanges([{ kind: 'product', cursor, product }], cursor);
  const page = pages.render('pages/register/index');
  await settle(pages);

  await typeKeys(page, code, 6);
  await enter(page);
  await settle(pages);
  // Nothing yet: one scan is not one gram.
  expect(cart.isEmpty).toBe(true);
  expect(weightTitle(page)).toContain('富士苹果');
  typeInto(weightEntry(page), '#weight', '1250');
  await settle(pages);
  clickButton(weightEntry(page), '#weight-add');
  await settle(pages);
  expect(cart.cart.lines).toMatchObject([{ skuId: sku.id, qty: 1250 }]);
  // The line reads as the scale does, in kilograms from one up.
  expect(textOf(page, own('cart-line__unit'))).toContain('1.25 kg');
  // One item, not 1,250: the grams are its weight, not a count.
  expect(cart.itemCount).toBe(1);
});

test('a scanner’s burst into the open weight field is a scan, not a weight: the item goes in', async () => {
  const { cart, catalog } = seeded.device.client;
  const apple = catalog.products.find((p) => p.soldBy === 'weight' && p.name === '富士苹果')!;
  const page = pages.render('pages/register/index');
  await settle(pages);
  // The apples' shelf, then their tile.
  const shelf = page.data.categories.findIndex((c: { id: string }) => c.id === apple.categoryId);
  find(page, '.register__categories').dispatchEvent('change', { detail: shelf });
  await settle(pages);
  page
    .querySelectorAll('.tile')
    .find((tile) => tile.dom?.textContent?.includes('富士苹果'))!
    .dispatchEvent('tap');
  await settle(pages);
  expect(weightTitle(page)).toContain('富士苹果');

  // The cashier starts typing the grams; the field has the focus when a packaged item is scanned.
  await typeWeightKeys(page, '5', 300);
  const { name, code } = packaged();
  await typeWeightKeys(page, code, 6);
  await enterWeight(page);
  await settle(pages);
  // The scan rang up its item, as in the search box, and did not count as grams.
  expect(cart.cart.lines).toHaveLength(1);
  expect(cart.cart.lines[0].skuId).toBe(skuOfCode(code));
  expect(textOf(page, own('register__notice'))).toBe(`已加入 ${name}`);
  expect(textOf(page, vant('weight-entry', 'weigh__error'))).toBe('');
  // The apples still wait for their grams, with what the cashier had typed.
  expect(weightEntry(page).data.input).toBe('5');
  expect(weightTitle(page)).toContain('富士苹果');
  await typeWeightKeys(page, '00', 300);
  await enterWeight(page);
  await settle(pages);
  expect(cart.cart.lines.map((line) => line.qty)).toEqual([1, 500]);
});

test('an internal code with a dash scans as itself, not as the code after its dash', async () => {
  const { ledger, catalog, cart } = seeded.device.client;
  // Two products: one coded ITEM-100234, another whose code is what follows its dash.
  const [first, second] = catalog.products.filter((p) => p.active && p.soldBy === 'piece');
  const coded = (product: typeof first, code: string) => ({
    ...product,
    skus: [{ ...product.skus[0], barcodes: [code] }, ...product.skus.slice(1)],
  });
  const cursor = (ledger.replica.cursor ?? 0) + 1;
  ledger.applyChanges(
    [
      { kind: 'product', cursor, product: coded(first, 'ITEM-100234') },
      { kind: 'product', cursor, product: coded(second, '100234') },
    ],
    cursor,
  );
  const page = pages.render('pages/register/index');
  await settle(pages);

  await typeKeys(page, 'ITEM-100234', 6);
  await enter(page);
  await settle(pages);
  expect(cart.cart.lines.map((line) => line.skuId)).toEqual([first.skus[0].id]);
  expect(page.data.query).toBe('');
});

test('a code two products share is not guessed: the register names both and adds nothing', async () => {
  const { ledger, catalog, cart } = seeded.device.client;
  const [first, second] = catalog.products.filter((p) => p.active && p.soldBy === 'piece');
  const coded = (product: typeof first, code: string) => ({
    ...product,
    skus: [{ ...product.skus[0], barcodes: [code] }, ...product.skus.slice(1)],
  });
  const cursor = (ledger.replica.cursor ?? 0) + 1;
  // Saved before the server compared codes as the till does: one code in two letter cases.
  ledger.applyChanges(
    [
      { kind: 'product', cursor, product: coded(first, 'ABC12345') },
      { kind: 'product', cursor, product: coded(second, 'abc12345') },
    ],
    cursor,
  );
  expect(catalog.findByBarcode('ABC12345')).toMatchObject({ kind: 'several' });
  const page = pages.render('pages/register/index');
  await settle(pages);

  await typeKeys(page, 'ABC12345', 6);
  await enter(page);
  await settle(pages);
  expect(cart.isEmpty).toBe(true);
  const said = textOf(page, own('register__error'));
  expect(said).toContain(first.name);
  expect(said).toContain(second.name);
  expect(said).toContain('同一个条码');
  expect(cart.addByBarcode('abc12345')).toMatchObject({
    ok: false,
    error: { code: 'ambiguous_barcode' },
  });
});
