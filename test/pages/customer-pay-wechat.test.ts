/**
 * @jest-environment ./test/pages/support/page-environment.ts
 */
// The customer pay page with a configured merchant, against a real server and the fake WeChat Pay:
// pay -> wx.login's code to the server (jscode2session) -> the server's JSAPI parameters ->
// wx.requestPayment -> WeChat Pay takes it -> the server's poller finds it paid -> the page and the
// till say so. A cancelled pay sheet leaves the payment open to try again.
import type { PaymentView } from '@pos/shared';
import { until } from '../client/support/until';
import { launch, pair, shutDownAll, signIn, type TestDevice } from '../client/support/device';
import { FakeWechatPay } from '../support/fake-wechatpay';
import { removeDir } from '../support/temp-dir';
import { startTestServer, type TestServer } from '../support/test-server';
import { createWxStandIn, type WxStandIn } from '../wx';
import { setUpPages, settle } from './support/pages';
import { clickButton, own, textOf, type Node } from './support/interact';

const pages = setUpPages();
const customer = 'oCustomerPhone00000000000001';
let fake: FakeWechatPay;
let server: TestServer;
let device: TestDevice;
let phone: WxStandIn;

beforeAll(async () => {
  fake = await new FakeWechatPay().start();
  server = await startTestServer({
    payments: {
      wechatPay: fake.config(),
      miniProgram: fake.miniProgram(),
      pollMs: 50,
      retryMs: 100,
    },
  });
  // The customer's WeChat: logged in as `customer`, paying through the fake WeChat Pay. The
  // pages' global wx gets this phone's login and pay sheet (the rest of it is the harness's).
  phone = createWxStandIn({
    wechat: {
      loginCode: () => fake.loginCode(customer),
      pay: (params) => fake.payJsapi(params, customer),
    },
  });
  Object.assign((globalThis as unknown as { wx: object }).wx, {
    login: phone.wx.login,
    requestPayment: phone.wx.requestPayment,
  });
});
afterAll(async () => {
  await phone.dispose();
  await server.close();
  await fake.stop();
  removeDir(server.dataDir);
});
beforeEach(async () => {
  device = launch();
  await pair(device, server, server.pos.pairingCodes.issue().code);
  signIn(device, 'cashier');
  pages.useClient(device.client);
});
afterEach(() => shutDownAll());

type PageInstance = { onLoad(query: Record<string, string>): void };
const load = (page: Node, query: Record<string, string>) =>
  (page as unknown as { instance: PageInstance }).instance.onLoad(query);

/** The till rings up a ¥18.00 latte and shows its pay QR (a WeChat Pay Native order). */
async function payment(): Promise<PaymentView> {
  const { client } = device;
  const product = client.catalog.products.find((p) => p.name === '拿铁')!;
  client.cart.addItem(product.skus[0].id, 1);
  const placed = client.payments.payCartByQr([]);
  if (!placed.ok) throw new Error(placed.error.message);
  await until(
    () => client.payments.payment !== null || client.payments.error !== null,
    'the pay QR',
  );
  if (client.payments.error) throw new Error(JSON.stringify(client.payments.error));
  return client.payments.payment!;
}

test('pay inside the mini-program: login, the server’s parameters, the pay sheet, paid', async () => {
  const view = await payment();
  expect(view.provider).toBe('wechatpay');
  const page = pages.render('customer/pay/index');
  load(page, { scene: encodeURIComponent(view.scene) });
  await until(() => page.data.state === 'ready', 'the payment');
  await settle(pages);
  expect(textOf(page, own('customer-pay__amount'))).toBe('¥18.00');
  // No "decline" button: cancelling is WeChat's pay sheet's business.
  expect(page.querySelector('#decline')).toBeUndefined();

  clickButton(page, '#pay');
  await until(() => page.data.status === 'paid', 'paid');
  await settle(pages);
  expect(textOf(page, own('customer-pay__status'))).toBe('支付成功');
  // The pay sheet showed the server's parameters, signed for this customer's prepay.
  const [sheet] = phone.payer.sheets;
  expect(sheet.choice).toBe('confirm');
  expect(sheet.params.package).toMatch(/^prepay_id=wx/);
  const outTradeNo = server.store.state.payments[view.id].outTradeNo;
  expect(fake.trade(outTradeNo).state).toBe('SUCCESS');
  expect(fake.logins).toHaveLength(1);
  await until(() => device.client.payments.paid, 'the till to see it paid');
});

test('the customer cancels the pay sheet: told so, the payment stays open, and paying again works', async () => {
  const view = await payment();
  const page = pages.render('customer/pay/index');
  load(page, { scene: encodeURIComponent(view.scene) });
  await until(() => page.data.state === 'ready', 'the payment');
  phone.payer.choose('cancel');
  clickButton(page, '#pay');
  await until(() => page.data.error !== '', 'the message');
  expect(page.data.error).toBe('已取消支付，可以再次点击支付');
  expect(page.data.status).toBe('pending');
  expect(server.store.state.payments[view.id].status).toBe('pending');

  phone.payer.choose('confirm');
  await settle(pages);
  clickButton(page, '#pay');
  await until(() => page.data.status === 'paid', 'paid');
  expect(phone.payer.sheets.slice(-2).map((s) => s.choice)).toEqual(['cancel', 'confirm']);
});

test('WeChat Pay does not answer: the customer is told in their own words, not the cashier’s', async () => {
  const view = await payment();
  const page = pages.render('customer/pay/index');
  load(page, { scene: encodeURIComponent(view.scene) });
  await until(() => page.data.state === 'ready', 'the payment');
  // WeChat Pay takes the mini-program order and never answers: the server gives up on it.
  let release = () => {};
  fake.jsapiHold = new Promise((resolve) => (release = resolve));
  try {
    clickButton(page, '#pay');
    await until(() => page.data.error !== '', 'the message');
  } finally {
    fake.jsapiHold = null;
    release();
  }
  await settle(pages);
  expect(page.data.status).toBe('pending');
  expect(textOf(page, own('customer-pay__error'))).toBe(
    '暂时连不上微信支付：请稍后再试，或到收银台付款',
  );
});
