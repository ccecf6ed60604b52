/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A change the server refused, on the manager screen of a real till against a real server: what it
// was and why, in Chinese; a cashier sees it but cannot let it go; a manager dismisses it with a
// second tap, and then it is gone from the till while the server keeps its refusal.
import { syncBadge } from '../../miniprogram/view/sync-view';
import { demo } from '../support/test-server';
import { launch, pair, sellForCash, signIn } from '../client/support/device';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, count, own, textOf, vant } from './support/interact';
import { typePin } from './support/pin-pad';

const pages = setUpPages();
const till = tillPerTest(pages);

const manager = demo.staffPins.find((s) => s.role === 'manager')!.staffId;

/** Till 1 refunds a latte offline that till 2 voided meanwhile: the server refuses the refund. */
async function refusedRefund(): Promise<string> {
  const device = till.device;
  const latte = device.client.catalog.products.find((p) => p.name === '拿铁')!.skus[0].id;
  const sold = sellForCash(device, [{ skuId: latte, qty: 1 }]);
  await until(() => device.client.sync.unsyncedCount === 0, 'the sale to sync');

  const other = launch();
  await pair(other, till.server, till.server.pos.pairingCodes.issue().code, 'tablet', '2 号收银台');
  signIn(other, 'manager');
  await until(() => other.client.orders.find(sold.id) !== null, 'till 2 to have the sale');

  device.standIn.network.set({ isConnected: false });
  await until(() => device.client.sync.status.connection === 'offline', 'till 1 offline');
  const voided = other.client.orders.voidOrder(sold.id, {
    reason: '重复收款',
    approvedBy: manager,
  });
  if (!voided.ok) throw new Error(voided.error.message);
  await until(() => other.client.sync.unsyncedCount === 0, 'the void to sync');
  const refunded = device.client.orders.refund(sold.id, {
    lines: sold.lines.map((line) => ({ lineId: line.lineId, qty: line.qty })),
    reason: '顾客退货',
    approvedBy: manager,
    restock: true,
  });
  if (!refunded.ok) throw new Error(refunded.error.message);
  device.standIn.network.set({ isConnected: true });
  await until(() => device.client.sync.refused.length === 1, 'the refund to be refused');
  // The badge does not call a refused change synced.
  expect(syncBadge(device.client.sync.status)).toMatchObject({
    unsynced: '',
    refused: '1 条被拒绝，需店长处理',
  });
  return sold.orderNo;
}

test('a cashier sees what the server refused and why, but only a manager lets it go', async () => {
  const orderNo = await refusedRefund();
  const page = pages.render('pages/manager/index');
  await settle(pages);
  // A cashier unlocks the screen with a manager's PIN: it shows, without the dismiss button.
  await typePin(pages, page, '#manager-pin', demo.staffPins.find((s) => s.role === 'manager')!.pin);
  // Vant draws the label inside the title.
  const [what, why] = [
    textOf(page, `${own('refused-row')} ${vant('van-cell', 'van-cell__title')}`),
    textOf(page, `${own('refused-row')} ${vant('van-cell', 'van-cell__label')}`),
  ];
  expect(what).toBe(`订单 ${orderNo} 退款 ¥18.00${why}`);
  // The server's word: the order was voided at the other till, nothing is left to refund.
  expect(why).toMatch(/^这笔订单已无可退的商品 · \d{4}-\d\d-\d\d \d\d:\d\d$/);
  expect(textOf(page, own('manager__refused'))).toContain('请店长登录后处理');
  expect(count(page, own('refused-dismiss'))).toBe(0);
});

test('a manager dismisses a refused change with a second tap; the server keeps its refusal', async () => {
  await refusedRefund();
  const refusedSeq = till.device.client.sync.refused[0].seq;
  signIn(till.device, 'manager');
  const page = pages.render('pages/manager/index');
  await settle(pages);
  expect(count(page, own('refused-row'))).toBe(1);

  clickButton(page, '.refused-dismiss');
  await settle(pages);
  // The first tap only asks; keeping it changes nothing.
  clickButton(page, '.refused-keep');
  await settle(pages);
  expect(count(page, own('refused-row'))).toBe(1);
  expect(till.device.client.sync.refused).toHaveLength(1);

  clickButton(page, '.refused-dismiss');
  await settle(pages);
  clickButton(page, '.refused-confirm');
  await settle(pages);
  expect(count(page, own('refused-row'))).toBe(0);
  expect(till.device.client.sync.refused).toEqual([]);
  expect(till.device.client.ledger.outbox.get(refusedSeq)).toBeUndefined();
  // The server still holds the refusal: the sequence is received, not missing.
  const deviceId = till.device.client.ledger.identity!.deviceId;
  const record = till.server.store.state.devices[deviceId];
  expect(record.maxSeq).toBeGreaterThanOrEqual(refusedSeq);
  expect(record.missingSeqs).not.toContain(refusedSeq);
});
