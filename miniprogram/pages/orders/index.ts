// Today's orders: this device's and the whole store's (as synced), each with its sync state; an
// order found by its receipt's QR (camera or hardware scanner) or its typed number, and one older
// than this device keeps looked up on the store's server (offline: said so); its detail
// with what WeChat Pay refunds are doing; a refund of the whole order or chosen lines, and a void,
// each approved by a manager's PIN, with the refund's money split over the tenders as the cashier
// chooses for an order paid more than one way; a receipt printed again. Receipts that did not
// print are marked in the list, and so are this till's own sales left unpaid (a pay QR given up
// on), whose detail opens the checkout to take payment for them. The orders and printer stores
// propose, refuse and print; this page shows (the refund and void in refund-approval.ts).
import { scanCode } from '../../adapters/scanner';
import type { OrderView } from '../../core/local-view';
import type { OrderKey } from '../../core/server-order';
import { text, words } from '../../i18n/index';
import { noteStaffActivity, StaffPageWithStore } from '../../view/kiosk-staff';
import { back, open, restartAt, screenFor } from '../../view/navigation';
import { pos, posClient } from '../../view/pos';
import { datasetOf, type DetailEvent } from '../../view/page-events';
import { appPrinter, printReceipt } from '../../view/sale-receipt';
import { scanFailureText } from '../../view/scan-failure';
import {
  emptyTrack,
  scannedTail,
  scannerRules,
  trackInput,
  type KeyTrack,
} from '../../view/scanner-input';
import {
  matchingRows,
  orderRows,
  scannedReceipt,
  searchOrders,
  serverLookupProblem,
  type OrderDetail,
  type OrderRow,
  type OrderScope,
} from '../../view/order-view';
import { unpaidOrderIds } from '../../view/unpaid-orders';
import { refundApproval } from './refund-approval';
import { detailOf, storeZone } from './shown-order';

/** A row of the list, marked when its receipt did not print, or when it is to be paid here. */
type ListedOrder = OrderRow & { unprinted: boolean; unpaid: boolean };

/** Printing a receipt again for the order in the detail: its state and what to say. */
interface ReprintView {
  state: '' | 'printing' | 'done' | 'failed';
  text: string;
}

const noReprint: ReprintView = { state: '', text: '' };

/** Counts lookups on the server: an answer to one the cashier has moved on from is dropped. */
let lookups = 0;

/** The search box's keystrokes with their times: a hardware scanner types a receipt's QR fast. */
let keys: KeyTrack = emptyTrack;
/** Order numbers run longer than barcodes ("T12-1122-000123"). */
const orderScanRules = { ...scannerRules, maxLength: 32 };

