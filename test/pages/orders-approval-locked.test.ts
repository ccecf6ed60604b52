/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// While a manager types the PIN for a refund, what the PIN approves stands still: the lines'
// steppers and weight switches, the split, the reason and the restock switch are disabled, and a
// tap on them changes nothing; the refund queued is the one the cashier set up (offline tablet, so
// it stays in the outbox where the test sees it).
import { cashTender, fenToDecimal, type Order } from '@pos/shared';
import { until } from '../client/support/until';
import { demo } from '../support/test-server';
import { clickButton, find, typeInto, type Node } from './support/interact';
import { setUpPages, settle } from './support/pages';
import { typePin } from './support/pin-pad';
import { tillPerTest } from './support/till';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });
const manager = demo.staffPins.find((s) => s.role === 'manager')!;

/** Two lattes and 500 g of something weighed: ¥10 in cash, the rest from a member's stored value. */
function sellLattesAndWeighed(): Order {
  const { cart, orders, catalog } = till.device.client;
  const latte = catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  const weighed = catalog.products.find((p) => p.soldBy === 'weight' && p.active)!.skus[0].id;
  expect(cart.addItem(latte, 2).ok).toBe(true);
  expect(cart.addItem(weighed, 500).ok).toBe(true);
  expect(cart.attachMember('13800138001').ok).toBe(true);
  const memberId = cart.cart.memberId!;
  const sold = orders.checkout([
    cashTender(1000, 1000),
    { method: 'stored_value', amount: cart.total - 1000, memberId },
  ]);
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

const disabled = (page: Node, selector: string) => Boolean(find(page, selector).data.disabled);

test('the lines, split, reason and restock stand still while the manager types the PIN', async () => {
  const order = sellLattesAndWeighed();
  const [latteLine] = order.lines;
  const page = pages.render('pages/orders/index');
  await settle(pages);
  page.querySelectorAll('.order-row')[0].dispatchEvent('tap');
  await settle(pages);

  // One latte back, all of it to the card, "wrong size": a manager is asked.
  find(page, '.detail-line__qty').querySelector('.van-stepper__plus')!.dispatchEvent('tap');
  await until(() => page.data.split !== null, 'the refund split');
  await settle(pages);
  const amount = page.data.split.amount as number;
  typeInto(page, '#split-cash', '0');
  typeInto(page, '#split-stored_value', fenToDecimal(amount));
  typeInto(page, '#reason', 'wrong size');
  await until(() => page.data.reason === 'wrong size', 'the reason typed');
  await settle(pages);
  expect(
    ['#split-cash', '#split-stored_value', '#reason', '#restock'].map((s) => disabled(page, s)),
  ).toEqual([false, false, false, false]);
  expect(disabled(page, '.detail-line__qty')).toBe(false);
  expect(disabled(page, '.detail-line__weighed')).toBe(false);
  clickButton(page, '#refund');
  await settle(pages);
  expect(page.data.approving).toBe('refund');
  const asked = {
    choice: page.data.choice,
    split: page.data.split,
    reason: page.data.reason,
    restock: page.data.restock,
  };

  // Everything that makes the refund is disabled now.
  for (const selector of [
    '.detail-line__qty',
    '.detail-line__weighed',
    '#split-cash',
    '#split-stored_value',
    '#reason',
    '#restock',
  ])
    expect([selector, disabled(page, selector)]).toEqual([selector, true]);
  // Taps on them change nothing: the typed split is not replaced by the proportional one.
  find(page, '.detail-line__qty').querySelector('.van-stepper__plus')!.dispatchEvent('tap');
  find(page, '.detail-line__weighed').querySelector('.van-switch')!.dispatchEvent('tap');
  find(page, '#restock').querySelector('.van-switch')!.dispatchEvent('tap');
  await settle(pages);
  expect({
    choice: page.data.choice,
    split: page.data.split,
    reason: page.data.reason,
    restock: page.data.restock,
  }).toEqual(asked);

  await typePin(pages, page, '#manager-pin', manager.pin);
  await until(() => page.data.done !== '', 'the refund to be done');
  const queued = till.device.client.ledger.outbox.entries().map((entry) => entry.op);
  expect(queued.map((op) => op.type)).toEqual(['order.placed', 'order.refunded']);
  expect(queued[1].payload).toEqual(
    expect.objectContaining({
      approvedBy: manager.staffId,
      reason: 'wrong size',
      restock: true,
      lines: [{ lineId: latteLine.lineId, qty: 1, amount }],
      tenders: [{ method: 'stored_value', amount }],
    }),
  );
  // Asked again (the next refund), everything can be changed once more.
  expect(disabled(page, '.detail-line__qty')).toBe(false);
});
