/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The receipt after a sale at the checkout, on a paired tablet with a remembered Bluetooth printer
// (the wx stand-in's fake one) against a real server: a cash sale prints its receipt (read back
// from the printer's bytes: the order number, its QR, the drawer kick, the cut) without holding up
// "paid"; a printer out of paper still completes the sale, with a small note and the receipt
// kept as unprinted; a sale paid by WeChat QR prints once the paid order has synced back.
import { until } from '../client/support/until';
import { readEscPos } from '../support/escpos-reader';
import { tillPerTest } from './support/till';
import { printedReceipts, printerPerTest } from './support/printer';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, own, textOf, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);
const printing = printerPerTest(() => till.device);

function ringUp(name: string, qty: number): void {
  const product = till.device.client.catalog.products.find((p) => p.name === name)!;
  const added = till.device.client.cart.addItem(product.skus[0].id, qty);
  if (!added.ok) throw new Error(added.error.message);
}

async function payExactCash(): Promise<Node> {
  ringUp('拿铁', 2); // ¥36.00
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  const exact = page.querySelectorAll('.checkout__quick-button')[0];
  exact.querySelector('.van-button')!.dispatchEvent('tap');
  await until(() => page.data.payment.complete, 'the cash to cover the total');
  clickButton(page, '#pay');
  await until(() => page.data.paid !== null, 'the paid screen');
  return page;
}

test('a cash sale prints its receipt: the order number, its QR, the drawer kick and the cut', async () => {
  const page = await payExactCash();
  const order = till.device.client.orders.views[0].order;
  await until(() => page.data.receipt?.tone === 'success', 'the receipt to print');
  await settle(pages);
  expect(textOf(page, own('checkout__receipt'))).toBe('小票已打印');
  expect(textOf(page, own('checkout__paid'))).toContain(`订单号 ${order.orderNo}`);

  const printer = printing.printer!;
  expect(printer.violations).toEqual([]);
  const printout = readEscPos(printer.received());
  expect(printout.cuts).toBe(1);
  expect(printout.drawerKicks).toBe(1);
  // The QR holds the order number: Orders finds the order by it for a return.
  expect(printout.qrCodes.map((qr) => qr.data)).toEqual([order.orderNo]);
  const [receipt] = printedReceipts(printer);
  expect(receipt).toEqual(
    expect.arrayContaining([
      `单号: ${order.orderNo}`,
      '退换货请出示此码',
      '谢谢惠顾，欢迎再次光临',
    ]),
  );
  expect(receipt.some((line) => /^现金\s+36\.00$/.test(line))).toBe(true);
  expect(printing.store.unprintedOrderIds).toEqual([]);
});

test('a printer out of paper still completes the sale: a small note, the receipt kept unprinted', async () => {
  printing.printer!.setPaper('out');
  const page = await payExactCash();
  const order = till.device.client.orders.views[0].order;
  await until(() => page.data.receipt?.tone === 'warning', 'the printer to give up');
  await settle(pages);
  // Paid, stored and queued as any sale; the printer only adds a note under it.
  expect(order.status).toBe('paid');
  expect(textOf(page, own('checkout__paid'))).toContain('收款成功');
  expect(textOf(page, own('checkout__receipt'))).toBe(
    '小票没有打印出来（打印机缺纸：装好纸后重新打印），可在订单里重打',
  );
  expect(page.data.error).toBe('');
  expect(count(page, '.van-notice-bar')).toBe(0);
  expect(printing.store.unprintedOrderIds).toEqual([order.id]);
  // Nothing was sent into the empty printer but the paper check.
  expect(readEscPos(printing.printer!.received()).cuts).toBe(0);

  clickButton(page, '#next-sale');
  await settle(pages);
  expect(till.device.client.cart.isEmpty).toBe(true);
});

test('paid by WeChat QR: the receipt prints the paid order, with its WeChat tender, once it syncs back', async () => {
  ringUp('拿铁', 1); // ¥18.00
  const page = pages.render('pages/checkout/index');
  await settle(pages);
  clickButton(page, '#wechat-qr');
  await until(() => page.data.qr.url !== '', 'the pay QR');
  // What the QR encodes: the simulator's page on this server (checkout-pay-qr decodes the image).
  const link = till.device.client.payments.payment!.qrText;
  expect(link).toMatch(/\/pay\/sim\//);
  const confirmed = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=confirm',
  });
  expect(confirmed.status).toBe(200);
  await until(() => page.data.paid !== null, 'the paid screen');
  await until(() => page.data.receipt?.tone === 'success', 'the receipt to print');

  const order = till.device.client.orders.views[0].order;
  expect(order.status).toBe('paid');
  const printout = readEscPos(printing.printer!.received());
  expect(printout.cuts).toBe(1);
  // Not paid in cash: the drawer stays shut.
  expect(printout.drawerKicks).toBe(0);
  const [receipt] = printedReceipts(printing.printer!);
  expect(receipt).toContain(`单号: ${order.orderNo}`);
  expect(receipt.some((line) => /^微信支付\s+18\.00$/.test(line))).toBe(true);
  expect(receipt.some((line) => line.includes('未付款'))).toBe(false);
});
