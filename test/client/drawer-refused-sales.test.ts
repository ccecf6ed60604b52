// A sale the server refuses never reached its books: its cash is in no drawer there. The till
// follows the same rule, so its expected cash (and a variance a manager approves at the close) is
// the server's: a refused cash sale, or a refused payment of an open order, is left out of the
// shift's expected cash and of the device's day figures on the manager page, while the refused
// list still shows it to the manager.
import { businessDayOf, cashTender } from '@pos/shared';
import { countedOrders } from '../../miniprogram/core/local-view';
import { dayReport } from '../../miniprogram/view/day-end-view';
import { trackedSkus } from '../support/sales';
import { api, demo, signIn as signInOnServer, type TestServer } from '../support/test-server';
import {
  launch,
  pair,
  sellForCash,
  serverPerTest,
  signIn,
  type TestDevice,
} from './support/device';
import { until } from './support/until';

let server: TestServer;
serverPerTest((started) => (server = started));

const synced = (device: TestDevice) =>
  until(() => device.client.sync.unsyncedCount === 0, 'the outbox to sync');

/** A kiosk's order sent to the counter, on the till for its cashier to take payment. */
async function counterOrder(till: TestDevice): Promise<string> {
  const kiosk = launch();
  await pair(kiosk, server, server.pos.pairingCodes.issue().code, 'kiosk');
  expect(kiosk.client.cart.addItem(trackedSkus[1].id, 1).ok).toBe(true);
  const sent = kiosk.client.orders.sendToCounter();
  if (!sent.ok) throw new Error(sent.error.message);
  await synced(kiosk);
  await until(() => till.client.orders.find(sent.value.id) !== null, 'the till to have it');
  return sent.value.id;
}

test('a cash sale and an open order’s cash payment the server refuses are in no drawer, on the till as on the server', async () => {
  const tablet = launch();
  await pair(tablet, server, server.pos.pairingCodes.issue().code);
  signIn(tablet);
  const { client } = tablet;
  expect(client.shift.open(20000).ok).toBe(true);
  const open = await counterOrder(tablet);
  await synced(tablet);

  // Its operation numbers jump far past what the server had (storage put back from an old copy):
  // the server refuses what it sends next.
  client.ledger.counters.raise({ lastSeq: client.ledger.counters.lastSeq + 20_000 });
  const sale = sellForCash(tablet, [{ skuId: trackedSkus[0].id, qty: 1 }]);
  const due = client.orders.find(open)!.order.total;
  expect(client.orders.payOpenOrder(open, [cashTender(due, due)]).ok).toBe(true);
  await until(() => client.sync.refused.length === 2, 'the sale and the payment to be refused');

  // Both are still shown, marked refused, for the manager to deal with.
  expect(client.orders.find(sale.id)?.sync).toBe('refused');
  expect(client.orders.find(open)?.sync).toBe('refused');
  expect(client.shift.currentSummary).toMatchObject({ cashSales: 0, expected: 20000 });

  const day = businessDayOf(Date.now(), demo.settings);
  const token = await signInOnServer(server);
  const { body } = await api<{
    report: { z: { shifts: Array<{ cashSales: number; expected: number }> } };
  }>(server, 'GET', `/api/reports/days/${day}`, { token });
  expect(body.report.z.shifts).toEqual([
    expect.objectContaining({ cashSales: 0, expected: 20000 }),
  ]);

  // The manager page's figures for this device count what the server holds, as the drawer does.
  const report = dayReport(
    day,
    countedOrders(client.orders.views),
    client.shift.shifts,
    client.catalog.settings,
    { deviceId: client.ledger.identity!.deviceId },
  );
  expect(report.sales.orderCount).toBe(0);
  expect(report.cash.expected).toBe(20000);
});
