// The register's cart edits a manager may have to approve: line and order discounts, changed prices
// (改价), and the manager's PIN for them or for what checkout still needs. A Behavior the page mixes in.
import type { Discount, Fen } from '@pos/shared';
import { describeError, text } from '../../i18n/index';
import { approvalRefusal } from '../../view/approval-refusal';
import type { CartLineView } from '../../view/cart-view';
import { needsApproval, type DiscountTarget } from '../../view/discount-view';
import { open } from '../../view/navigation';
import {
  approvalTitle,
  overrideFor,
  overrideNeedsApproval,
  priceEditor,
  type PriceEditor,
} from '../../view/price-override-view';
import { pos } from '../../view/pos';
import type { DetailEvent } from '../../view/page-events';

/** The register's own data these read (bound to the cart store there). */
type RegisterData = {
  lines: CartLineView[];
  lineDiscounts: Record<string, string>;
  orderDiscount: string;
};

function registerData(page: { data: object }): RegisterData {
  return page.data as RegisterData;
}

/**
 * What an edit waiting for a PIN was asked for: the sale, the line (null: the whole order) and the
 * SKU on it then. Line ids restart at L1 in every cart, so the id alone could name another item.
 */
type EditTarget = { cartId: string; lineId: string | null; skuId: string | null };

function targetNow(lineId: string | null): EditTarget {
  const line = lineId === null ? null : pos.cart.cart.lines.find((l) => l.lineId === lineId);
  return { cartId: pos.cart.cartId, lineId, skuId: line?.skuId ?? null };
}

/** The sale and the line are still the ones the manager's approval was asked for. */
function stillTheSame(target: EditTarget): boolean {
  const now = targetNow(target.lineId);
  return now.cartId === target.cartId && now.skuId === target.skuId;
}

