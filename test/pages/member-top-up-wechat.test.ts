/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// A stored-value top-up paid by WeChat Pay at the register, against a real server (the payment
// simulator): the form shows the server's pay QR for the top-up (its image decodes to the
// simulator's page), says done once the server has the payment, and the balance the server
// credited reaches the till through sync; nothing is recorded on the till. Offline, it says to
// take cash; a declined payment credits nothing and leaves the amount to take another way.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, find, textOf, typeInto, vant, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

const panel = (page: Node) => find(page, '#member-panel');
const topUp = (page: Node) => find(panel(page), '#member-top-up');
const inPanel = (className: string) => vant('member-panel', className);
const inTopUp = (className: string) => vant('member-top-up', className);
// 陈女士 in the demo.
const phone = '13912345678';

async function formAtFifty(): Promise<Node> {
  const page = pages.render('pages/register/index');
  await settle(pages);
  await until(() => till.device.client.sync.isOnline, 'the till to be online');
  clickButton(panel(page), '#member-open');
  await settle(pages);
  typeInto(panel(page), '#member-phone', phone);
  await settle(pages);
  clickButton(panel(page), '#member-find');
  await settle(pages);
  clickButton(panel(page), '#member-top-up-open');
  await settle(pages);
  const fifty = topUp(page).querySelectorAll('.member-top-up__amount')[0];
  fifty.querySelector('.van-button')!.dispatchEvent('tap');
  await settle(pages);
  expect(find(topUp(page), '#top-up-wechat').dom?.textContent).toContain('改用微信收款 ¥50.00');
  return page;
}

/** Taps WeChat Pay and reads the QR on the form back with an independent decoder. */
async function qrOnForm(page: Node): Promise<string> {
  clickButton(topUp(page), '#top-up-wechat');
  await until(() => topUp(page).data.qr.url !== '', 'the pay QR');
  await settle(pages);
  expect(textOf(page, inTopUp('member-top-up__question'))).toBe('收款 ¥50.00');
  expect(textOf(page, inTopUp('member-top-up__status'))).toBe('请顾客用微信扫码支付');
  const src: string = topUp(page).data.qr.url;
  expect(src).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/payments\/\w+\/qr\.png$/);
  const png = PNG.sync.read(Buffer.from(await (await fetch(src)).arrayBuffer()));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
}

const form = (action: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `action=${action}`,
});

test('paid in the simulator: done on the server’s word, the credited balance synced to the till', async () => {
  const { client } = till.device;
  const before = till.server.store.memberByPhone(phone)!.balance;
  const page = await formAtFifty();
  const link = await qrOnForm(page);
  expect(link).toMatch(/\/pay\/sim\//);
  const simulator = await (await fetch(link)).text();
  expect(simulator).toContain('会员储值充值');
  expect((await fetch(link, form('confirm'))).status).toBe(200);

  await until(() => panel(page).querySelector('#member-top-up') === undefined, 'the form to close');
  await settle(pages);
  expect(textOf(page, inPanel('member-panel__note'))).toBe(
    '微信已收款 ¥50.00：由门店服务器入账，同步后显示新余额',
  );
  expect(till.server.store.memberByPhone(phone)!.balance).toBe(before + 5000);
  // Nothing of it in the till's outbox: the server recorded it, and its balance syncs back.
  expect(client.members.unsyncedTopUps).toEqual([]);
  await until(
    () => client.members.accountOf(phone)?.balance === before + 5000,
    'the credited balance through sync',
  );
  await settle(pages);
  expect(textOf(page, inPanel('member-panel__meta'))).toContain(
    `储值 ¥${((before + 5000) / 100).toFixed(2)}`,
  );
});

test('declined: nothing is credited; the amount stays to take in cash', async () => {
  const before = till.server.store.memberByPhone(phone)!.balance;
  const page = await formAtFifty();
  const link = await qrOnForm(page);
  expect((await fetch(link, form('decline'))).status).toBe(200);
  await until(() => topUp(page).data.qr.message !== '', 'the declined message');
  await settle(pages);
  expect(textOf(page, inTopUp('member-top-up__status'))).toBe('顾客支付未成功');
  clickButton(topUp(page), '#top-up-wechat-cancel');
  await settle(pages);
  expect(textOf(page, inTopUp('member-top-up__question'))).toBe(
    '收取现金 ¥50.00，为 陈女士 13912345678 充值？',
  );
  expect(till.server.store.memberByPhone(phone)!.balance).toBe(before);
});

test('offline: WeChat Pay needs the server, so it says to take cash and makes nothing', async () => {
  const page = await formAtFifty();
  till.device.standIn.network.set({ isConnected: false });
  await until(() => !till.device.client.sync.isOnline, 'the till to be offline');
  const payments = Object.keys(till.server.store.state.payments).length;
  clickButton(topUp(page), '#top-up-wechat');
  await settle(pages);
  expect(textOf(page, inTopUp('member-top-up__error'))).toBe(
    '微信收款需要连接门店服务器：请收现金，或联网后再试',
  );
  expect(Object.keys(till.server.store.state.payments)).toHaveLength(payments);
});
