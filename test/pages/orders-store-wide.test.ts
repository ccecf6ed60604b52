/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// Orders on a till paired with a real server (the payment simulator): another till's receipt,
// scanned, opens that order from the store-wide list; a WeChat-paid order refunded here with a
// manager's PIN shows what the refund through WeChat Pay is doing as the server reports it, through
// sync, in the order's detail (here: paid back by the simulator).
import { demo } from '../support/test-server';
import { launch, pair, sellForCash, signIn } from '../client/support/device';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { typePin } from './support/pin-pad';
import { clickButton, count, own, textOf, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

const form = (action: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `action=${action}`,
});

async function ordersPage(): Promise<Node> {
  const page = pages.render('pages/orders/index');
  await settle(pages);
  return page;
}

test('another till’s receipt scanned: its order opens from the store-wide list', async () => {
  const other = launch();
  await pair(other, till.server, till.server.pos.pairingCodes.issue().code, 'tablet', 'till 2');
  signIn(other);
  const latte = other.client.catalog.products.find((p) => p.name === '拿铁')!;
  const sold = sellForCash(other, [{ skuId: latte.skus[0].id, qty: 1 }]);
  await until(() => till.device.client.orders.find(sold.id) !== null, 'till 2’s sale to sync here');

  const page = await ordersPage();
  expect(page.data.scope).toBe('device');
  expect(page.data.rows).toEqual([]);
  pages.scanResult = sold.orderNo;
  clickButton(page, '#order-scan');
  await until(() => page.data.detail !== null, 'the scanned order');
  await settle(pages);
  expect(page.data.scope).toBe('store');
  expect(page.data.detail.orderNo).toBe(sold.orderNo);
  expect(page.data.rows.map((row: { id: string }) => row.id)).toContain(sold.id);
  expect(textOf(page, own('detail__no'))).toBe(sold.orderNo);
});

test('a WeChat-paid order refunded with a manager’s PIN: the detail follows the refund to paid back', async () => {
  const { client } = till.device;
  const latte = client.catalog.products.find((p) => p.name === '拿铁')!;
  client.cart.addItem(latte.skus[0].id, 1);
  const placed = client.payments.payCartByQr([]);
  if (!placed.ok) throw new Error(placed.error.message);
  await until(() => client.payments.payment !== null, 'the pay QR');
  expect((await fetch(client.payments.payment!.qrText, form('confirm'))).status).toBe(200);
  const order = placed.value;
  await until(() => client.orders.find(order.id)?.order.status === 'paid', 'the order paid');

  const page = await ordersPage();
  page.querySelectorAll('.order-row')[0].dispatchEvent('tap');
  await settle(pages);
  expect(page.data.detail.orderNo).toBe(order.orderNo);
  // Nothing went back through WeChat yet: no such section.
  expect(count(page, own('detail__wechat-refunds'))).toBe(0);

  clickButton(page, '#refund-all');
  await settle(pages);
  expect(textOf(page, own('refund__tenders'))).toContain('微信支付 ¥18.00');
  clickButton(page, '#refund');
  await settle(pages);
  const manager = demo.staffPins.find((s) => s.role === 'manager')!;
  await typePin(pages, page, '#manager-pin', manager.pin);
  await until(() => page.data.done !== '', 'the refund recorded');

  // The server sends it to WeChat Pay (here its simulator) and the order comes back with it.
  await until(
    () => page.data.detail?.wechatRefunds?.[0]?.state === '已退回',
    'the WeChat refund paid back',
  );
  await settle(pages);
  const refund = client.orders.find(order.id)!.order.paymentRefunds![0];
  expect(refund).toMatchObject({ amount: 1800, status: 'succeeded' });
  const row = page.querySelectorAll('.wechat-refund')[0];
  expect(row.dom?.querySelector(vant('van-cell', 'van-cell__title'))?.textContent).toContain(
    '退回微信 ¥18.00',
  );
  const tag = page.querySelectorAll('.wechat-refund__state')[0];
  expect(tag.dom?.querySelector(vant('van-tag'))?.textContent?.trim()).toBe('已退回');
});
