/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A quantity typed on the kiosk is the cart's to judge, as on the register: 120 is taken as 120
// (the stepper does not quietly make it 99), and one past the cart's limit is refused in Chinese
// the customer can read, the line keeping the quantity it had and the box showing it again.
import { maxLineQty } from '@pos/shared';
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';
import { find, own, textOf, type Node } from './support/interact';

const pages = setUpPages();
const seeded = seededPerTest(pages, { kind: 'kiosk', staff: null });
const qty = '.kiosk-line__qty';

const box = (page: Node) => find(find(page, qty), '.van-stepper__input');

async function type(page: Node, value: string): Promise<void> {
  box(page).dispatchEvent('input', { detail: { value } });
  await settle(pages);
}

/** Leaves the box (WeChat's input blurs with what it holds). */
async function leave(page: Node, value: string): Promise<void> {
  box(page).dispatchEvent('blur', { detail: { value } });
  await settle(pages);
}

/** What the stepper's box shows. */
const shown = (page: Node) => String(find(page, qty).data.currentValue);

/** The kiosk with one line of goods no stock count holds back (the limit here is the cart's). */
async function oneLine(): Promise<Node> {
  const { catalog, cart } = seeded.device.client;
  const untracked = catalog.products.find((p) => !p.stockTracked && p.soldBy === 'piece')!;
  const page = pages.render('pages/kiosk/index');
  await settle(pages);
  const tile = page
    .querySelectorAll('.kiosk-tile')
    .find((t) => t.dom?.textContent?.includes(untracked.name));
  if (!tile) throw new Error(`no tile for ${untracked.name}`);
  tile.dispatchEvent('tap');
  await settle(pages);
  expect(cart.cart.lines).toMatchObject([{ skuId: untracked.skus[0].id, qty: 1 }]);
  return page;
}

test('a customer typing 120 gets 120, not 99 without a word', async () => {
  const page = await oneLine();
  const { cart } = seeded.device.client;
  await type(page, '120');
  await leave(page, '120');
  expect(cart.cart.lines[0].qty).toBe(120);
  expect(shown(page)).toBe('120');
  expect(page.data.error).toBe('');
});

test('a quantity past the cart’s limit is refused in Chinese, the line left as it was', async () => {
  const page = await oneLine();
  const { cart } = seeded.device.client;
  await type(page, '120');
  const tooMany = String(maxLineQty + 1);
  await type(page, tooMany);
  expect(cart.cart.lines[0].qty).toBe(120);
  const refusal = textOf(page, own('kiosk__error'));
  expect(refusal).toContain(`1 到 ${maxLineQty}`);
  // Every word of it in the customer's language: no English rule text falls through.
  expect(refusal).not.toMatch(/[A-Za-z]/);
  await leave(page, tooMany);
  expect(cart.cart.lines[0].qty).toBe(120);
  expect(shown(page)).toBe('120');

  // A quantity the cart takes clears the refusal.
  await type(page, '3');
  expect(cart.cart.lines[0].qty).toBe(3);
  expect(page.data.error).toBe('');
});