// On a kiosk device, staff untouched for a few minutes are signed out (view/kiosk-staff.ts).
StaffPageWithStore({
  behaviors: [refundApproval],
  data: {
    t: words(text.orders),
    tc: text.common,
    tr: words(text.receipt),
    today: [] as OrderView[],
    deviceId: null as string | null,
    ready: false,
    scope: 'device' as OrderScope,
    rows: [] as ListedOrder[],
    /** What is in the search box: the list shows the orders whose number holds it. */
    query: '',
    searchError: '',
    /** A number this device does not hold is being looked up on the store's server. */
    searchNote: '',
    online: true,
    /** Orders whose receipt did not print (the printer store keeps them). */
    unprinted: [] as string[],
    /** This till's own sales left unpaid, that no pay QR here is paying now. */
    unpaid: [] as string[],
    /** The order in the detail is one of them: 收款 opens the checkout for it. */
    takesPayment: false,
    /** A printer is remembered: the detail offers a reprint, otherwise a hint to set one up. */
    printerSaved: false,
    reprint: noReprint,
    selectedId: '',
    detail: null as OrderDetail | null,
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      today: () => pos.orders.today,
      deviceId: () => pos.session.device?.deviceId ?? null,
      ready: () => pos.session.isPaired,
      online: () => pos.sync.status.connection === 'online',
      // The printer store is the app's, beside the client; these read it when it is there.
      unprinted: () => appPrinter()?.unprintedOrderIds ?? [],
      unpaid: () => unpaidOrderIds(pos.orders.unpaidHere, pos.payments),
      printerSaved: () => Boolean(appPrinter()?.saved),
    },
    actions: {},
  },
  observers: {
    'today, scope, deviceId, unprinted, unpaid, query'() {
      this.showOrders();
    },
  },
  lifetimes: {
    attached() {
      keys = emptyTrack;
      const screen = screenFor(pos.session);
      if (screen !== 'register') restartAt(screen);
    },
    detached() {
      lookups++;
      pos.orders.forgetLookedUp();
    },
  },
  methods: {
    showOrders() {
      const { today, scope, deviceId, selectedId, query } = this.data;
      const unprinted = new Set(this.data.unprinted);
      const unpaid = new Set(this.data.unpaid);
      this.setData({
        rows: matchingRows(orderRows(today, scope, deviceId, storeZone()), query).map((row) => ({
          ...row,
          unprinted: unprinted.has(row.id),
          unpaid: unpaid.has(row.id),
        })),
        detail: detailOf(selectedId),
        takesPayment: unpaid.has(selectedId),
      });
    },
    onScope(event: WechatMiniprogram.BaseEvent) {
      const scope: OrderScope = datasetOf(event, 'scope') === 'store' ? 'store' : 'device';
      this.setData({ scope });
    },
    onPick(event: WechatMiniprogram.BaseEvent) {
      this.openOrder(String(event.currentTarget.dataset.id));
    },
    openOrder(selectedId: string) {
      // An order looked up on the server is let go once another is shown.
      if (!pos.orders.isFromServer(selectedId)) pos.orders.forgetLookedUp();
      this.setData({
        selectedId,
        detail: detailOf(selectedId),
        takesPayment: this.data.unpaid.includes(selectedId),
        choice: {},
        split: null,
        approving: '',
        reason: '',
        done: '',
        error: '',
        reprint: noReprint,
      });
    },
    onSearch(event: DetailEvent<string>) {
      noteStaffActivity();
      keys = trackInput(keys, event.detail, posClient().clock.now());
      lookups++;
      this.setData({ query: event.detail, searchError: '', searchNote: '' });
    },
    /** Enter in the search box: the order a receipt's QR or a number names (searchOrders). */
    onSearchConfirm(event: DetailEvent<string>) {
      noteStaffActivity();
      const value = typeof event.detail === 'string' ? event.detail : this.data.query;
      keys = trackInput(keys, value, keys.stamps[keys.stamps.length - 1] ?? 0);
      const scanned = scannedTail(keys, posClient().clock.now(), orderScanRules);
      const typed = value.trim();
      if (!typed) return;
      const search = searchOrders(typed, scanned, this.data.rows, (receipt) =>
        pos.orders.findByReceipt(receipt),
      );
      if (search.kind === 'found') return this.showFound(search.view);
      if (search.kind === 'only') return this.openOrder(search.id);
      if (search.kind === 'ask') return this.askServer(search.key, search.shown);
      this.setData({ searchError: search.message });
    },
    /**
     * A whole number (or id) this device does not hold: an older order, which only the store's
     * server keeps. Offline, the cashier is told so at once rather than after a timeout.
     */
    async askServer(key: OrderKey, shown: string) {
      const asked = ++lookups;
      if (!this.data.online)
        return this.setData({ searchNote: '', searchError: text.orders.needsServer(shown) });
      this.setData({ searchNote: text.orders.askingServer(shown), searchError: '' });
      const found = await pos.orders.lookUpOnServer(key, posClient().http);
      if (asked !== lookups) return;
      const problem = serverLookupProblem(found, shown);
      this.setData({ searchNote: '', searchError: problem ?? '' });
      if (found.ok && found.value) this.showFound(found.value);
    },
    /** The receipt's QR by the camera: it holds the order number. */
    async onScan() {
      const scanned = await scanCode(wx, ['qrCode', 'barCode']);
      if (!scanned.ok) {
        if (!scanned.cancelled)
          this.setData({ searchError: scanFailureText(scanned, text.orders.scanFailed) });
        return;
      }
      const search = scannedReceipt(scanned.code, (receipt) => pos.orders.findByReceipt(receipt));
      if (search.kind === 'found') return this.showFound(search.view);
      if (search.kind === 'ask') return this.askServer(search.key, search.shown);
      if (search.kind === 'missing') this.setData({ searchError: search.message });
    },
    /**
     * A found order: the box is emptied, the list shows the scope it is in, its detail opens. One
     * from the server is in neither list (older than today's).
     */
    showFound(view: OrderView) {
      keys = emptyTrack;
      const scope: OrderScope =
        view.order.deviceId === this.data.deviceId || pos.orders.isFromServer(view.order.id)
          ? this.data.scope
          : 'store';
      this.setData({ query: '', searchError: '', searchNote: '', scope });
      this.openOrder(view.order.id);
    },
    onClearSearch() {
      keys = emptyTrack;
      lookups++;
      this.setData({ query: '', searchError: '', searchNote: '' });
    },
    onCloseDetail() {
      pos.orders.forgetLookedUp();
      this.setData({
        selectedId: '',
        detail: null,
        takesPayment: false,
        choice: {},
        approving: '',
        error: '',
        reprint: noReprint,
      });
    },
    /** The checkout takes payment for the till's own unpaid sale; the cart stays as it is. */
    onTakePayment() {
      if (this.data.takesPayment) open('checkout', { order: this.data.selectedId });
    },
    /** The receipt again, marked as a reprint (the cash drawer stays shut). */
    async onReprint() {
      const id = this.data.selectedId;
      const view = pos.orders.find(id);
      if (!view || this.data.reprint.state === 'printing') return;
      this.setData({ reprint: { state: 'printing', text: '' } });
      const result = await printReceipt(view.order, { reprint: true });
      if (this.data.selectedId !== id) return;
      const reprint: ReprintView = !result
        ? { state: 'failed', text: text.receipt.setUpPrinter }
        : result.ok
          ? { state: 'done', text: text.receipt.reprinted }
          : { state: 'failed', text: text.receipt.reprintFailed(result.message) };
      this.setData({ reprint });
    },
    onBack() {
      back('register');
    },
  },
});
