// The local history keeps what the server acknowledged for two business days (one once storage
// is at the warning level), never an open order or one the outbox still refers to; an older order
// whose money moved within those days (refunded, voided, paid) is as recent as that.
import { businessDayOf, type Order } from '@pos/shared';
import { Ledger } from '../../miniprogram/core/ledger';
import { saleOperation } from '../support/sales';
import { ManualClock } from './support/manual-clock';
import { seedLedger } from './support/offline-seed';
import { recordingStorage, type RecordingStorage } from './support/recording-storage';

const DAY = 86_400_000;
let storage: RecordingStorage;
let clock: ManualClock;
let cursor = 10;

beforeEach(() => {
  storage = recordingStorage();
  clock = new ManualClock();
});
afterEach(() => storage.standIn.dispose());

const otherDevice = { deviceId: 'dev-other-1', deviceCode: 'T2' };
function orderAt(at: number, seq: number, open = false): Order {
  const { payload } = saleOperation({ device: otherDevice, seq, at });
  if (!open) return payload;
  return {
    ...payload,
    status: 'open',
    tenders: [],
    paidAt: null,
    source: 'kiosk',
    cashierId: null,
  };
}

/** Orders arriving from the server (written at the next persist). */
function receive(ledger: Ledger, orders: Order[]): void {
  ledger.applyChanges(
    orders.map((order) => ({ kind: 'order' as const, cursor: ++cursor, order })),
    cursor,
  );
}

test('keeps two business days, open orders and orders the outbox refers to', () => {
  const ledger = new Ledger(storage, clock);
  ledger.load();
  seedLedger(ledger);
  const now = clock.now();
  const old = orderAt(now - 2 * DAY, 1);
  const oldOpen = orderAt(now - 2 * DAY, 2, true);
  const oldRefunded = orderAt(now - 2 * DAY, 3);
  const yesterday = orderAt(now - DAY, 4);
  const today = orderAt(now, 5);
  receive(ledger, [old, oldOpen, oldRefunded, yesterday, today]);
  // A void of an old order waits in the outbox: its order must stay to show it.
  ledger.record(() => ({
    type: 'order.voided',
    payload: { orderId: oldRefunded.id, staffId: 's', approvedBy: 'm', reason: '', at: now },
  }));

  ledger.persist();
  const kept = new Set(ledger.history.values().map((order) => order.id));
  expect(kept).toEqual(new Set([oldOpen.id, oldRefunded.id, yesterday.id, today.id]));

  const reloaded = new Ledger(storage, clock);
  reloaded.load();
  expect(reloaded.history.get(old.id)).toBeUndefined();
  expect(reloaded.history.size).toBe(4);

  // A day later, yesterday's order is two days old too.
  clock.advance(DAY);
  reloaded.persist();
  expect(reloaded.history.get(yesterday.id)).toBeUndefined();
  expect(reloaded.history.get(today.id)).toBeDefined();
});

test('keeps only today once storage is at the warning level', () => {
  storage = recordingStorage({ storageQuotaBytes: 120 * 1024 });
  const ledger = new Ledger(storage, clock);
  ledger.load();
  seedLedger(ledger);
  const now = clock.now();
  const yesterday = orderAt(now - DAY, 1);
  receive(ledger, [yesterday, orderAt(now, 2)]);
  ledger.persist();
  expect(ledger.history.get(yesterday.id)).toBeDefined();
  // Fill storage past 80% with other data.
  storage.set('pos.filler', 'x'.repeat(120 * 1024 * 0.82 - storage.standIn.storage.usedBytes()));
  ledger.refreshUsage();
  expect(ledger.storageUsage().level).toBe('warning');
  ledger.persist();
  expect(ledger.history.get(yesterday.id)).toBeUndefined();
  expect(ledger.history.size).toBe(1);
});

test('an older order refunded, voided or paid within the days kept stays until those days pass', () => {
  const ledger = new Ledger(storage, clock);
  ledger.load();
  seedLedger(ledger);
  const now = clock.now();
  const today = businessDayOf(now, ledger.replica.settings);
  const untouched = orderAt(now - 3 * DAY, 1);
  const sold = orderAt(now - 3 * DAY, 2);
  const refund = {
    id: 'dev-other-1:refund:9',
    orderId: sold.id,
    deviceId: otherDevice.deviceId,
    staffId: 'staff-cashier-1',
    approvedBy: 'staff-manager-1',
    reason: '',
    createdAt: now,
    businessDay: today,
    lines: [{ lineId: sold.lines[0].lineId, qty: 1, amount: 100 }],
    tenders: [{ method: 'cash' as const, amount: 100 }],
    restock: false,
  };
  const refunded: Order = { ...sold, status: 'partially_refunded', refunds: [refund] };
  const voided: Order = {
    ...orderAt(now - 3 * DAY, 3),
    status: 'voided',
    void: { staffId: 's', approvedBy: 'm', reason: '', at: now },
  };
  const paidLate: Order = { ...orderAt(now - 3 * DAY, 4, true), status: 'paid', paidAt: now };
  receive(ledger, [untouched, refunded, voided, paidLate]);
  ledger.persist();
  const kept = () => new Set(ledger.history.values().map((order) => order.id));
  expect(kept()).toEqual(new Set([refunded.id, voided.id, paidLate.id]));

  clock.advance(2 * DAY);
  ledger.persist();
  expect(kept()).toEqual(new Set());
});
