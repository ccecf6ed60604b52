// The ledger keeps its view, stock levels, order numbers, shifts and sync tally up to date change by
// change; after any sequence of sales, payments, refunds, voids, acks, refusals, server echoes,
// other devices' orders, pruning and dismissals, each must equal what a rebuild from scratch shows.
import fc from 'fast-check';
import {
  businessDayStartMs,
  cashTender,
  parseOrderId,
  suggestRefund,
  type AckResult,
  type Order,
  type Product,
} from '@pos/shared';
import { Ledger } from '../../miniprogram/core/ledger';
import {
  buildLocalView,
  localStockLevels,
  type OrderView,
} from '../../miniprogram/core/local-view';
import { historyBudget, historyPruneRule } from '../../miniprogram/core/order-history';
import type { OperationDraft } from '../../miniprogram/core/outbox';
import { shiftsWithPending } from '../../miniprogram/core/shift-log';
import { saleOperation, trackedSkus } from '../support/sales';
import { ManualClock } from './support/manual-clock';
import { seedLedger, testIdentity } from './support/offline-seed';
import { recordingStorage } from './support/recording-storage';

const DAY = 86_400_000;
const device = { deviceId: testIdentity.deviceId, deviceCode: testIdentity.deviceCode };
const otherDevice = { deviceId: 'dev-other-1', deviceCode: 'T2' };

type Action =
  | { kind: 'sell'; sku: number; qty: number; open: boolean }
  | { kind: 'pay' | 'refund' | 'void' | 'echo' | 'dismiss'; pick: number; flag: boolean }
  | { kind: 'count' | 'receive'; sku: number; qty: number }
  | { kind: 'join' | 'shift' | 'persist' | 'reload' }
  | { kind: 'ack'; count: number; refuse: boolean[] }
  | { kind: 'other'; daysAgo: number; seq: number }
  | { kind: 'product'; sku: number; tracked: boolean }
  | { kind: 'serverStock'; sku: number; level: number }
  | { kind: 'time'; ms: number };

const pick = { pick: fc.nat(), flag: fc.boolean() };
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('sell' as const),
      sku: fc.nat(3),
      qty: fc.integer({ min: 1, max: 3 }),
      open: fc.boolean(),
    }),
  },
  ...(['pay', 'refund', 'void', 'echo', 'dismiss'] as const).map((kind) => ({
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant(kind), ...pick }),
  })),
  ...(['count', 'receive'] as const).map((kind) => ({
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant(kind),
      sku: fc.nat(3),
      qty: fc.integer({ min: 1, max: 50 }),
    }),
  })),
  ...(['join', 'shift', 'persist', 'reload'] as const).map((kind) => ({
    weight: 1,
    arbitrary: fc.constant({ kind }),
  })),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('ack' as const),
      count: fc.integer({ min: 1, max: 5 }),
      refuse: fc.array(fc.boolean(), { maxLength: 5 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('other' as const),
      daysAgo: fc.nat(4),
      seq: fc.integer({ min: 1, max: 30 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('product' as const),
      sku: fc.nat(3),
      tracked: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('serverStock' as const),
      sku: fc.nat(3),
      level: fc.nat(200),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('time' as const),
      ms: fc.constantFrom(1, 1000, DAY / 2, DAY),
    }),
  },
);

/** A Ledger driven the way the stores and the sync engine drive it. */
class Driver {
  readonly storage = recordingStorage();
  readonly clock = new ManualClock();
  ledger = new Ledger(this.storage, this.clock);
  private cursor = 10;
  private memberNo = 0;

  constructor() {
    this.ledger.load();
    seedLedger(this.ledger);
  }

  dispose(): Promise<void> {
    return this.storage.standIn.dispose();
  }

  private record(draft: (seq: number) => OperationDraft): void {
    this.ledger.record(draft);
  }

  private shown(filter: (view: OrderView) => boolean, n: number): Order | null {
    const views = this.ledger.orders().filter(filter);
    return views.length > 0 ? views[n % views.length].order : null;
  }

  private receive(changes: Parameters<Ledger['applyChanges']>[0]): void {
    this.ledger.applyChanges(changes, ++this.cursor);
  }

