/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A cash sale's receipt that did not print (the printer out of paper), printed again from Settings'
// 重新打印, on a paired tablet against a real server with the wx stand-in's fake printer. At the sale
// the drawer opened all the same (its kick goes out alone: the drawer needs no paper). Soon after
// the sale the receipt printed again is the sale's own, unmarked, and does not open the drawer a
// second time. Hours later it is a reprint of the order as it is then (voided meanwhile: it says
// so), marked, and the drawer stays shut: no drawer opening without a sale or a reason on record.
import { until } from '../client/support/until';
import { readEscPos } from '../support/escpos-reader';
import { demo } from '../support/test-server';
import { tillPerTest } from './support/till';
import { printerPerTest } from './support/printer';
import { setUpPages, settle } from './support/pages';
import { clickButton, own, textOf, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);
let rendered: Node[] = [];
// Detached before the printer's own hooks let go of the store the settings component binds to.
afterEach(async () => {
  for (const page of rendered) (page as Node & { detach(): void }).detach();
  rendered = [];
  await settle(pages);
});
/** How far the printer store's clock is ahead of the real one (hours passing at the till). */
const later = { ms: 0 };
const printing = printerPerTest(() => till.device, { now: () => Date.now() + later.ms });
beforeEach(() => (later.ms = 0));

function render(path: string): Node {
  const page = pages.render(path);
  rendered.push(page);
  return page;
}

/** Two lattes (¥36.00) paid in cash at the checkout while the printer is out of paper. */
async function cashSaleOutOfPaper() {
  printing.printer!.setPaper('out');
  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  expect(till.device.client.cart.addItem(latte.skus[0].id, 2).ok).toBe(true);
  const page = render('pages/checkout/index');
  await settle(pages);
  page
    .querySelectorAll('.checkout__quick-button')[0]
    .querySelector('.van-button')!
    .dispatchEvent('tap');
  await until(() => page.data.payment.complete, 'the cash to cover the total');
  clickButton(page, '#pay');
  await until(() => page.data.receipt?.tone === 'warning', 'the printer to give up');
  const order = till.device.client.orders.views[0].order;
  expect(printing.store.unprintedOrderIds).toEqual([order.id]);
  // The paper check and the drawer kick reached the printer, none of the receipt.
  const atSale = readEscPos(printing.printer!.received());
  expect({ kicks: atSale.drawerKicks, lines: atSale.lines.length }).toEqual({ kicks: 1, lines: 0 });
  printing.printer!.setPaper('ok');
  return order;
}

/** Taps 重新打印 in Settings' printer section; what reached the printer then, read back. */
async function retryFromSettings() {
  const before = printing.printer!.received().length;
  const settings = render('components/printer-settings/index');
  await settle(pages);
  expect(textOf(settings, own('printer-settings__failed-text'))).toBe('1 张小票没有打印出来');
  clickButton(settings, '#retry-all');
  await until(
    () => printing.store.failed.length === 0 && printing.store.busy === null,
    'the receipt to print',
  );
  const printout = readEscPos(printing.printer!.received().subarray(before));
  return { printout, lines: printout.lines.map((line) => line.text.trim()) };
}

test('retried at once after the printer is fixed, a cash sale’s receipt is the sale’s, the drawer already open', async () => {
  const order = await cashSaleOutOfPaper();
  later.ms = 40_000;
  const { printout, lines } = await retryFromSettings();
  expect(printout.cuts).toBe(1);
  expect(printout.drawerKicks).toBe(0);
  expect(lines).toContain(`单号: ${order.orderNo}`);
  expect(lines).not.toContain('** 重打小票 **');
  expect(printout.qrCodes.map((qr) => qr.data)).toEqual([order.orderNo]);
});

test('retried hours later, after a void, it prints the order as it is: a reprint, the drawer shut', async () => {
  const order = await cashSaleOutOfPaper();
  const manager = demo.staffPins.find((s) => s.role === 'manager')!.staffId;
  const voided = till.device.client.orders.voidOrder(order.id, {
    reason: '顾客取消',
    approvedBy: manager,
  });
  expect(voided.ok).toBe(true);

  later.ms = 3 * 60 * 60_000;
  const { printout, lines } = await retryFromSettings();
  expect(printout.cuts).toBe(1);
  expect(printout.drawerKicks).toBe(0);
  expect(lines).toEqual(
    expect.arrayContaining([`单号: ${order.orderNo}`, '** 重打小票 **', '*** 已作废 ***']),
  );
});
