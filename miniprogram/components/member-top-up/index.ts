// A cash top-up of the attached member's stored value: an amount typed or picked from the quick
// amounts, then confirmed once the cash is in hand (members.topUp with method 'cash'). Emits
// `done` with the outcome in words (the new balance) or `cancel`. WeChat Pay top-ups are not here.
import { formatFen, type Fen } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import { parseTopUp, quickTopUps } from '../../view/member-view';
import type { DetailEvent } from '../../view/page-events';
import { pos, posClient } from '../../view/pos';

Component({
  data: {
    t: words(text.member),
    tc: text.common,
    quick: quickTopUps,
    input: '',
    /** The amount awaiting the cashier's confirmation; 0 while entering it. */
    amount: 0 as Fen,
    question: '',
    error: '',
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
        error: '',
      });
    },
    onInput(event: DetailEvent<string>) {
      this.setData({ input: event.detail, error: '' });
    },
    onQuick(event: WechatMiniprogram.BaseEvent) {
      const fen = Number(event.currentTarget.dataset.fen);
      this.setData({ input: formatFen(fen, '') });
      this.ask(fen);
    },
    onNext() {
      const parsed = parseTopUp(this.data.input);
      if (!parsed.ok) return this.setData({ error: parsed.error });
      this.ask(parsed.fen);
    },
    onBack() {
      this.setData({ amount: 0, question: '', error: '' });
    },
    onCancel() {
      this.setData({ amount: 0, question: '', input: '', error: '' });
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
  },
});
