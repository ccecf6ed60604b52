// A top-up of the attached member's stored value: an amount typed or picked from the quick
// amounts, then confirmed once the cash is in hand (members.topUp with method 'cash'), or paid by
// WeChat Pay: the server's pay QR for the top-up, followed until paid (the server credits the
// balance; it reaches this till through sync). Emits `done` with the outcome in words or `cancel`.
import { reaction } from 'mobx-miniprogram';
import { formatFen, type Fen } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import type { PaymentStore } from '../../stores/payment-store';
import { noteStaffActivity } from '../../view/kiosk-staff';
import { parseTopUp, quickTopUps } from '../../view/member-view';
import type { DetailEvent } from '../../view/page-events';
import { noPayQr, payQrView, type PayQrView } from '../../view/pay-qr-view';
import { pos, posClient } from '../../view/pos';
import { seenWorking } from '../../view/sync-view';

/** Each form's WeChat payment, and the reaction that shows it (ended when the form goes). */
const wechat = new WeakMap<object, { store: PaymentStore; stop: () => void }>();

function endWechat(form: object): void {
  const current = wechat.get(form);
  if (!current) return;
  current.stop();
  current.store.dispose();
  wechat.delete(form);
}

Component({
  data: {
    t: words(text.member),
    tc: text.common,
    quick: quickTopUps,
    input: '',
    /** The amount awaiting the cashier's confirmation; 0 while entering it. */
    amount: 0 as Fen,
    question: '',
    wechatLabel: '',
    /** The WeChat Pay QR of the top-up while it is being paid. */
    qr: noPayQr as PayQrView,
    simulatorNote: text.payQr.simulator,
    error: '',
  },
  lifetimes: {
    detached() {
      // The server still credits a payment made after the form closed: nothing is lost.
      endWechat(this);
    },
  },
  methods: {
    /** Moves to the confirmation for `fen`. */
    ask(fen: Fen) {
      const member = pos.cart.member;
      if (!member) return;
      const who = text.member.summary(member.name, member.phone);
      this.setData({
        amount: fen,
        question: text.member.topUpConfirm(formatFen(fen), who),
        wechatLabel: text.member.topUpWechatButton(formatFen(fen)),
        error: '',
      });
    },
    onInput(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ input: event.detail, error: '' });
    },
    onQuick(event: WechatMiniprogram.BaseEvent) {
      const fen = Number(event.currentTarget.dataset.fen);
      this.setData({ input: formatFen(fen, '') });
      this.ask(fen);
    },
    onNext() {
      noteStaffActivity();
      const parsed = parseTopUp(this.data.input);
      if (!parsed.ok) return this.setData({ error: parsed.error });
      this.ask(parsed.fen);
    },
    onBack() {
      this.setData({ amount: 0, question: '', error: '' });
    },
    onCancel() {
      endWechat(this);
      this.setData({ amount: 0, question: '', input: '', qr: noPayQr, error: '' });
      this.triggerEvent('cancel');
    },
    onConfirm() {
      const member = pos.cart.member;
      const amount = this.data.amount;
      if (!member || amount <= 0) return;
      const { members } = posClient();
      const topped = members.topUp(member.id, amount, { method: 'cash' });
      // Back to the amount, so a refused one can be corrected.
      if (!topped.ok)
        return this.setData({ amount: 0, question: '', error: describeError(topped.error) });
      const account = members.accountOf(member.id);
      const balance = formatFen(account?.balance ?? 0);
      const unsynced = (account?.pendingTopUps ?? 0) > 0 ? ` · ${text.member.topUpUnsynced}` : '';
      this.setData({ amount: 0, question: '', input: '', error: '' });
      this.triggerEvent('done', {
        note: text.member.toppedUp(formatFen(amount), balance) + unsynced,
      });
    },
    /** WeChat Pay instead of cash: the server's QR for this top-up, on this form. */
    onWechat() {
      const member = pos.cart.member;
      const amount = this.data.amount;
      if (!member || amount <= 0 || wechat.has(this)) return;
      const client = posClient();
      if (!seenWorking(pos.sync.status))
        return this.setData({ error: text.member.topUpWechatOffline });
      const store = client.payments.another();
      const started = store.topUpByQr(member.id, amount);
      if (!started.ok) {
        store.dispose();
        return this.setData({ error: describeError(started.error) });
      }
      const show = (qr: PayQrView) => {
        if (qr.paid) {
          endWechat(this);
          this.setData({ amount: 0, question: '', input: '', qr: noPayQr, error: '' });
          return this.triggerEvent('done', { note: text.member.toppedUpWechat(formatFen(amount)) });
        }
        this.setData({ qr, error: '' });
      };
      wechat.set(this, { store, stop: reaction(() => payQrView(store), show) });
      show(payQrView(store));
    },
    /** The customer will not pay by WeChat after all: the QR is closed, the amount kept. */
    async onWechatCancel() {
      const current = wechat.get(this);
      if (current) await current.store.cancel();
      endWechat(this);
      this.setData({ qr: noPayQr });
    },
  },
});
