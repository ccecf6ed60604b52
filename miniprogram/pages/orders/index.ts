// Today's orders: this device's and the whole store's (as synced), each with its sync state; an
// order's detail; a refund of the whole order or chosen lines, and a void, each approved by a
// manager's PIN; a receipt printed again. Receipts that did not print are marked in the list.
// The orders and printer stores propose, refuse and print; this page shows.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { RuleError } from '@pos/shared';
import type { OrderView } from '../../core/local-view';
import { describeError, text, words } from '../../i18n/index';
import { back, restartAt, screenFor } from '../../view/navigation';
import { pos } from '../../view/pos';
import { datasetOf, type DetailEvent } from '../../view/page-events';
import { appPrinter, printReceipt } from '../../view/sale-receipt';
import {
  orderDetail,
  orderRows,
  refundLines,
  refundProposal,
  wholeOrderChoice,
  type OrderDetail,
  type OrderRow,
  type OrderScope,
  type RefundChoice,
  type RefundProposal,
} from '../../view/order-view';

/** A row of the list, marked when its receipt did not print. */
type ListedOrder = OrderRow & { unprinted: boolean };

/** Printing a receipt again for the order in the detail: its state and what to say. */
interface ReprintView {
  state: '' | 'printing' | 'done' | 'failed';
  text: string;
}

const noReprint: ReprintView = { state: '', text: '' };

ComponentWithStore({
  data: {
    t: words(text.orders),
    tc: text.common,
    tr: words(text.receipt),
    today: [] as OrderView[],
    deviceId: null as string | null,
    ready: false,
    scope: 'device' as OrderScope,
    rows: [] as ListedOrder[],
    /** Orders whose receipt did not print (the printer store keeps them). */
    unprinted: [] as string[],
    /** A printer is remembered: the detail offers a reprint, otherwise a hint to set one up. */
    printerSaved: false,
    reprint: noReprint,
    selectedId: '',
    detail: null as OrderDetail | null,
    /** What the manager is asked to approve: nothing, a refund or a void. */
    approving: '' as '' | 'refund' | 'void',
    choice: {} as RefundChoice,
    proposal: null as RefundProposal | null,
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
      // The printer store is the app's, beside the client; these read it when it is there.
      unprinted: () => appPrinter()?.unprintedOrderIds ?? [],
      printerSaved: () => Boolean(appPrinter()?.saved),
    },
    actions: {},
  },
  observers: {
    'today, scope, deviceId, unprinted'() {
      this.showOrders();
    },
    'choice, selectedId, today'() {
      this.showProposal();
    },
  },
  lifetimes: {
    attached() {
      const screen = screenFor(pos.session);
      if (screen !== 'register') restartAt(screen);
    },
  },
  methods: {
    showOrders() {
      const { today, scope, deviceId, selectedId } = this.data;
      const unprinted = new Set(this.data.unprinted);
      this.setData({
        rows: orderRows(today, scope, deviceId).map((row) => ({
          ...row,
          unprinted: unprinted.has(row.id),
        })),
        detail: selectedId ? orderDetail(pos.orders.find(selectedId)) : null,
      });
    },
    showProposal() {
      const lines = refundLines(this.data.choice);
      if (!this.data.selectedId || lines.length === 0) return this.setData({ proposal: null });
      const suggested = pos.orders.suggestRefund(this.data.selectedId, lines);
      if (!suggested.ok)
        return this.setData({ proposal: null, error: describeError(suggested.error) });
      this.setData({ proposal: refundProposal(suggested.value) });
    },
    fail(error: RuleError) {
      this.setData({ error: describeError(error) });
    },
    onScope(event: WechatMiniprogram.BaseEvent) {
      const scope: OrderScope = datasetOf(event, 'scope') === 'store' ? 'store' : 'device';
      this.setData({ scope });
    },
    onPick(event: WechatMiniprogram.BaseEvent) {
      const selectedId = String(event.currentTarget.dataset.id);
      this.setData({
        selectedId,
        detail: orderDetail(pos.orders.find(selectedId)),
        choice: {},
        approving: '',
        reason: '',
        done: '',
        error: '',
        reprint: noReprint,
      });
    },
    onCloseDetail() {
      this.setData({
        selectedId: '',
        detail: null,
        choice: {},
        approving: '',
        error: '',
        reprint: noReprint,
      });
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
    onLineQty(event: DetailEvent<number | string>) {
      const lineId = String(event.currentTarget.dataset.line);
      this.setData({ choice: { ...this.data.choice, [lineId]: Number(event.detail) }, error: '' });
    },
    onWeighedLine(event: DetailEvent<boolean>) {
      const lineId = String(event.currentTarget.dataset.line);
      const left = Number(event.currentTarget.dataset.left);
      this.setData({ choice: { ...this.data.choice, [lineId]: event.detail ? left : 0 } });
    },
    onRefundAll() {
      if (!this.data.detail) return;
      this.setData({ choice: wholeOrderChoice(this.data.detail), done: '', error: '' });
    },
    onReason(event: DetailEvent<string>) {
      this.setData({ reason: event.detail });
    },
    onRestock(event: DetailEvent<boolean>) {
      this.setData({ restock: event.detail });
    },
    onAskRefund() {
      if (refundLines(this.data.choice).length === 0)
        return this.setData({ error: text.errors.empty_refund });
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
      if (!approval.ok) {
        const error =
          approval.error.code === 'wrong_pin'
            ? text.orders.wrongManagerPin
            : describeError(approval.error);
        return this.setData({ error });
      }
      const id = this.data.selectedId;
      const { reason, restock } = this.data;
      if (this.data.approving === 'void') {
        const voided = pos.orders.voidOrder(id, { reason, approvedBy: approval.value.id });
        if (!voided.ok) return this.fail(voided.error);
        this.setData({ done: text.orders.voided });
      } else {
        const proposal = this.data.proposal;
        const request = { lines: refundLines(this.data.choice), reason, restock };
        const refunded = pos.orders.refund(id, { ...request, approvedBy: approval.value.id });
        if (!refunded.ok) return this.fail(refunded.error);
        this.setData({ done: text.orders.refunded(proposal?.total ?? '') });
      }
      this.setData({
        approving: '',
        choice: {},
        reason: '',
        error: '',
        detail: orderDetail(pos.orders.find(id)),
      });
    },
    onBack() {
      back('register');
    },
  },
});
