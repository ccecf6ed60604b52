// Changing a cart line's price (改价): the price typed in yuan, per kg for goods sold by weight. It
// emits `apply` with the price in fen, `clear` (back to the list price) or `cancel`; the page
// decides whether a manager must approve it and sets it through the cart store.
import { text, words } from '../../i18n/index';
import { noteStaffActivity } from '../../view/kiosk-staff';
import type { DetailEvent } from '../../view/page-events';
import { parseUnitPrice } from '../../view/price-override-view';

Component({
  properties: {
    /** "拿铁 大杯 改价", "富士苹果 改价（每千克的价格）". */
    title: { type: String, value: '' },
    /** "标价 ¥18.00". */
    listPrice: { type: String, value: '' },
    /** The price was changed: it can go back to the list price. */
    removable: { type: Boolean, value: false },
  },
  data: {
    tp: words(text.priceOverride),
    tc: text.common,
    input: '',
    error: '',
  },
  methods: {
    onInput(event: DetailEvent<string>) {
      noteStaffActivity();
      this.setData({ input: event.detail, error: '' });
    },
    onApply() {
      const parsed = parseUnitPrice(this.data.input);
      if (!parsed.ok) return this.setData({ error: parsed.error });
      this.triggerEvent('apply', { fen: parsed.fen });
    },
    onClear() {
      this.triggerEvent('clear', {});
    },
    onCancel() {
      this.triggerEvent('cancel', {});
    },
  },
});
