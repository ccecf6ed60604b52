// The cart's member: attach one by phone number or by scanning their member QR, join a new
// customer with the phone typed, or detach. The cart store prices member prices once attached.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { formatFen, type RuleError } from '@pos/shared';
import { scanCode } from '../../adapters/scanner';
import { describeError, text, words } from '../../i18n/index';
import { isPhone, memberKeyOf, normalizePhone } from '../../view/member-code';
import type { DetailEvent } from '../../view/page-events';
import { pos } from '../../view/pos';

interface AttachedMember {
  summary: string;
  points: string;
  balance: string;
}

ComponentWithStore({
  data: {
    t: words(text.member),
    tc: text.common,
    member: null as AttachedMember | null,
    open: false,
    phone: '',
    /** The phone just looked up and not found: offer to join. */
    unknownPhone: '',
    note: '',
    error: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      member: () => {
        const id = pos.cart.cart.memberId;
        const member = id ? pos.catalog.members.find((m) => m.id === id) : undefined;
        if (!member) return null;
        return {
          summary: text.member.summary(member.name, member.phone),
          points: text.member.points(member.points),
          balance: text.member.balance(formatFen(member.balance)),
        };
      },
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
      this.setData({ phone: event.detail, unknownPhone: '', error: '' });
    },
    onFind() {
      const phone = normalizePhone(this.data.phone);
      if (!isPhone(phone)) return this.setData({ error: text.errors.phone_invalid });
      this.attach(phone);
    },
    async onScan() {
      const scanned = await scanCode(wx, ['qrCode', 'barCode']);
      if (!scanned.ok) {
        if (!scanned.cancelled) this.setData({ error: text.member.scanFailed });
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
      this.setData({ note: '', error: '' });
    },
  },
});