export const cartEdits = Behavior({
  data: {
    /** The discount being edited; null when the editor is closed. */
    editing: null as (DiscountTarget & { removable: boolean }) | null,
    /** A discount or a changed price waiting for a manager's PIN, or the checkout waiting for one. */
    approving: '' as '' | 'discount' | 'price' | 'checkout',
    /** What the PIN pad says it is asked for. */
    approvalTitle: '',
    pending: null as (EditTarget & { discount: Discount | null }) | null,
    /** The line whose price is being changed; null when the editor is closed. */
    repricing: null as PriceEditor | null,
    /** A changed price waiting for a manager's PIN. */
    pendingPrice: null as (EditTarget & { lineId: string; unitPrice: Fen | null }) | null,
  },
  methods: {
    onLineDiscount(event: WechatMiniprogram.BaseEvent) {
      const lineId = String(event.currentTarget.dataset.line);
      const { lines, lineDiscounts } = registerData(this);
      const line = lines.find((l) => l.lineId === lineId);
      if (!line) return;
      const title = text.discount.titleLine(line.name);
      const removable = Boolean(lineDiscounts[lineId]);
      this.setData({
        editing: { lineId, title, removable },
        repricing: null,
        approving: '',
        error: '',
      });
    },
    onOrderDiscount() {
      const removable = Boolean(registerData(this).orderDiscount);
      const editing = { lineId: null, title: text.discount.titleOrder, removable };
      this.setData({ editing, repricing: null, approving: '', error: '' });
    },
    /** 改价 on a line: its price editor (per kg for goods sold by weight). */
    onLinePrice(event: WechatMiniprogram.BaseEvent) {
      const lineId = String(event.currentTarget.dataset.line);
      const line = pos.cart.priced?.lines.find((l) => l.lineId === lineId);
      if (!line) return;
      this.setData({ repricing: priceEditor(line), editing: null, approving: '', error: '' });
    },
    /** A changed price no approval covers waits for a manager's PIN; otherwise it applies. */
    onPriceApply(event: DetailEvent<{ fen: Fen }>) {
      const repricing = this.data.repricing;
      if (!repricing) return;
      const { lineId } = repricing;
      const unitPrice = overrideFor(event.detail.fen, repricing);
      const context = { catalog: pos.catalog.catalogIndex, settings: pos.catalog.settings };
      if (overrideNeedsApproval(pos.cart.cart, lineId, unitPrice, context, pos.cart.approvals)) {
        this.setData({
          approving: 'price',
          approvalTitle: approvalTitle('price', []),
          pendingPrice: { ...targetNow(lineId), lineId, unitPrice },
          error: '',
        });
        return;
      }
      this.setPrice(lineId, unitPrice);
    },
    /** Back to the list price: nothing to approve. */
    onPriceClear() {
      if (this.data.repricing) this.setPrice(this.data.repricing.lineId, null);
    },
    onPriceCancel() {
      this.setData({ repricing: null, pendingPrice: null });
    },
    setPrice(lineId: string, unitPrice: Fen | null): boolean {
      const set = pos.cart.setPriceOverride(lineId, unitPrice);
      this.setData({ approving: '', pendingPrice: null });
      if (!set.ok) {
        this.setData({ error: describeError(set.error) });
        return false;
      }
      this.setData({ repricing: null, error: '' });
      return true;
    },
    onDiscountCancel() {
      this.setData({ editing: null, approving: '', pending: null, error: '' });
    },
    onDiscountRemove() {
      if (this.data.editing) this.setDiscount(this.data.editing.lineId, null);
    },
    /** Above the store's threshold a manager approves first; below it the discount applies. */
    onDiscountApply(event: DetailEvent<{ discount: Discount }>) {
      const editing = this.data.editing;
      if (!editing) return;
      const { discount } = event.detail;
      const context = { catalog: pos.catalog.catalogIndex, settings: pos.catalog.settings };
      // An approval already given that covers it (a lower discount than approved) is enough.
      if (needsApproval(pos.cart.cart, editing.lineId, discount, context, pos.cart.approvals)) {
        this.setData({
          approving: 'discount',
          approvalTitle: approvalTitle('discount', []),
          pending: { ...targetNow(editing.lineId), discount },
        });
        return;
      }
      this.setDiscount(editing.lineId, discount);
    },
    setDiscount(lineId: string | null, discount: Discount | null): boolean {
      const set =
        lineId === null
          ? pos.cart.setOrderDiscount(discount)
          : pos.cart.setLineDiscount(lineId, discount);
      if (!set.ok) {
        this.setData({ error: describeError(set.error) });
        return false;
      }
      this.setData({ editing: null, approving: '', pending: null, error: '' });
      return true;
    },
    onCancelApproval() {
      this.setData({ approving: '', pending: null, pendingPrice: null, error: '' });
    },
    /**
     * The manager's PIN: for a discount or a changed price being set (approved as the cart is
     * then), or for what checkout still needs approved.
     */
    onManagerPin(event: DetailEvent<{ pin: string }>) {
      const { approving, pending, pendingPrice } = this.data;
      const target =
        approving === 'discount' ? pending : approving === 'price' ? pendingPrice : null;
      // The item it was asked for has gone (sold, removed, the cart cleared): nothing to approve.
      if (target && !stillTheSame(target))
        return this.setData({
          approving: '',
          editing: null,
          pending: null,
          repricing: null,
          pendingPrice: null,
          error: text.discount.approvalStale,
          notice: '',
        });
      const approval = pos.session.approveAsManager(event.detail.pin);
      if (!approval.ok)
        return this.setData({
          error: approvalRefusal(approval.error, text.orders.wrongManagerPin),
        });
      const managerId = approval.value.id;
      const notice = text.discount.approved(approval.value.name);
      if (approving === 'discount' && pending) {
        const { lineId, discount } = pending;
        if (!this.setDiscount(lineId, discount)) return;
        pos.cart.approve({ reason: 'discount', managerId });
        this.setData({ notice });
        return;
      }
      if (approving === 'price' && pendingPrice) {
        const { lineId, unitPrice } = pendingPrice;
        if (!this.setPrice(lineId, unitPrice)) return;
        pos.cart.approve({ reason: 'price_override', managerId });
        this.setData({ notice });
        return;
      }
      for (const reason of pos.cart.approvalsMissing) pos.cart.approve({ reason, managerId });
      this.setData({ approving: '', notice, error: '' });
      open('checkout');
    },
  },
});
