/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The customer pay page against a real server: opened by a wxacode scene
// (decodeURIComponent(query.scene)), it shows the server's amount and pays in the simulator; a
// tampered scene is refused.
import { signQrPayload } from '@pos/shared';
import { until } from '../client/support/until';
import { tillPerTest } from './support/till';
import { setUpPages, settle } from './support/pages';
import { clickButton, own, textOf, type Node } from './support/interact';

const pages = setUpPages();
const till = tillPerTest(pages);

type PageInstance = { onLoad(query: Record<string, string>): void };
const load = (page: Node, query: Record<string, string>) =>
  (page as unknown as { instance: PageInstance }).instance.onLoad(query);

/** A pay QR for a ¥18.00 order, made the way the checkout makes one. */
async function payScene(): Promise<string> {
  const { client } = till.device;
  const product = client.catalog.products.find((p) => p.name === '拿铁')!;
  client.cart.addItem(product.skus[0].id, 1);
  const placed = client.payments.payCartByQr([]);
  if (!placed.ok) throw new Error(placed.error.message);
  await until(() => client.payments.payment !== null, 'the pay QR');
  return client.payments.payment!.scene;
}

test('pay page: scene -> the server’s amount -> pay in the simulator -> paid', async () => {
  const scene = await payScene();
  const page = pages.render('customer/pay/index');
  load(page, { scene: encodeURIComponent(scene) });
  await until(() => page.data.state === 'ready', 'the payment');
  await settle(pages);
  expect(textOf(page, own('customer-pay__amount'))).toBe('¥18.00');
  expect(textOf(page, own('customer-pay__status'))).toBe('待支付');
  clickButton(page, '#pay');
  await until(() => page.data.status === 'paid', 'paid');
  await settle(pages);
  expect(textOf(page, own('customer-pay__status'))).toBe('支付成功');
  // The checkout on the till hears of it too.
  await until(() => till.device.client.payments.paid, 'the till to see it paid');
});

test('pay page: a scene changed by one character is refused with a clear message', async () => {
  const scene = await payScene();
  const changed = scene.slice(0, 4) + (scene[4] === 'a' ? 'b' : 'a') + scene.slice(5);
  const page = pages.render('customer/pay/index');
  load(page, { scene: encodeURIComponent(changed) });
  await until(() => page.data.state === 'error', 'the refusal');
  await settle(pages);
  expect(page.data.error).toBe('二维码被改动过或不是本店的，请重新扫描店员出示的二维码');
  // A code signed with another secret is no better.
  const forged = signQrPayload(new Uint8Array(32).fill(9), {
    kind: 'pay-order',
    ref: 'abc',
    nonce: 'abcde',
    expiresAt: Date.now() + 600_000,
  });
  const again = pages.render('customer/pay/index');
  load(again, { scene: encodeURIComponent(forged) });
  await until(() => again.data.state === 'error', 'the refusal');
});

test('pay page: the cashier cancelled the QR meanwhile: tapping pay shows it cancelled, in Chinese, with nothing left to tap', async () => {
  const scene = await payScene();
  const page = pages.render('customer/pay/index');
  load(page, { scene: encodeURIComponent(scene) });
  await until(() => page.data.state === 'ready', 'the payment');
  const { id } = till.device.client.payments.payment!;
  await till.device.client.payments.cancel();
  await until(() => till.server.store.state.payments[id].status === 'closed', 'the QR closed');

  clickButton(page, '#pay');
  await until(() => page.data.status !== 'pending' || page.data.error !== '', 'the answer');
  await settle(pages);
  expect(page.data.error).not.toMatch(/[A-Za-z]{3}/);
  expect(textOf(page, own('customer-pay__status'))).toBe('这笔支付已取消');
  expect(page.querySelector('#pay')).toBeUndefined();
});
