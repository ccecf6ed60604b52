// The manager's day end: this device's figures (the core's Z-report over the orders it holds and
// its shifts, scoped to it), the whole store's from the server when it answers (its orders of the
// day, folded by the same core), the store's devices with their sync state, and this device's
// changes the server refused, which a manager dismisses once dealt with. A cashier needs a
// manager's PIN to look.
import { storeClockTime } from '@pos/shared';
import { countedOrders } from '../../core/local-view';
import { fetchStoreDay } from '../../core/store-day';
import { describeError, text, words } from '../../i18n/index';
import { approvalRefusal } from '../../view/approval-refusal';
import {
  dayFigures,
  dayReport,
  deviceRows,
  type DayFigures,
  type DeviceRow,
} from '../../view/day-end-view';
import { refusedRows, type RefusedRow } from '../../view/refused-view';
import { StaffPageWithStore } from '../../view/kiosk-staff';
import { restartAt, screenFor } from '../../view/navigation';
import { pos, posClient } from '../../view/pos';
import { datasetOf, type DetailEvent } from '../../view/page-events';

type StoreState = 'loading' | 'ready' | 'offline' | 'error';

/** The store's business day, which moves on at its start (the orders store follows it). */
function today(): string {
  return pos.orders.businessDay;
}

// On a kiosk device, staff untouched for a few minutes are signed out (view/kiosk-staff.ts).
StaffPageWithStore({
  data: {
    t: words(text.manager),
    tc: text.common,
    isManager: false,
    /** A manager's PIN let a cashier's session look. */
    unlocked: false,
    businessDay: '',
    device: null as DayFigures | null,
    devices: [] as DeviceRow[],
    refused: [] as RefusedRow[],
    /** The refused change whose dismissal waits for a second tap; 0 for none. */
    dismissing: 0,
    storeState: 'loading' as StoreState,
    /** The business day the store column was last asked for; '' before the first ask. */
    storeDay: '',
    /** The store's business day now (the store column follows it). */
    today: '',
    store: null as DayFigures | null,
    /** Nothing happened in the store that day: no order, refund or void (a refund alone shows). */
    storeEmpty: false,
    storeNote: '',
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      isManager: () => pos.session.isManager,
      businessDay: () => text.manager.businessDay(today()),
      today: () => today(),
      device: () => {
        // What the server holds, as the drawer counts it: a sale it refused is in neither.
        const orders = countedOrders(pos.orders.views);
        const scope = { deviceId: pos.session.device?.deviceId };
        const report = dayReport(today(), orders, pos.shift.shifts, pos.catalog.settings, scope);
        return dayFigures(report, true);
      },
      devices: () =>
        deviceRows(
          pos.catalog.devices,
          pos.session.device?.deviceId ?? null,
          pos.sync.unsyncedCount + pos.sync.refused.length,
          pos.catalog.settings.utcOffsetMinutes,
        ),
      refused: () =>
        refusedRows(
          pos.sync.refused,
          {
            orderNo: (id) => pos.orders.find(id)?.order.orderNo ?? null,
            skuName: (id) => pos.catalog.catalogIndex.get(id)?.product.name ?? null,
          },
          pos.catalog.settings.utcOffsetMinutes,
        ),
    },
    actions: {},
  },
  observers: {
    // The store's business day began (a till left on overnight): the store column, like the header
    // and this device's figures, moves to it.
    today(day: string) {
      if (this.data.storeDay && day !== this.data.storeDay) void this.loadStore();
    },
  },
  lifetimes: {
    attached() {
      const screen = screenFor(pos.session);
      if (screen !== 'register') return restartAt(screen);
      void this.loadStore();
    },
  },
  methods: {
    /** The store's orders of the day from the server, folded by the core as this device's are. */
    async loadStore() {
      const identity = posClient().ledger.identity;
      if (!identity) return;
      const day = today();
      this.setData({ storeDay: day, storeState: 'loading', storeNote: text.manager.storeLoading });
      const fetched = await fetchStoreDay(posClient().http, identity, day);
      // The day moved on meanwhile: the load for the new day fills the column.
      if (this.data.storeDay !== day) return;
      if (!fetched.ok) {
        const offline = fetched.error.code === 'unreachable';
        return this.setData({
          storeState: offline ? 'offline' : 'error',
          store: null,
          storeNote: offline
            ? text.manager.storeNeedsServer
            : text.manager.storeError(describeError(fetched.error)),
        });
      }
      // The server's figures say nothing of drawers: counted cash is per device, on each device.
      // Its list holds other days' orders refunded or voided on the day, as the Z-report's does:
      // the core counts their refunds on the day, their sales on their own day.
      const report = dayReport(day, fetched.value.orders, [], pos.catalog.settings);
      const { sales, refunds, voids, openOrders } = report;
      this.setData({
        storeState: 'ready',
        store: dayFigures(report, false),
        storeEmpty: sales.orderCount + refunds.count + voids.count + openOrders.count === 0,
        storeNote: text.manager.storeFromServer(
          storeClockTime(posClient().clock.now(), pos.catalog.settings.utcOffsetMinutes),
        ),
      });
    },
    onRefresh() {
      void this.loadStore();
    },
    onDismiss(event: WechatMiniprogram.BaseEvent) {
      this.setData({ dismissing: Number(datasetOf(event, 'seq')), error: '' });
    },
    onKeep() {
      this.setData({ dismissing: 0 });
    },
    onConfirmDismiss() {
      const dismissed = pos.sync.dismissRefused(this.data.dismissing);
      this.setData({ dismissing: 0, error: dismissed.ok ? '' : describeError(dismissed.error) });
    },
    onManagerPin(event: DetailEvent<{ pin: string }>) {
      const approval = pos.session.approveAsManager(event.detail.pin);
      if (!approval.ok)
        return this.setData({ error: approvalRefusal(approval.error, text.manager.wrongPin) });
      this.setData({ unlocked: true, error: '' });
    },
  },
});