  run(a: Action): void {
    const { ledger, clock } = this;
    const now = clock.now();
    switch (a.kind) {
      case 'sell': {
        const { seq } = ledger.nextOrderNumber();
        const sold = saleOperation({
          device,
          seq,
          at: now,
          items: [{ skuId: trackedSkus[a.sku].id, qty: a.qty }],
        }).payload;
        const order: Order = a.open
          ? { ...sold, status: 'open', tenders: [], paidAt: null, source: 'kiosk', cashierId: null }
          : sold;
        return this.record(() => ({ type: 'order.placed', payload: order }));
      }
      case 'pay': {
        const order = this.shown((v) => v.order.status === 'open', a.pick);
        if (!order) return;
        const tenders = [cashTender(order.total, order.total)];
        return this.record(() => ({
          type: 'order.paid',
          payload: { orderId: order.id, cashierId: 'staff-cashier-1', tenders, paidAt: now },
        }));
      }
      case 'refund': {
        const order = this.shown((v) => v.order.status !== 'open', a.pick);
        const suggested = order && suggestRefund(order, [{ lineId: 'L1', qty: 1 }]);
        if (!order || !suggested?.ok) return;
        return this.record((seq) => ({
          type: 'order.refunded',
          payload: {
            id: `${device.deviceId}:refund:${seq}`,
            orderId: order.id,
            deviceId: device.deviceId,
            staffId: 'staff-manager',
            approvedBy: 'staff-manager',
            reason: '',
            createdAt: now,
            businessDay: ledger.businessDay(now),
            ...suggested.value,
            restock: a.flag,
          },
        }));
      }
      case 'void': {
        const order = this.shown(() => true, a.pick);
        if (!order) return;
        return this.record(() => ({
          type: 'order.voided',
          payload: {
            orderId: order.id,
            staffId: 'staff-manager',
            approvedBy: 'staff-manager',
            reason: '',
            at: now,
          },
        }));
      }
      case 'count':
        return this.record(() => ({
          type: 'stock.counted',
          payload: { skuId: trackedSkus[a.sku].id, level: a.qty, at: now },
        }));
      case 'receive':
        return this.record(() => ({
          type: 'stock.received',
          payload: { skuId: trackedSkus[a.sku].id, qty: a.qty, at: now },
        }));
      case 'join': {
        const no = ++this.memberNo;
        return this.record((seq) => ({
          type: 'member.joined',
          payload: {
            id: `${device.deviceId}:member:${seq}`,
            phone: `139${String(no).padStart(8, '0')}`,
            name: '',
            level: '',
            points: 0,
            balance: 0,
            joinedAt: now,
          },
        }));
      }
      case 'shift': {
        const open = ledger.shifts().find((shift) => shift.closed === null);
        return this.record((seq) =>
          open
            ? {
                type: 'shift.cash_moved',
                payload: {
                  shiftId: open.opened.shiftId,
                  staffId: 'staff-manager',
                  direction: 'in',
                  amount: 100,
                  reason: 'change',
                  at: now,
                },
              }
            : {
                type: 'shift.opened',
                payload: {
                  shiftId: `${device.deviceId}:shift:${seq}`,
                  staffId: 'staff-manager',
                  float: 1000,
                  at: now,
                },
              },
        );
      }
      case 'ack': {
        const batch = ledger.nextBatch(a.count, 1e6);
        const results: AckResult[] = batch.map((op, i) =>
          a.refuse[i]
            ? { id: op.id, seq: op.seq, status: 'refused', error: { code: 'x', message: 'no' } }
            : { id: op.id, seq: op.seq, status: i % 2 ? 'duplicate' : 'applied' },
        );
        return ledger.settle(results);
      }
      case 'echo': {
        // The server's copy of a pending order, arriving before its ack.
        const order = this.shown((v) => v.sync === 'pending', a.pick);
        if (order) this.receive([{ kind: 'order', cursor: this.cursor + 1, order }]);
        return;
      }
      case 'dismiss': {
        const refused = ledger.outbox.entries().filter((entry) => entry.refused);
        if (refused.length > 0) ledger.dismissRefused(refused[a.pick % refused.length].op.seq);
        return;
      }
      case 'other': {
        const order = saleOperation({ device: otherDevice, seq: a.seq, at: now - a.daysAgo * DAY });
        return this.receive([{ kind: 'order', cursor: this.cursor + 1, order: order.payload }]);
      }
      case 'product': {
        const product = ledger.replica.products
          .values()
          .find((p) => p.skus.some((sku) => sku.id === trackedSkus[a.sku].id));
        const changed: Product = { ...product!, stockTracked: a.tracked };
        return this.receive([{ kind: 'product', cursor: this.cursor + 1, product: changed }]);
      }
      case 'serverStock':
        return this.receive([
          {
            kind: 'stock',
            cursor: this.cursor + 1,
            stock: { skuId: trackedSkus[a.sku].id, level: a.level },
          },
        ]);
      case 'persist':
        ledger.persist();
        return;
      case 'reload':
        ledger.persist();
        this.ledger = new Ledger(this.storage, clock);
        this.ledger.load();
        return;
      case 'time':
        return clock.advance(a.ms);
    }
  }

