// Points as a discount on this sale: offers the most the attached member may redeem (member-store
// over what the sale costs before its points discount), a stepper for fewer, and takes it off
// again. The cart store applies it; the register's totals show the lower total.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { RuleError } from '@pos/shared';
import { describeError, text, words } from '../../i18n/index';
import { noteStaffActivity } from '../../view/kiosk-staff';
import { clampPoints, pointsOffer, redeemLabel, type PointsOffer } from '../../view/member-view';
import type { DetailEvent } from '../../view/page-events';
import { pos, posClient } from '../../view/pos';

/** The offer for the attached member and this cart; null when no member is attached. */
function currentOffer(): PointsOffer | null {
  const member = pos.cart.member;
  const account = pos.cart.memberAccount;
  if (!member || !account) return null;
  const { members } = posClient();
  const redeemed = pos.cart.pointsRedeemed;
  // The cart's total already has the points off: what the sale costs without them.
  const due = pos.cart.total + (redeemed?.discount ?? 0);
  return pointsOffer({
    available: account.points,
    redeemable: members.redeemablePoints(member.id, due),
    perYuanOff: members.pointsRule.perYuanOff,
    redeemed,
    cartEmpty: pos.cart.isEmpty,
  });
}

ComponentWithStore({
  data: {
    t: words(text.member),
    offer: null as PointsOffer | null,
    /** The points the stepper shows: the most on offer unless the cashier picked fewer. */
    chosen: 0,
    /** What the cashier picked with the stepper; 0 follows the most as the sale changes. */
    picked: 0,
    label: '',
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: { offer: currentOffer },
    actions: {},
  },
  observers: {
    offer(offer: PointsOffer | null) {
      if (!offer) return this.setData({ chosen: 0, picked: 0, label: '', error: '' });
      this.show(offer, this.data.picked);
    },
  },
  methods: {
    fail(error: RuleError) {
      this.setData({ error: describeError(error) });
    },
    show(offer: PointsOffer, picked: number) {
      const chosen = picked > 0 ? clampPoints(picked, offer.most, offer.step) : offer.most;
      this.setData({ chosen, picked, label: redeemLabel(chosen, offer.step) });
    },
    onChoose(event: DetailEvent<number | string>) {
      noteStaffActivity();
      const offer = this.data.offer;
      if (!offer) return;
      const picked = clampPoints(Number(event.detail), offer.most, offer.step);
      this.show(offer, picked === offer.most ? 0 : picked);
      this.setData({ error: '' });
    },
    onRedeem() {
      const points = this.data.chosen;
      if (points <= 0) return;
      const redeemed = pos.cart.redeemPoints(points);
      if (!redeemed.ok) return this.fail(redeemed.error);
      this.setData({ picked: 0, error: '' });
    },
    onRemove() {
      // The next offer starts again from the most the sale allows.
      this.setData({ picked: 0, error: '' });
      const removed = pos.cart.redeemPoints(0);
      if (!removed.ok) this.fail(removed.error);
    },
  },
});
