// A refund of an order looked up on the store's server (older than the till's history): the order
// is written to the history before the refund is recorded, even past 95% of storage, where the
// server's own data waits in memory. Relaunched, the refund still has its order under it; when
// storage refuses the order, the refund is refused too, with a message, and nothing is recorded.
// Once it synced and its shift closed, the till's day figures still count it, as the server does.
import { denominations, type CashCount, type Order } from '@pos/shared';
import type { HttpClient } from '../../miniprogram/adapters/http-request';
import { STORAGE_FULL_RATIO, WECHAT_QUOTA_BYTES } from '../../miniprogram/core/storage-layout';
import { describeError } from '../../miniprogram/i18n/index';
import { dayReport } from '../../miniprogram/view/day-end-view';
import { saleOperation } from '../support/sales';
import { demo } from '../support/test-server';
import { ack, offlineTill } from './support/acked-offline';
import { relaunch, shutDownAll, type TestDevice } from './support/device';
import { refuseWritesOf } from './support/refused-writes';

afterEach(shutDownAll);

const DAY_MS = 24 * 60 * 60 * 1000;
const manager = demo.staffPins.find((staff) => staff.role === 'manager')!;
/** Another till's cash sale three days ago: past the days this till keeps. */
const oldSale: Order = saleOperation({
  device: { deviceId: 'dev-other-1', deviceCode: 'T2' },
  seq: 7,
  at: Date.now() - 3 * DAY_MS,
}).payload;

/** The store's server, answering with the old sale. */
const server: HttpClient = {
  postJson: () => Promise.reject(new Error('not asked')),
  getJson: () => Promise.resolve({ status: 200, body: { order: oldSale } }),
};

/** Unrelated data (another page's cache) takes storage past the share where new sales stop. */
function fillStorageTo(device: TestDevice, share: number): void {
  const { standIn, client } = device;
  const target = WECHAT_QUOTA_BYTES * share;
  for (let n = 0; standIn.storage.usedBytes() < target; n++) {
    const room = Math.min(target - standIn.storage.usedBytes(), 500 * 1024);
    standIn.wx.setStorageSync(`filler.${n}`, 'x'.repeat(Math.ceil(room)));
  }
  client.ledger.refreshUsage();
}

async function refundOneFromServer(device: TestDevice) {
  const { orders } = device.client;
  const found = await orders.lookUpOnServer({ kind: 'number', number: oldSale.orderNo }, server);
  expect(found).toMatchObject({ ok: true, value: { order: { id: oldSale.id } } });
  return orders.refund(oldSale.id, {
    lines: [{ lineId: oldSale.lines[0].lineId, qty: 1 }],
    reason: 'returned',
    approvedBy: manager.staffId,
    restock: true,
  });
}

test('past 95% of storage, the looked-up order is written with its refund and both survive a relaunch', async () => {
  let device = offlineTill();
  fillStorageTo(device, STORAGE_FULL_RATIO + 0.01);
  expect(device.client.sync.storageLevel).toBe('full');
  const refunded = await refundOneFromServer(device);
  expect(refunded.ok).toBe(true);

  device = await relaunch(device, { client: { autoStart: false } });
  const { ledger, orders } = device.client;
  expect(ledger.outbox.entries().map((entry) => entry.op.type)).toEqual(['order.refunded']);
  expect(ledger.history.get(oldSale.id)).toBeDefined();
  expect(orders.find(oldSale.id)?.order.refunds).toHaveLength(1);
});

test('when storage refuses the looked-up order, the refund is refused and nothing is recorded', async () => {
  const device = offlineTill();
  refuseWritesOf(device, 'pos.orders.');
  const refunded = await refundOneFromServer(device);
  expect(refunded).toMatchObject({ ok: false, error: { code: 'storage_error' } });
  if (refunded.ok) throw new Error('refused above');
  expect(describeError(refunded.error)).toMatch(/^本机存储写入失败/);
  expect(device.client.ledger.outbox.size).toBe(0);
});

/** Notes and coins making up `fen`, the largest first. */
function countOf(fen: number): CashCount {
  let left = fen;
  return denominations.map((denomination) => {
    const count = Math.floor(left / denomination);
    left -= count * denomination;
    return { denomination, count };
  });
}

/** What the manager page shows for this till today (view/day-end-view.ts, as the page calls it). */
function todaysFigures(device: TestDevice) {
  const { client } = device;
  const orders = client.orders.views.map((view) => view.order);
  const scope = { deviceId: client.ledger.identity!.deviceId };
  return dayReport(
    client.ledger.businessDay(),
    orders,
    client.shift.shifts,
    client.catalog.settings,
    scope,
  );
}

/** Everything in the outbox acknowledged by the server: it leaves, and the history is pruned. */
function syncAll(device: TestDevice): void {
  ack(
    device,
    device.client.ledger.outbox.entries().map((entry) => entry.op),
  );
}

/** The old sale looked up on the server and voided: the cash handed back. */
async function voidFromServer(device: TestDevice): Promise<number> {
  const { orders } = device.client;
  await orders.lookUpOnServer({ kind: 'id', id: oldSale.id }, server);
  const voided = orders.voidOrder(oldSale.id, { reason: 'wrong', approvedBy: manager.staffId });
  if (!voided.ok) throw new Error(voided.error.message);
  return oldSale.total;
}

/** One of the old sale's items refunded in cash: the cash handed back. */
async function cashRefundFromServer(device: TestDevice): Promise<number> {
  const refunded = await refundOneFromServer(device);
  if (!refunded.ok) throw new Error(refunded.error.message);
  return refunded.value.refunds[0].tenders[0].amount;
}

test.each([
  ['refund', cashRefundFromServer],
  ['void', voidFromServer],
])(
  "the till's day figures keep today's %s of an old order once it synced and its shift closed",
  async (kind, giveBack) => {
    let device = offlineTill();
    const { shift } = device.client;
    expect(shift.open(20000).ok).toBe(true);
    const cashBack = await giveBack(device);
    expect(cashBack).toBeGreaterThan(0);
    // The right count: the float less what went back.
    expect(shift.close(countOf(20000 - cashBack)).ok).toBe(true);
    syncAll(device);
    expect(device.client.ledger.outbox.size).toBe(0);

    const figures = [todaysFigures(device)];
    device = await relaunch(device, { client: { autoStart: false } });
    figures.push(todaysFigures(device));
    for (const day of figures) {
      if (kind === 'refund') expect(day.refunds.total).toBe(cashBack);
      else expect(day.cash.cashVoids).toBe(cashBack);
      expect(day.cash.variance).toBe(0);
    }
  },
);
