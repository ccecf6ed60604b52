/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A cart line's quantity box on the register (and on the kiosk, which has the same stepper): a
// box emptied or a 0 typed into it does not take the line out, the line keeps its quantity and
// the box shows it again once left; the minus button stepping 1 down to 0 still removes the line.
import { seededPerTest } from './support/seeded';
import { setUpPages, settle } from './support/pages';
import { find, type Node } from './support/interact';

const pages = setUpPages();

/** The line's stepper, its typed box and its buttons. */
const stepper = (page: Node, selector: string) => find(page, selector);
const box = (page: Node, selector: string) => find(stepper(page, selector), '.van-stepper__input');

async function type(page: Node, selector: string, value: string): Promise<void> {
  box(page, selector).dispatchEvent('input', { detail: { value } });
  await settle(pages);
}

/** Leaves the box (WeChat's input blurs with what it holds). */
async function leave(page: Node, selector: string, value: string): Promise<void> {
  box(page, selector).dispatchEvent('blur', { detail: { value } });
  await settle(pages);
}

async function tap(page: Node, selector: string, button: 'minus' | 'plus'): Promise<void> {
  find(stepper(page, selector), `.van-stepper__${button}`).dispatchEvent('tap');
  await settle(pages);
}

/** What the stepper's box shows. */
const shown = (page: Node, selector: string) => String(stepper(page, selector).data.currentValue);

describe('the register', () => {
  const seeded = seededPerTest(pages, { kind: 'tablet', staff: 'cashier' });
  const qty = '.cart-line__qty';

  async function threeLattes(): Promise<Node> {
    const { cart, catalog } = seeded.device.client;
    const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
    expect(cart.addItem(latte, 3).ok).toBe(true);
    const page = pages.render('pages/register/index');
    await settle(pages);
    return page;
  }

  test('an emptied quantity box keeps the line and its quantity, and shows it again', async () => {
    const page = await threeLattes();
    const { cart } = seeded.device.client;
    await type(page, qty, '');
    await leave(page, qty, '');
    expect(cart.cart.lines).toHaveLength(1);
    expect(cart.cart.lines[0].qty).toBe(3);
    expect(shown(page, qty)).toBe('3');
    expect(page.data.error).toBe('');
  });

  test('a 0 typed keeps the line; typing on sets the quantity; minus from 1 still removes it', async () => {
    const page = await threeLattes();
    const { cart } = seeded.device.client;
    await type(page, qty, '0');
    expect(cart.cart.lines[0].qty).toBe(3);
    await leave(page, qty, '0');
    expect(cart.cart.lines[0].qty).toBe(3);
    expect(shown(page, qty)).toBe('3');

    await type(page, qty, '0');
    await type(page, qty, '02');
    expect(cart.cart.lines[0].qty).toBe(2);
    await leave(page, qty, '2');
    // 2 -> 1 is a step down, not a removal.
    await tap(page, qty, 'minus');
    expect(cart.cart.lines).toMatchObject([{ qty: 1 }]);
    await tap(page, qty, 'minus');
    expect(cart.isEmpty).toBe(true);
  });

  test('a typed 0 followed later by a step down from 2 does not remove the line', async () => {
    const page = await threeLattes();
    const { cart } = seeded.device.client;
    await type(page, qty, '0');
    await leave(page, qty, '0');
    await tap(page, qty, 'minus');
    expect(cart.cart.lines).toMatchObject([{ qty: 2 }]);
    await tap(page, qty, 'minus');
    expect(cart.cart.lines).toMatchObject([{ qty: 1 }]);
  });

  test('a barcode scanned into the quantity box is refused in words the cashier reads', async () => {
    const page = await threeLattes();
    const { cart } = seeded.device.client;
    await type(page, qty, '6901234567892');
    expect(cart.cart.lines[0].qty).toBe(3);
    expect(page.data.error).toMatch(/数量/);
    // Every word of it in the UI's language: no English rule text falls through.
    expect(page.data.error).not.toMatch(/[A-Za-z]/);
  });
});

describe('the kiosk', () => {
  const seeded = seededPerTest(pages, { kind: 'kiosk', staff: null });
  const qty = '.kiosk-line__qty';

  test('an emptied or 0 box keeps the customer’s line; minus from 1 removes it', async () => {
    const page = pages.render('pages/kiosk/index');
    await settle(pages);
    const { cart } = seeded.device.client;
    const tile = page.querySelectorAll('.kiosk-tile')[0];
    tile.dispatchEvent('tap');
    tile.dispatchEvent('tap');
    await settle(pages);
    expect(cart.cart.lines).toMatchObject([{ qty: 2 }]);

    await type(page, qty, '');
    await leave(page, qty, '');
    expect(cart.cart.lines).toMatchObject([{ qty: 2 }]);
    expect(shown(page, qty)).toBe('2');
    await type(page, qty, '0');
    await leave(page, qty, '0');
    expect(cart.cart.lines).toMatchObject([{ qty: 2 }]);
    expect(shown(page, qty)).toBe('2');

    await tap(page, qty, 'minus');
    expect(cart.cart.lines).toMatchObject([{ qty: 1 }]);
    await tap(page, qty, 'minus');
    expect(cart.isEmpty).toBe(true);
  });
});