  /** Everything the ledger keeps up to date, against the same computed from scratch. */
  check(): void {
    const { ledger } = this;
    const entries = ledger.outbox.entries();
    const scratch = buildLocalView(ledger.history, entries);
    const live = ledger.localView();
    expect(live.orders).toEqual(scratch.orders);
    expect(live.stock).toEqual(scratch.stock);
    expect(live.members).toEqual(scratch.members);
    expect(ledger.pendingMembers()).toEqual(scratch.members);

    const sorted = ledger.orders();
    expect(new Set(sorted.map((v) => v.order.id))).toEqual(new Set(scratch.orders.keys()));
    expect(sorted).toHaveLength(scratch.orders.size);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i - 1].order.createdAt).toBeGreaterThanOrEqual(sorted[i].order.createdAt);

    expect(ledger.stockLevels()).toEqual(
      localStockLevels(
        ledger.replica.stock.values(),
        ledger.replica.products.values(),
        scratch.stock,
      ),
    );

    const day = ledger.businessDay();
    let highest = ledger.counters.orderSeq(day);
    for (const { order } of scratch.orders.values()) {
      const parts = parseOrderId(order.id);
      if (order.deviceId === device.deviceId && order.businessDay === day && parts.ok)
        highest = Math.max(highest, parts.value.seq);
    }
    expect(ledger.nextOrderNumber().seq).toBe(highest + 1);

    expect(ledger.shifts()).toEqual(shiftsWithPending(ledger.shiftLog.values(), entries));

    const pending = entries.filter((entry) => !entry.refused);
    expect(ledger.outbox.tally()).toEqual({
      unsynced: pending.length,
      oldestUnsyncedAt: pending.length
        ? Math.min(...pending.map((entry) => entry.op.createdAt))
        : null,
      refused: entries.filter((entry) => entry.refused),
    });

    // Pruning skipped only when a full look would have found nothing to drop.
    ledger.prune();
    const dayStartMs = (businessDay: string) =>
      businessDayStartMs(businessDay, ledger.replica.settings);
    const rule = historyPruneRule(
      historyBudget(ledger.storageUsage(), day),
      entries,
      [],
      dayStartMs,
    );
    expect(ledger.history.pruneCandidates(rule)).toEqual([]);
  }
}

test('the kept-up view equals the view rebuilt from scratch after any sequence of changes', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 40 }), async (actions) => {
      const driver = new Driver();
      try {
        for (const a of actions) {
          driver.run(a);
          driver.check();
        }
      } finally {
        await driver.dispose();
      }
    }),
    { numRuns: 60 },
  );
});

test('orders with the same time are listed newest number first', () => {
  const driver = new Driver();
  for (let i = 0; i < 12; i++) driver.run({ kind: 'sell', sku: 0, qty: 1, open: false });
  const numbers = driver.ledger.orders().map((view) => view.order.orderNo.slice(-4));
  expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => String(12 - i).padStart(4, '0')));
  return driver.dispose();
});
