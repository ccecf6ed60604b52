/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Refunding an order paid ¥10 cash and the rest by the member's stored value, on a paired tablet
// (offline, so what is queued stays in the outbox): the detail offers the refund's money per tender,
// prefilled in proportion; a split the cashier chooses goes into the queued refund once a manager's
// PIN approves it, and a split the core refuses is explained before any PIN is asked.
import { cashTender, fenToDecimal, formatFen, type Order } from '@pos/shared';
import { demo } from '../support/test-server';
import { sellForCash } from '../client/support/device';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import {
  clickButton,
  count,
  find,
  own,
  textOf,
  typeInto,
  vant,
  type Node,
} from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });

const latte = () => till.device.client.catalog.products.find((p) => p.name === '拿铁')!;

/** Two lattes for member 13800138001: ¥10 in cash, the rest from their stored value. */
function sellCashAndStoredValue(): Order {
  const { cart, orders } = till.device.client;
  expect(cart.addItem(latte().skus[0].id, 2).ok).toBe(true);
  expect(cart.attachMember('13800138001').ok).toBe(true);
  const memberId = cart.cart.memberId!;
  const sold = orders.checkout([
    cashTender(1000, 1000),
    { method: 'stored_value', amount: cart.total - 1000, memberId },
  ]);
  if (!sold.ok) throw new Error(sold.error.message);
  return sold.value;
}

async function openFirstOrder(): Promise<Node> {
  const page = pages.render('pages/orders/index');
  await settle(pages);
  page.querySelectorAll('.order-row')[0].dispatchEvent('tap');
  await settle(pages);
  return page;
}

async function refundAll(page: Node): Promise<void> {
  clickButton(page, '#refund-all');
  await until(() => page.data.proposal !== null, 'the proposed refund');
  await settle(pages);
}

/** What a van-field of the split shows in its input (Vant's own state of it). */
function shown(page: Node, method: string): string {
  return String(find(page, `#split-${method}`).data.innerValue);
}

async function typeAmount(page: Node, method: string, value: string): Promise<void> {
  typeInto(page, `#split-${method}`, value);
  await until(
    () => page.data.split.rows.find((r: { method: string }) => r.method === method).value === value,
    `${method} typed as ${value}`,
  );
  await settle(pages);
}

const queued = () => till.device.client.ledger.outbox.entries().map((entry) => entry.op);
const manager = demo.staffPins.find((s) => s.role === 'manager')!;

