// The Orders page's refund or void of the order in its detail: the lines chosen, how the refund's
// money goes back, the reason and restock, and the manager's PIN that approves them. A Behavior the
// page mixes in.
import type { Refund, RuleError } from '@pos/shared';
import { describeError, text } from '../../i18n/index';
import { approvalRefusal } from '../../view/approval-refusal';
import { noteStaffActivity } from '../../view/kiosk-staff';
import {
  refundLines,
  refundProposal,
  wholeOrderChoice,
  type OrderDetail,
  type RefundChoice,
  type RefundProposal,
} from '../../view/order-view';
import { datasetOf, type DetailEvent } from '../../view/page-events';
import { pos } from '../../view/pos';
import { readSplit, refundSplit, typeSplitAmount, type RefundSplit } from '../../view/refund-split';
import { detailOf } from './shown-order';

/** The page's own data these read. */
type OrdersData = { selectedId: string; detail: OrderDetail | null };

function ordersData(page: { data: object }): OrdersData {
  return page.data as OrdersData;
}

export const refundApproval = Behavior({
  data: {
    /** What the manager is asked to approve: nothing, a refund or a void. */
    approving: '' as '' | 'refund' | 'void',
    choice: {} as RefundChoice,
    proposal: null as RefundProposal | null,
    /** How the refund's money goes back, when the order can give it back more than one way. */
    split: null as RefundSplit | null,
    reason: '',
    restock: true,
    done: '',
  },
  observers: {
    'choice, selectedId, today'() {
      this.showProposal();
    },
  },
  methods: {
    showProposal() {
      const lines = refundLines(this.data.choice);
      const view = pos.orders.find(ordersData(this).selectedId);
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
      const { detail } = ordersData(this);
      if (!detail || this.data.approving) return;
      this.setData({ choice: wholeOrderChoice(detail), done: '', error: '' });
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
      const { split } = this.data;
      const view = pos.orders.find(ordersData(this).selectedId);
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
      const id = ordersData(this).selectedId;
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
  },
});
