/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The page harness itself: every page draws the components its own .json declares, whichever
// pages the test file rendered before it (simulate registers a component afresh on each load), and
// no others (simulate would otherwise look for an npm component beside the page, or take one
// declared elsewhere).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-dir';
import { tillPerTest } from './support/till';
import { builtRoot, setUpPages, settle } from './support/pages';
import { count, find, typeInto, vant } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

test('the kiosk, the first page rendered here, draws its Vant buttons', async () => {
  const kiosk = pages.render('pages/kiosk/index');
  await settle(pages);
  expect(count(kiosk, vant('van-button'))).toBeGreaterThan(0);
});

test('the checkout, rendered after the kiosk in a later test, draws its field and takes typing', async () => {
  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  expect(till.device.client.cart.addItem(latte.skus[0].id).ok).toBe(true);
  const checkout = pages.render('pages/checkout/index');
  await settle(pages);
  // The cash field and the button in it are Vant's own, the button one the kiosk also uses.
  expect(count(checkout, vant('van-field'))).toBe(1);
  expect(count(find(checkout, '#cash'), vant('van-button'))).toBe(1);
  typeInto(checkout, '#cash', '100');
  await settle(pages);
  expect(checkout.data.cashInput).toBe('100');
});

test('a component gets only what its own .json declares, whatever other pages declared', async () => {
  const dir = makeTempDir();
  try {
    fs.writeFileSync(path.join(dir, 'index.js'), 'Component({});\n');
    fs.writeFileSync(
      path.join(dir, 'index.json'),
      JSON.stringify({
        component: true,
        usingComponents: { 'van-field': '@vant/weapp/field/index' },
      }),
    );
    fs.writeFileSync(path.join(dir, 'index.wxml'), '<van-field /><van-button>go</van-button>');
    // A root of its own, Vant copied in: simulate compiles a root's templates once, at its first
    // load, so a component written now cannot join the build's.
    const vantBuild = path.join('miniprogram_npm', '@vant');
    fs.cpSync(path.join(builtRoot, vantBuild), path.join(dir, vantBuild), { recursive: true });
    const id = pages.simulate.load(path.join(dir, 'index'), { rootPath: dir });
    const page = pages.simulate.render(id);
    page.attach(document.createElement('parent-wrapper'));
    await settle(pages);
    expect(count(page, vant('van-field'))).toBe(1);
    // The checkout and the kiosk declared van-button; this component did not: a bare tag.
    expect(count(page, 'van-button')).toBe(1);
    expect(count(page, vant('van-button'))).toBe(0);
  } finally {
    removeDir(dir);
  }
});
