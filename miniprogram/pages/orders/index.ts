// Today's orders: this device's and the whole store's (as synced), each with its sync state; an
// order found by its receipt's QR (camera or hardware scanner) or its typed number, and one older
// than this device keeps looked up on the store's server (offline: said so); its detail
// with what WeChat Pay refunds are doing; a refund of the whole order or chosen lines, and a void,
// each approved by a manager's PIN, with the refund's money split over the tenders as the cashier
// chooses for an order paid more than one way; a receipt printed again. Receipts that did not
// print are marked in the list, and so are this till's own sales left unpaid (a pay QR given up
// on), whose detail opens the checkout to take payment for them. The orders and printer stores
// propose, refuse and print; this page shows.
import type { Refund, RuleError } from '@pos/shared';
import { scanCode } from '../../adapters/scanner';
import type { OrderView } from '../../core/local-view';
import type { OrderKey } from '../../core/server-order';
import { describeError, text, words } from '../../i18n/index';
import { approvalRefusal } from '../../view/approval-refusal';
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
  orderDetail,
  orderRows,
  refundLines,
  refundProposal,
  scannedReceipt,
  searchOrders,
  serverLookupProblem,
  wholeOrderChoice,
  type OrderDetail,
  type OrderRow,
  type OrderScope,
  type RefundChoice,
  type RefundProposal,
} from '../../view/order-view';
import { readSplit, refundSplit, typeSplitAmount, type RefundSplit } from '../../view/refund-split';
import { unpaidOrderIds } from '../../view/unpaid-orders';

/** A row of the list, marked when its receipt did not print, or when it is to be paid here. */
type ListedOrder = OrderRow & { unprinted: boolean; unpaid: boolean };

/** Printing a receipt again for the order in the detail: its state and what to say. */
interface ReprintView {
  state: '' | 'printing' | 'done' | 'failed';
  text: string;
}

/** Times on this page are the store's, as its receipts print them. */
const storeZone = () => pos.catalog.settings.utcOffsetMinutes;

const noReprint: ReprintView = { state: '', text: '' };

/** An order's detail, saying so when it was looked up on the store's server. */
const detailOf = (id: string) =>
  id ? orderDetail(pos.orders.find(id), storeZone(), pos.orders.isFromServer(id)) : null;

/** Counts lookups on the server: an answer to one the cashier has moved on from is dropped. */
let lookups = 0;

/** The search box's keystrokes with their times: a hardware scanner types a receipt's QR fast. */
let keys: KeyTrack = emptyTrack;
/** Order numbers run longer than barcodes ("T12-1122-000123"). */
const orderScanRules = { ...scannerRules, maxLength: 32 };

