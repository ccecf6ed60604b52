// Entering a discount: a quick choice (九五折 ... 七折), or a percent or an amount typed in. It
// emits `apply` with the Discount, `remove` or `cancel`; the page decides whether a manager must
// approve it and applies it through the cart store.
import { text, words } from '../../i18n/index';
import { noteStaffActivity } from '../../view/kiosk-staff';
import { parseDiscount, quickDiscounts, type DiscountMode } from '../../view/discount-view';
import type { DetailEvent } from '../../view/page-events';

Component({
  properties: {
    title: { type: String, value: '' },
    /** The store's threshold in words. */
    rule: { type: String, value: '' },
    /** Whether there is a discount to remove. */
    removable: { type: Boolean, value: false },
  },
  data: {
    t: words(text.discount),
    tc: text.common,
    quick: quickDiscounts,
    mode: 'percent' as DiscountMode,
    input: '',
    error: '',
  },
  methods: {
    onQuick(event: WechatMiniprogram.BaseEvent) {
      const basisPoints = Number(event.currentTarget.dataset.off);
      this.triggerEvent('apply', { discount: { kind: 'percent', basisPoints } });
    },
    onMode(event: WechatMiniprogram.BaseEvent) {
      const mode: DiscountMode =
        event.currentTarget.dataset.mode === 'amount' ? 'amount' : 'percent';
      this.setData({ mode, error: '' });
    },
    onInput(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ input: event.detail, error: '' });
    },
    onApply() {
      const parsed = parseDiscount(this.data.mode, this.data.input);
      if (!parsed.ok) return this.setData({ error: parsed.error });
      this.setData({ input: '', error: '' });
      this.triggerEvent('apply', { discount: parsed.discount });
    },
    onRemove() {
      this.triggerEvent('remove', {});
    },
    onCancel() {
      this.setData({ input: '', error: '' });
      this.triggerEvent('cancel', {});
    },
  },
});
