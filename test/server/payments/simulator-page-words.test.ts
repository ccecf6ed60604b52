// The simulator's page is what a customer's phone opens from the pay QR when the store has no
// merchant: a Chinese page, whose refusals are Chinese too (as the customer pages' are), and which
// shows a customer who paid just that, however they come back to it (a second tap, a reload).
import type { Browser } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../../support/chromium';
import { removeDir } from '../../support/temp-dir';
import { api } from '../../support/test-server';
import type { ProviderObservation } from '@pos/shared';
import { SimulatorProvider } from '../../../sync-server/payments/simulator-provider';
import { customerRefusals } from '../../../sync-server/qr/customer-words';
import {
  closeTill,
  openTill,
  placeOpenOrder,
  requestPayment,
  statusUntil,
  type PaymentTill,
} from './support';

let till: PaymentTill;
beforeEach(async () => (till = await openTill()));
afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
});

const form = (action: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: `action=${action}`,
});

/** The error paragraph of the simulator page ('' when there is none). */
const errorOf = (html: string) => /<p class="error" id="error">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
/** The status paragraph's state. */
const statusOf = (html: string) => /<p id="status" data-status="([a-z_]+)">/.exec(html)?.[1];

test('the customer taps 确认支付 again after paying: the page says paid, with no refusal', async () => {
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  expect((await fetch(payment.qrText, form('confirm'))).status).toBe(200);
  await statusUntil(till, payment.id, (view) => view.status === 'paid', 'paid');

  const again = await fetch(payment.qrText, form('confirm'));
  const html = await again.text();
  expect(again.status).toBe(200);
  expect(statusOf(html)).toBe('paid');
  expect(html).toContain('已支付');
  expect(errorOf(html)).toBe('');
  expect(html).not.toContain('id="confirm"');
  // Paid once.
  expect(till.server.store.order(order.id)!.tenders).toHaveLength(1);
});

/** The simulator answering a query as slowly as WeChat Pay does over the internet. */
class SlowSimulator extends SimulatorProvider {
  override async query(outTradeNo: string): Promise<ProviderObservation> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return super.query(outTradeNo);
  }
}

test('a double tap: the second post waits for the first, and both answer paid; the order is paid once', async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
  till = await openTill({ payments: { provider: new SlowSimulator(Date.now) } });
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  const first = fetch(payment.qrText, form('confirm'));
  // The second tap while the first is still being paid (its provider query takes 100 ms).
  await new Promise((resolve) => setTimeout(resolve, 30));
  const second = fetch(payment.qrText, form('confirm'));
  for (const answer of await Promise.all([first, second])) {
    const html = await answer.text();
    expect([answer.status, statusOf(html), errorOf(html)]).toEqual([200, 'paid', '']);
  }
  expect(till.server.store.order(order.id)!.tenders).toHaveLength(1);
});

test('a code whose time is up opens a page that says so in Chinese, its payment expired', async () => {
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  till.clock.advance(10 * 60_000);
  const opened = await fetch(payment.qrText);
  const html = await opened.text();
  expect(opened.status).toBe(410);
  expect(errorOf(html)).toBe(customerRefusals.qr_expired);
  expect(statusOf(html)).toBe('expired');
  expect(html).not.toContain('id="confirm"');
  // Tapping 确认支付 on a page left open meanwhile: the same words.
  const late = await fetch(payment.qrText, form('confirm'));
  expect(late.status).toBe(410);
  expect(errorOf(await late.text())).toBe(customerRefusals.qr_expired);
});

test('paid in the code’s last seconds, then reloaded after its time: the page says paid', async () => {
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  await api(till.server, 'POST', `/api/customer/pay/${payment.scene}/simulate`, {
    body: { action: 'confirm' },
  });
  till.clock.advance(10 * 60_000);
  const opened = await fetch(payment.qrText);
  const html = await opened.text();
  expect(opened.status).toBe(200);
  expect(statusOf(html)).toBe('paid');
  expect(errorOf(html)).toBe('');
});

test('the cashier cancelled the QR meanwhile: tapping 确认支付 is refused in Chinese', async () => {
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  expect(await (await fetch(payment.qrText)).text()).toContain('确认支付');
  const closed = await api(till.server, 'POST', `/api/payments/${payment.id}/close`, {
    token: till.device.token,
    body: {},
  });
  expect(closed.status).toBe(200);
  const refused = await fetch(payment.qrText, form('confirm'));
  const html = await refused.text();
  expect(refused.status).toBe(409);
  expect(statusOf(html)).toBe('closed');
  expect(errorOf(html)).toBe(customerRefusals.not_pending);
});

test('an altered code and an unknown payment are refused in Chinese', async () => {
  const order = await placeOpenOrder(till);
  const { payment } = (await requestPayment(till, { orderId: order.id })).body;
  const last = payment.qrText.at(-1) === 'A' ? 'B' : 'A';
  const tampered = await fetch(payment.qrText.slice(0, -1) + last);
  expect(tampered.status).toBe(400);
  expect(errorOf(await tampered.text())).toBe(customerRefusals.qr_tampered);

  // A genuine code for a payment the server does not hold (pruned, or another server's data).
  const stray = till.server.pos.payments.qr.issue('pay-order', 'nosuchpay', 60_000).text;
  const unknown = await fetch(`${till.server.url}/pay/sim/${stray}`);
  expect(unknown.status).toBe(404);
  expect(errorOf(await unknown.text())).toBe(customerRefusals.payment_unknown);
});

describeWithChromium('the simulator page in a phone’s browser', () => {
  let browser: Browser;
  beforeAll(async () => (browser = await launchChromium()));
  afterAll(async () => browser?.close());

  test('the code opened twice; paid on one page, 确认支付 tapped on the other: it says paid', async () => {
    const order = await placeOpenOrder(till);
    const { payment } = (await requestPayment(till, { orderId: order.id })).body;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      // The customer scanned the code twice (WeChat opens a new page each time).
      const [first, second] = [await context.newPage(), await context.newPage()];
      await first.goto(payment.qrText);
      await second.goto(payment.qrText);
      await first.click('#confirm');
      await first.waitForSelector('#status[data-status="paid"]');
      await second.click('#confirm');
      await second.waitForSelector('#status[data-status="paid"]');
      expect(await second.textContent('#status')).toBe('已支付');
      expect(await second.locator('#error').count()).toBe(0);
      expect(await second.locator('#confirm').count()).toBe(0);
      expect(till.server.store.order(order.id)!.tenders).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
