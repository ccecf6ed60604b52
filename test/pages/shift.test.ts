/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The shift on a paired tablet with a cashier signed in: open with a float, a cash sale, cash out
// with a reason, then close with the count by denomination; the variance is the shift store's. A
// sale voided during the shift shows its cash going in and back out.
import { demo } from '../support/test-server';
import { sellForCash } from '../client/support/device';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, own, textOf, typeInto, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

/** Sets a denomination's count through its Vant stepper. */
async function countNotes(page: Node, denomination: number, pieces: number): Promise<void> {
  const row =
    page.querySelectorAll('.denomination__count')[
      [10000, 5000, 2000, 1000, 500, 100, 50, 10].indexOf(denomination)
    ];
  for (let i = 0; i < pieces; i++) {
    row.querySelector('.van-stepper__plus')!.dispatchEvent('tap');
    await settle(pages, 5);
  }
}

test('open with a float, a cash sale and cash out, then close with a count: the variance', async () => {
  const page = pages.render('pages/shift/index');
  await settle(pages);
  expect(textOf(page, vant('van-empty'))).toContain('本机还没有开班');
  expect(count(page, vant('van-field'))).toBe(1);

  typeInto(page, '#float', '200');
  await settle(pages);
  clickButton(page, '#open');
  await until(() => page.data.flows !== null, 'the shift to open');
  await settle(pages);
  expect(till.device.client.shift.current?.opened.float).toBe(20000);
  expect(page.data.rows).toHaveLength(8);
  expect(count(page, vant('van-stepper'))).toBe(8);

  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  sellForCash(till.device, [{ skuId: latte.skus[0].id, qty: 1 }]); // ¥18.00 cash
  await settle(pages);
  expect(page.data.flows.cashSales).toBe('¥18.00');

  typeInto(page, '#amount', '50');
  typeInto(page, '#move-reason', '交款');
  await settle(pages);
  clickButton(page, '#cash-out');
  await until(() => page.data.flows.cashOut === '¥50.00', 'the cash out');
  await settle(pages);
  // 200 + 18 - 50 = 168 expected.
  expect(page.data.flows.expected).toBe('¥168.00');

  // Counted: 100 + 50 + 10 + 5 + 2 x 1 = 167: one yuan short.
  await countNotes(page, 10000, 1);
  await countNotes(page, 5000, 1);
  await countNotes(page, 1000, 1);
  await countNotes(page, 500, 1);
  await countNotes(page, 100, 2);
  await settle(pages);
  expect(page.data.preview).toEqual({
    expected: '¥168.00',
    counted: '¥167.00',
    variance: '少 ¥1.00',
    tone: 'short',
  });

  clickButton(page, '#close');
  await until(() => page.data.closed !== null, 'the shift to close');
  await settle(pages);
  expect(till.device.client.shift.current).toBeNull();
  const closed = till.device.client.shift.shifts.at(-1)!;
  expect(till.device.client.shift.summaryOf(closed).variance).toBe(-100);
  expect(textOf(page, own('shift__closed'))).toContain('少 ¥1.00');
  expect(till.device.client.ledger.outbox.entries().map((e) => e.op.type)).toEqual([
    'shift.opened',
    'order.placed',
    'shift.cash_moved',
    'shift.closed',
  ]);
});

test('a cash sale voided during the shift: in as a sale, back out as a void', async () => {
  const page = pages.render('pages/shift/index');
  await settle(pages);
  typeInto(page, '#float', '200');
  await settle(pages);
  clickButton(page, '#open');
  await until(() => page.data.flows !== null, 'the shift to open');
  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  const order = sellForCash(till.device, [{ skuId: latte.skus[0].id, qty: 1 }]); // ¥18.00 cash
  await settle(pages);
  expect(page.data.flows.cashVoids).toBeNull();
  expect(page.querySelectorAll('.shift__voids')).toHaveLength(0);

  const manager = demo.staffPins.find((s) => s.role === 'manager')!.staffId;
  const voided = till.device.client.orders.voidOrder(order.id, {
    reason: '顾客取消',
    approvedBy: manager,
  });
  expect(voided.ok).toBe(true);
  await settle(pages);
  expect(page.data.flows).toMatchObject({
    cashSales: '¥18.00',
    cashVoids: '¥18.00',
    expected: '¥200.00',
  });
  expect(page.querySelectorAll('.shift__voids')).toHaveLength(1);
});