// On a kiosk device, staff untouched for a few minutes are signed out (view/kiosk-staff.ts).
StaffPageWithStore({
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
    /** What the manager is asked to approve: nothing, a refund or a void. */
    approving: '' as '' | 'refund' | 'void',
    choice: {} as RefundChoice,
    proposal: null as RefundProposal | null,
    /** How the refund's money goes back, when the order can give it back more than one way. */
    split: null as RefundSplit | null,
    reason: '',
    restock: true,
    done: '',
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
    'choice, selectedId, today'() {
      this.showProposal();
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
    showProposal() {
      const lines = refundLines(this.data.choice);
      const view = pos.orders.find(this.data.selectedId);
      if (!view || lines.length === 0) return this.setData({ proposal: null, split: null });
      const suggested = pos.orders.suggestRefund(view.order.id, lines);
      if (!suggested.ok)
        return this.setData({
          proposal: null,
          split: null,
          error: describeError(suggested.error),
        });
      this.setData({
        proposal: refundProposal(suggested.value),
        split: refundSplit(view.order, suggested.value, this.data.split),
      });
    },
    fail(error: RuleError) {
      this.setData({ error: describeError(error) });
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
    // While a manager's PIN is asked, what it approves stands still: the lines, the split, the reason
    // and the restock are disabled, and an event that still comes is ignored.
    onLineQty(event: DetailEvent<number | string>) {
      noteStaffActivity();
      if (this.data.approving) return;
      const lineId = String(event.currentTarget.dataset.line);
      this.setData({ choice: { ...this.data.choice, [lineId]: Number(event.detail) }, error: '' });
    },
    onWeighedLine(event: DetailEvent<boolean>) {
      if (this.data.approving) return;
      const lineId = String(event.currentTarget.dataset.line);
      const left = Number(event.currentTarget.dataset.left);
      this.setData({ choice: { ...this.data.choice, [lineId]: event.detail ? left : 0 } });
    },
    onRefundAll() {
      if (!this.data.detail || this.data.approving) return;
      this.setData({ choice: wholeOrderChoice(this.data.detail), done: '', error: '' });
    },
    onReason(event: DetailEvent<string>) {
      noteStaffActivity();
      if (this.data.approving) return;
      this.setData({ reason: event.detail });
    },
    onRestock(event: DetailEvent<boolean>) {
      if (this.data.approving) return;
      this.setData({ restock: event.detail });
    },
    /** The cashier typed how much goes back one way (yuan). */
    onSplitAmount(event: DetailEvent<string>) {
      noteStaffActivity();
      const split = this.data.split;
      if (!split || this.data.approving) return;
      const method = String(datasetOf(event, 'method'));
      this.setData({ split: typeSplitAmount(split, method, String(event.detail)), error: '' });
    },
    /** The chosen split as the refund's tenders; none when the order gives back one way only. */
    splitTenders(): { ok: true; tenders?: Refund['tenders'] } | { ok: false; message: string } {
      const { split, selectedId } = this.data;
      const view = pos.orders.find(selectedId);
      if (!split || !view) return { ok: true };
      const read = readSplit(view.order, split);
      return read.ok
        ? { ok: true, tenders: read.value }
        : { ok: false, message: read.error.message };
    },
    onAskRefund() {
      if (refundLines(this.data.choice).length === 0)
        return this.setData({ error: text.errors.empty_refund });
      // The split is checked before a manager is asked, so the PIN approves amounts that hold.
      const tenders = this.splitTenders();
      if (!tenders.ok) return this.setData({ error: tenders.message });
      this.setData({ approving: 'refund', error: '' });
    },
    onAskVoid() {
      this.setData({ approving: 'void', error: '' });
    },
    onCancelApproval() {
      this.setData({ approving: '', error: '' });
    },
    /** The manager's PIN: approved by the session store, then the refund or void by the orders store. */
    onManagerPin(event: DetailEvent<{ pin: string }>) {
      const approval = pos.session.approveAsManager(event.detail.pin);
      if (!approval.ok)
        return this.setData({
          error: approvalRefusal(approval.error, text.orders.wrongManagerPin),
        });
      const id = this.data.selectedId;
      const { reason, restock } = this.data;
      if (this.data.approving === 'void') {
        const voided = pos.orders.voidOrder(id, { reason, approvedBy: approval.value.id });
        if (!voided.ok) return this.fail(voided.error);
        this.setData({ done: text.orders.voided });
      } else {
        const proposal = this.data.proposal;
        const split = this.splitTenders();
        if (!split.ok) return this.setData({ error: split.message });
        const request = {
          lines: refundLines(this.data.choice),
          reason,
          restock,
          tenders: split.tenders,
        };
        const refunded = pos.orders.refund(id, { ...request, approvedBy: approval.value.id });
        if (!refunded.ok) return this.fail(refunded.error);
        this.setData({ done: text.orders.refunded(proposal?.total ?? '') });
      }
      this.setData({
        approving: '',
        choice: {},
        reason: '',
        error: '',
        detail: detailOf(id),
      });
    },
    onBack() {
      back('register');
    },
  },
});
