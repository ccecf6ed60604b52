// Checkout: take cash (quick amounts, change due), stored value, or a split of them; WeChat Pay
// shows that it is not configured yet. "Paid" shows only after the orders store has saved the
// order and queued it for sync in one storage write.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { formatFen, parseFen, type Checked, type Fen, type Tender } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import { emptyTotals, totals } from '../../view/cart-view';
import { back } from '../../view/navigation';
import { pos } from '../../view/pos';
import type { DetailEvent } from '../../view/page-events';
import {
  paymentView,
  quickCashAmounts,
  takeCash,
  takeStoredValue,
  type PaymentView,
  type QuickAmount,
} from '../../view/tender-draft';

interface MemberView {
  id: string;
  balance: Fen;
  balanceText: string;
}

interface PaidView {
  orderNo: string;
  change: string;
  total: string;
}

ComponentWithStore({
  data: {
    t: words(text.checkout),
    tt: text.totals.rounding,
    totals: emptyTotals,
    member: null as MemberView | null,
    tenders: [] as Tender[],
    payment: paymentView(0, []) as PaymentView,
    quick: [] as QuickAmount[],
    cashInput: '',
    paying: false,
    paid: null as PaidView | null,
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      totals: () => totals(pos.cart.priced, pos.cart.itemCount),
      member: () => {
        const id = pos.cart.cart.memberId;
        const member = id ? pos.catalog.members.find((m) => m.id === id) : undefined;
        return member
          ? { id: member.id, balance: member.balance, balanceText: formatFen(member.balance) }
          : null;
      },
    },
    actions: {},
  },
  observers: {
    'totals, tenders'() {
      this.showPayment();
    },
  },
  methods: {
    showPayment() {
      const total = this.data.totals.totalFen;
      const payment = paymentView(total, this.data.tenders);
      this.setData({ payment, quick: quickCashAmounts(payment.dueFen) });
    },
    apply(next: Checked<Tender[]>) {
      if (!next.ok) return this.setData({ error: describeError(next.error) });
      this.setData({ tenders: next.value, cashInput: '', error: '' });
    },
    onQuick(event: WechatMiniprogram.BaseEvent) {
      const fen = Number(event.currentTarget.dataset.fen);
      this.apply(takeCash(this.data.totals.totalFen, this.data.tenders, fen));
    },
    onCashInput(event: DetailEvent<string>) {
      this.setData({ cashInput: event.detail, error: '' });
    },
    onAddCash() {
      let tendered: Fen;
      try {
        tendered = parseFen(this.data.cashInput);
      } catch {
        return this.setData({ error: text.checkout.amountInvalid });
      }
      this.apply(takeCash(this.data.totals.totalFen, this.data.tenders, tendered));
    },
    onStoredValue() {
      const member = this.data.member;
      if (!member) return this.setData({ error: text.checkout.storedValueNeedsMember });
      this.apply(takeStoredValue(this.data.totals.totalFen, this.data.tenders, member));
    },
    onRemoveTender(event: WechatMiniprogram.BaseEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ tenders: this.data.tenders.filter((_, i) => i !== index), error: '' });
    },
    onPay() {
      if (this.data.paying || !this.data.payment.complete) return;
      this.setData({ paying: true });
      const { change } = this.data.payment;
      const sold = pos.orders.checkout(this.data.tenders);
      if (!sold.ok) return this.setData({ paying: false, error: describeError(sold.error) });
      // The order and its outbox entry are in storage now: only now does the screen say paid.
      const paid = {
        orderNo: text.checkout.orderNo(sold.value.orderNo),
        change,
        total: formatFen(sold.value.total),
      };
      this.setData({ paying: false, paid, tenders: [], error: '' });
    },
    onNextSale() {
      this.setData({ paid: null, tenders: [] });
      back('register');
    },
    onBack() {
      back('register');
    },
  },
});