test('a split chosen per tender is the refund queued after the manager’s PIN', async () => {
  const order = sellCashAndStoredValue();
  const [line] = order.lines;
  const page = await openFirstOrder();

  // One of the two lattes back: prefilled as the core proposes it, in proportion to how the
  // order was paid; each tender says what it can still give back.
  find(page, '.detail-line__qty').querySelector('.van-stepper__plus')!.dispatchEvent('tap');
  await until(() => page.data.split !== null, 'the refund split');
  await settle(pages);
  const proposed = till.device.client.orders.suggestRefund(order.id, [
    { lineId: line.lineId, qty: 1 },
  ]);
  if (!proposed.ok) throw new Error(proposed.error.message);
  const amount = proposed.value.lines[0].amount;
  const [byCash, byCard] = proposed.value.tenders;
  expect([byCash.method, byCard.method]).toEqual(['cash', 'stored_value']);
  expect(byCash.amount).toBeGreaterThan(0);
  expect(count(page, vant('van-field'))).toBeGreaterThanOrEqual(3);
  expect(count(page, own('refund__tenders'))).toBe(0);
  expect(textOf(page, own('refund-split__title'))).toBe('退款方式（可改各项金额）');
  expect(shown(page, 'cash')).toBe(fenToDecimal(byCash.amount));
  expect(shown(page, 'stored_value')).toBe(fenToDecimal(byCard.amount));
  const lefts = page.dom!.querySelectorAll(own('refund-split__left'));
  expect([...lefts].map((l) => l.textContent?.trim())).toEqual([
    '可退 ¥10.00',
    `可退 ${formatFen(order.total - 1000)}`,
  ]);
  const total = formatFen(amount);
  expect(textOf(page, own('refund__total'))).toBe(`应退 ${total}`);
  expect(textOf(page, own('refund-split__assigned'))).toBe(`已分配 ${total} / 应退 ${total}`);

  // The customer wants it all back on the card, nothing in cash.
  await typeAmount(page, 'cash', '0');
  expect(textOf(page, own('refund-split__assigned'))).toBe(
    `已分配 ${formatFen(byCard.amount)} / 应退 ${total}`,
  );
  await typeAmount(page, 'stored_value', fenToDecimal(amount));
  expect(textOf(page, own('refund-split__assigned'))).toBe(`已分配 ${total} / 应退 ${total}`);
  clickButton(page, '#refund');
  await settle(pages);
  expect(page.data.error).toBe('');
  expect(page.data.approving).toBe('refund');
  await typePin(pages, page, '#manager-pin', manager.pin);
  await until(() => page.data.done !== '', 'the refund to be done');
  await settle(pages);

  expect(queued().map((op) => op.type)).toEqual(['order.placed', 'order.refunded']);
  expect(queued()[1]).toEqual(
    expect.objectContaining({
      payload: expect.objectContaining({
        orderId: order.id,
        approvedBy: manager.staffId,
        lines: [{ lineId: line.lineId, qty: 1, amount }],
        tenders: [{ method: 'stored_value', amount }],
      }),
    }),
  );
  const refunded = till.device.client.orders.find(order.id)!.order;
  expect(refunded.status).toBe('partially_refunded');
  expect(refunded.refunds[0].tenders).toEqual([{ method: 'stored_value', amount }]);
  expect(textOf(page, own('orders__done'))).toContain(`已退款 ${total}`);
  expect(page.data.split).toBeNull();
  expect(count(page, own('refund-split'))).toBe(0);
});

test('a split the core refuses is explained and no PIN is asked', async () => {
  const order = sellCashAndStoredValue();
  const stored = order.total - 1000;
  const page = await openFirstOrder();
  await refundAll(page);

  // More to the card than it took: named, with what it can give back.
  await typeAmount(page, 'cash', '0');
  await typeAmount(page, 'stored_value', fenToDecimal(stored + 100));
  clickButton(page, '#refund');
  await settle(pages);
  const cardLeft = formatFen(stored);
  expect(page.data.error).toBe(`储值卡最多还能退 ${cardLeft}：请改少一些，其余退到其他方式`);
  expect(textOf(page, own('orders__error'))).toContain(`储值卡最多还能退 ${cardLeft}`);
  expect(page.data.approving).toBe('');
  expect(count(page, '#manager-pin')).toBe(0);

  // Amounts that do not add up to the refund.
  await typeAmount(page, 'stored_value', '5');
  expect(page.data.error).toBe('');
  clickButton(page, '#refund');
  await settle(pages);
  const total = formatFen(order.total);
  expect(page.data.error).toBe(`各方式合计 ¥5.00，与应退 ${total} 不符：请调整到相等`);
  expect(page.data.approving).toBe('');

  // Not an amount at all (three decimals): the core's money parser refuses it.
  await typeAmount(page, 'cash', '1.005');
  clickButton(page, '#refund');
  await settle(pages);
  expect(page.data.error).toBe('现金的退款金额“1.005”不对：请输入如 12.50 的金额');
  expect(page.data.approving).toBe('');
  expect(queued().map((op) => op.type)).toEqual(['order.placed']);
  expect(till.device.client.orders.find(order.id)!.order.refunds).toHaveLength(0);
});

test('an order paid one way has nothing to split', async () => {
  sellForCash(till.device, [{ skuId: latte().skus[0].id, qty: 1 }]);
  const page = await openFirstOrder();
  await refundAll(page);
  expect(page.data.split).toBeNull();
  expect(count(page, own('refund-split'))).toBe(0);
  expect(textOf(page, own('refund__tenders'))).toContain('现金 ¥18.00');
});
