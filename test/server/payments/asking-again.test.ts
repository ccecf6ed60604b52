// The till asking for an order's pay QR again over real HTTP (another split, a QR about to expire)
// while the customer has just paid the one on the screen: the paid payment is the answer and the
// order is paid once; no second QR is made that would charge the customer twice. And a double tap
// while the provider is slow: one payment, one provider order, the same answer twice.
import { removeDir } from '../../support/temp-dir';
import { api } from '../../support/test-server';
import {
  ProviderUnreachableError,
  type ProviderOrder,
} from '../../../sync-server/payments/provider';
import { SimulatorProvider } from '../../../sync-server/payments/simulator-provider';
import {
  closeTill,
  openTill,
  paymentStatus,
  placeOpenOrder,
  requestPayment,
  type PaymentTill,
} from './support';

/** The simulator, whose close can be cut off as a lost network would, and whose new orders can wait. */
class SwitchableSimulator extends SimulatorProvider {
  reachable = true;
  /** New orders wait for it, as they wait for WeChat Pay's answer (~150 ms in a store). */
  answerWhen: Promise<void> | null = null;
  placed: string[] = [];
  override async createNative(order: ProviderOrder): Promise<{ codeUrl: null }> {
    this.placed.push(order.outTradeNo);
    await this.answerWhen;
    return super.createNative(order);
  }
  override async close(outTradeNo: string): Promise<void> {
    if (!this.reachable) throw new ProviderUnreachableError('no answer in 10 s');
    return super.close(outTradeNo);
  }
}

let till: PaymentTill;
let provider: SwitchableSimulator;
beforeEach(async () => {
  provider = new SwitchableSimulator(Date.now);
  // Nothing polls on its own: the payment at the provider is ahead of the server, as it is for up
  // to 2 s in the store.
  till = await openTill({ payments: { provider, pollMs: 60_000, retryMs: 60_000 } });
});
afterEach(async () => {
  await closeTill(till);
  removeDir(till.server.dataDir);
});

const paymentsOf = (orderId: string) =>
  Object.values(till.server.store.state.payments).filter((payment) => payment.orderId === orderId);
const cash = { method: 'cash', amount: 100, tendered: 100, change: 0 };

test('paid before the poll noticed, then asked again with a split: refused as paid already, the cash for it goes back, no new QR', async () => {
  const order = await placeOpenOrder(till);
  const first = (await requestPayment(till, { orderId: order.id })).body.payment;
  const { outTradeNo } = till.server.store.state.payments[first.id];
  provider.confirm(outTradeNo); // the customer pays the QR on the screen

  const again = await requestPayment(till, { orderId: order.id, otherTenders: [cash] });
  expect(again.status).toBe(409);
  expect(again.body.error).toMatchObject({ code: 'already_paid' });
  expect(again.body.error?.message).toContain(order.orderNo);
  expect(again.body.error?.message).toMatch(/give back the cash/);
  expect(paymentsOf(order.id).map((payment) => payment.status)).toEqual(['paid']);
  const paid = till.server.store.order(order.id)!;
  expect(paid.status).toBe('paid');
  expect(paid.tenders).toEqual([{ method: 'wechat', amount: order.total, reference: outTradeNo }]);
  expect((await paymentStatus(till, first.id)).status).toBe('paid');
  // The till hears of the paid order through sync, as for any payment.
  await till.sync.waitFor(
    () =>
      till.sync
        .changes()
        .some((c) => c.kind === 'order' && c.order.id === order.id && c.order.status === 'paid'),
    'the paid order',
  );
});

test('paid before the poll noticed, then asked again for the same amount as its QR expires: the paid payment is the answer', async () => {
  const order = await placeOpenOrder(till);
  const first = (await requestPayment(till, { orderId: order.id })).body.payment;
  provider.confirm(till.server.store.state.payments[first.id].outTradeNo);
  // Within 30 s of its expiry a QR is not shown again: it is closed, and found paid.
  till.clock.advance(first.expiresAt - till.clock.now() - 20_000);

  const again = await requestPayment(till, { orderId: order.id });
  expect(again.status).toBeLessThan(300);
  expect(again.body.payment).toMatchObject({ id: first.id, status: 'paid', amount: order.total });
  expect(paymentsOf(order.id)).toHaveLength(1);
});

test('the QR on the screen cannot be closed (provider unreachable): no second QR while it may be paid', async () => {
  const order = await placeOpenOrder(till);
  const first = (await requestPayment(till, { orderId: order.id })).body.payment;
  provider.reachable = false;

  const again = await requestPayment(till, { orderId: order.id, otherTenders: [cash] });
  expect(again.status).toBe(503);
  expect(again.body.error!.code).toBe('provider_unreachable');
  expect(paymentsOf(order.id).map((payment) => payment.id)).toEqual([first.id]);

  // Reachable again: it is closed, and the new split gets its QR.
  provider.reachable = true;
  const third = await requestPayment(till, { orderId: order.id, otherTenders: [cash] });
  expect(third.status).toBe(201);
  expect(third.body.payment).toMatchObject({ status: 'pending', amount: order.total - 100 });
  expect(till.server.store.state.payments[first.id].status).toBe('closed');
});

test('a double tap while WeChat Pay is slow to answer: one payment and one provider order, both taps get it', async () => {
  const order = await placeOpenOrder(till);
  let answer!: () => void;
  provider.answerWhen = new Promise((resolve) => (answer = resolve));
  // The provider answers once both requests have reached the service: the second arrives while
  // the first waits for the provider, as a double tap does.
  const { service } = till.server.pos.payments;
  const start = service.start.bind(service);
  let asked = 0;
  jest.spyOn(service, 'start').mockImplementation((request) => {
    const started = start(request);
    if (++asked === 2) answer();
    return started;
  });

  const [a, b] = await Promise.all([
    requestPayment(till, { orderId: order.id }),
    requestPayment(till, { orderId: order.id }),
  ]);
  expect([a.status, b.status]).toEqual([201, 201]);
  expect(b.body.payment.id).toBe(a.body.payment.id);
  expect(paymentsOf(order.id)).toHaveLength(1);
  expect(provider.placed).toHaveLength(1);

  // Paid: the order is paid by it, with nothing paid but not recorded.
  await api(till.server, 'POST', `/api/customer/pay/${a.body.payment.scene}/simulate`, {
    body: { action: 'confirm' },
  });
  expect(till.server.store.order(order.id)!.status).toBe('paid');
  expect(paymentsOf(order.id).map((payment) => [payment.status, payment.problem])).toEqual([
    ['paid', null],
  ]);
});
