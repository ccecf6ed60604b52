// The cart's member: attach one by phone number or by scanning their member QR, join a new
// customer with the phone typed, or detach. Attached, it shows what the member may spend now
// (member-store's account: provisional and unsynced figures said so, the offline cap offline and
// while catching up), the points control (member-points) and the cash top-up (member-top-up).
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { RuleError } from '@pos/shared';
import { scanCode } from '../../adapters/scanner';
import { describeError, text, words } from '../../i18n/index';
import { noteStaffActivity } from '../../view/kiosk-staff';
import { isPhone, memberKeyOf, normalizePhone } from '../../view/member-code';
import { memberCard, type MemberCard } from '../../view/member-view';
import type { DetailEvent } from '../../view/page-events';
import { pos, posClient } from '../../view/pos';
import { scanFailureText } from '../../view/scan-failure';

/** The attached member's card, read from the cart (a merged provisional id finds its member). */
function attachedCard(): MemberCard | null {
  const member = pos.cart.member;
  if (!member) return null;
  const { members } = posClient();
  return memberCard(member, pos.cart.memberAccount, {
    online: members.isOnline,
    catchingUp: members.isCatchingUp,
    spendable: members.spendable(member.id),
    capLeft: members.offlineCapLeft,
  });
}

ComponentWithStore({
  data: {
    t: words(text.member),
    tc: text.common,
    card: null as MemberCard | null,
    open: false,
    /** The cash top-up form is open. */
    toppingUp: false,
    phone: '',
    /** The phone just looked up and not found: offer to join. */
    unknownPhone: '',
    note: '',
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      card: attachedCard,
    },
    actions: {},
  },
  methods: {
    fail(error: RuleError) {
      this.setData({ error: describeError(error), note: '' });
    },
    attach(key: string): boolean {
      const attached = pos.cart.attachMember(key);
      if (!attached.ok) {
        if (attached.error.code === 'unknown_member' && isPhone(key))
          this.setData({ unknownPhone: key, error: text.member.notFound(key), note: '' });
        else this.fail(attached.error);
        return false;
      }
      this.setData({ open: false, phone: '', unknownPhone: '', error: '' });
      return true;
    },
    onOpen() {
      this.setData({ open: true, error: '', note: '' });
    },
    onClose() {
      this.setData({ open: false, phone: '', unknownPhone: '', error: '' });
    },
    onPhone(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ phone: event.detail, unknownPhone: '', error: '' });
    },
    onFind() {
      noteStaffActivity();
      const phone = normalizePhone(this.data.phone);
      if (!isPhone(phone)) return this.setData({ error: text.errors.phone_invalid });
      this.attach(phone);
    },
    async onScan() {
      const scanned = await scanCode(wx, ['qrCode', 'barCode']);
      if (!scanned.ok) {
        if (!scanned.cancelled)
          this.setData({ error: scanFailureText(scanned, text.member.scanFailed) });
        return;
      }
      const key = memberKeyOf(scanned.code);
      if (!key) return this.setData({ error: text.member.unknownCode });
      this.attach(key);
    },
    onJoin() {
      const joined = pos.catalog.joinMember(this.data.unknownPhone);
      if (!joined.ok) return this.fail(joined.error);
      if (this.attach(joined.value.id)) this.setData({ note: text.member.joined });
    },
    onDetach() {
      const detached = pos.cart.detachMember();
      if (!detached.ok) return this.fail(detached.error);
      this.setData({ note: '', error: '', toppingUp: false });
    },
    onTopUpOpen() {
      this.setData({ toppingUp: !this.data.toppingUp, note: '', error: '' });
    },
    onTopUpCancel() {
      this.setData({ toppingUp: false });
    },
    /** The top-up went through: the form closes and its outcome stays in the panel's note. */
    onToppedUp(event: DetailEvent<{ note: string }>) {
      this.setData({ toppingUp: false, note: event.detail.note, error: '' });
    },
  },
});
