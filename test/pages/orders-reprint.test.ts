/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Printing a receipt again from Orders, on a paired tablet with a remembered Bluetooth printer (the
// wx stand-in's fake one): the reprint is marked as one and keeps the drawer shut; a printer that
// is off says why, and its order is listed as not printed until a reprint gets through; without a
// remembered printer the detail points to Settings instead of offering a reprint.
import { sellForCash } from '../client/support/device';
import { until } from '../client/support/until';
import { readEscPos } from '../support/escpos-reader';
import { tillPerTest } from './support/till';
import { printedReceipts, printerPerTest } from './support/printer';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages, { offline: true });
const printing = printerPerTest(() => till.device);

function sellLatte(qty: number) {
  const latte = till.device.client.catalog.products.find((p) => p.name === '拿铁')!;
  return sellForCash(till.device, [{ skuId: latte.skus[0].id, qty }]);
}

async function openDetail(): Promise<Node> {
  const page = pages.render('pages/orders/index');
  await settle(pages);
  page.querySelectorAll('.order-row')[0].dispatchEvent('tap');
  await settle(pages);
  return page;
}

const unprintedTags = (page: Node) =>
  page
    .querySelectorAll('.order-row__unprinted')
    .map((tag) => tag.dom?.querySelector(vant('van-tag'))?.textContent?.trim());

/** Taps reprint and waits for it to end as expected (a printer that is off fails at once). */
async function reprint(page: Node, expected: 'done' | 'failed'): Promise<void> {
  clickButton(page, '#reprint');
  await until(() => page.data.reprint.state === expected, `the reprint to end ${expected}`);
  await settle(pages);
}

test('reprints an order’s receipt, marked as a reprint, with the drawer left shut', async () => {
  const order = sellLatte(2);
  const page = await openDetail();
  expect(page.data.detail.orderNo).toBe(order.orderNo);
  expect(count(page, own('detail__printer-hint'))).toBe(0);

  await reprint(page, 'done');
  expect(textOf(page, own('detail__reprint'))).toBe('已重打小票');
  const printout = readEscPos(printing.printer!.received());
  expect(printout.cuts).toBe(1);
  expect(printout.drawerKicks).toBe(0);
  expect(printout.qrCodes.map((qr) => qr.data)).toEqual([order.orderNo]);
  const [receipt] = printedReceipts(printing.printer!);
  expect(receipt).toEqual(expect.arrayContaining(['** 重打小票 **', `单号: ${order.orderNo}`]));
});

test('a receipt that did not print is listed as such; a failed reprint says why, a good one clears it', async () => {
  const order = sellLatte(1);
  // The sale's own receipt hit an empty printer.
  printing.printer!.setPaper('out');
  expect((await printing.store.printOrder(order)).ok).toBe(false);
  const page = await openDetail();
  expect(unprintedTags(page)).toEqual(['未打印']);

  printing.printer!.setPaper('ok');
  printing.printer!.setPowered(false);
  await reprint(page, 'failed');
  expect(textOf(page, own('detail__reprint'))).toMatch(/^重打失败：/);
  expect(textOf(page, own('detail__reprint'))).toContain('打印机');
  expect(unprintedTags(page)).toEqual(['未打印']);

  printing.printer!.setPowered(true);
  await reprint(page, 'done');
  expect(printing.store.unprintedOrderIds).toEqual([]);
  expect(unprintedTags(page)).toEqual([]);
  expect(printedReceipts(printing.printer!)).toHaveLength(1);
});

test('without a remembered printer the detail points to Settings instead of a reprint', async () => {
  await printing.store.forget();
  sellLatte(1);
  const page = await openDetail();
  expect(page.querySelectorAll('#reprint')).toHaveLength(0);
  expect(textOf(page, own('detail__printer-hint'))).toBe(
    '还没有设置小票打印机：请在设置里连接后再重打',
  );
});
