// A cashier's day on one tablet through the stores: open a shift, sell, take cash out, refund and
// void with a manager's PIN, close the shift with a count; the server ends up with all of it.
import { cashTender, denominations, type CashCount } from '@pos/shared';
import { trackedSkus } from '../../support/sales';
import { demo, type TestServer } from '../../support/test-server';
import { launch, pair, relaunch, sellForCash, signIn, serverPerTest } from '../support/device';
import { serverStock } from '../support/server-checks';
import { until } from '../support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

/** Notes and coins for an amount, largest first (what is left under 1 jiao stays uncounted). */
function countOf(amount: number): CashCount {
  const count: CashCount = [];
  for (const denomination of denominations) {
    const pieces = Math.floor(amount / denomination);
    if (pieces > 0) count.push({ denomination, count: pieces });
    amount -= pieces * denomination;
  }
  return count;
}

test('shift, sales, cash out, refund and void with approval, close: all on the server', async () => {
  let tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  const { shift, orders, session, cart } = tablet.client;
  const [a, b] = [trackedSkus[0].id, trackedSkus[1].id];
  const start = [serverStock(server, a), serverStock(server, b)];

  expect(shift.open(20000).ok).toBe(true);
  expect(shift.open(20000)).toMatchObject({ ok: false, error: { code: 'shift_open' } });
  const kept = sellForCash(tablet, [{ skuId: a, qty: 3 }]);
  cart.addItem(b, 1);
  const voidedSale = orders.checkout([cashTender(cart.total, 10000)]);
  if (!voidedSale.ok) throw new Error(voidedSale.error.message);
  expect(voidedSale.value.tenders[0]).toMatchObject({ tendered: 10000 });
  expect(shift.moveCash('out', 500, 'change for the bakery').ok).toBe(true);

  // A cashier cannot approve; the manager's PIN can.
  expect(
    orders.refund(kept.id, {
      lines: [],
      reason: 'x',
      approvedBy: session.staff!.id,
      restock: true,
    }),
  ).toMatchObject({ ok: false, error: { code: 'approval_missing' } });
  const managerPin = demo.staffPins.find((s) => s.role === 'manager')!.pin;
  const approval = session.approveAsManager(managerPin);
  if (!approval.ok) throw new Error(approval.error.message);
  const refunded = orders.refund(kept.id, {
    lines: [{ lineId: kept.lines[0].lineId, qty: 1 }],
    reason: 'broken lid',
    approvedBy: approval.value.id,
    restock: true,
  });
  if (!refunded.ok) throw new Error(refunded.error.message);
  expect(refunded.value.status).toBe('partially_refunded');
  const voided = orders.voidOrder(voidedSale.value.id, {
    reason: 'wrong item',
    approvedBy: approval.value.id,
  });
  expect(voided).toMatchObject({ ok: true, value: { status: 'voided' } });

  const summary = shift.currentSummary!;
  const refundCash = refunded.value.refunds[0].tenders.reduce((sum, t) => sum + t.amount, 0);
  expect(summary.expected).toBe(20000 + kept.total - refundCash - 500);
  const closed = shift.close(countOf(summary.expected), 'end of day');
  if (!closed.ok) throw new Error(closed.error.message);
  expect(closed.value.variance).toBe(closed.value.counted! - summary.expected);
  expect(closed.value.variance).toBeLessThanOrEqual(0);
  expect(closed.value.variance).toBeGreaterThan(-10);
  expect(shift.current).toBeNull();

  await until(() => tablet.client.sync.unsyncedCount === 0, 'the day to sync');
  expect(server.store.order(kept.id)).toMatchObject({
    status: 'partially_refunded',
    refunds: [{ approvedBy: approval.value.id, restock: true }],
  });
  expect(server.store.order(voidedSale.value.id)?.status).toBe('voided');
  expect([serverStock(server, a), serverStock(server, b)]).toEqual([start[0] - 2, start[1]]);

  // After the outbox emptied, the shift and the orders are still there for the day-end screens.
  tablet = await relaunch(tablet);
  expect(tablet.client.shift.shifts).toHaveLength(1);
  expect(tablet.client.shift.shifts[0].closed).toMatchObject({ note: 'end of day' });
  expect(tablet.client.orders.find(kept.id)).toMatchObject({ sync: 'synced' });
});
