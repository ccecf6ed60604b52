// The grams of a product sold by weight, read off the scale before its line goes in the cart (a
// tap alone would sell one gram). The field has the focus while goods are weighed, so a barcode
// scanned meanwhile is typed into it: a scanner's burst and Enter is a scan, emitted as `scan` for
// the page to add as from its search box, and the field keeps the grams typed before it. The grams
// go in through the cart store, then `added`; or `cancel`.
import { describeError, text, words } from '../../i18n/index';
import { noteStaffActivity } from '../../view/kiosk-staff';
import type { DetailEvent } from '../../view/page-events';
import { pos, posClient } from '../../view/pos';
import { ScannerBox } from '../../view/scanner-box';
import { parseGrams } from '../../view/weight-entry';

/** The weight field's keystrokes with their times (one field is open at a time). */
const box = new ScannerBox();

Component({
  properties: {
    /** The SKU being weighed. */
    skuId: { type: String, value: '' },
    /** "富士苹果（¥12.80/kg）：称重后输入重量". */
    title: { type: String, value: '' },
  },
  data: {
    t: words(text.register),
    tc: text.common,
    input: '',
    error: '',
  },
  lifetimes: {
    attached() {
      box.reset();
    },
  },
  methods: {
    /** Another product to weigh while open: what was typed for the last one goes. */
    reset() {
      box.reset();
      this.setData({ input: '', error: '' });
    },
    onInput(event: DetailEvent<string>) {
      noteStaffActivity();
      box.input(event.detail, posClient().clock.now());
      this.setData({ input: event.detail, error: '' });
    },
    /**
     * Enter in the field. A scanner's burst is a scan, as in the search box: its item goes in and
     * the field keeps the grams typed before it; otherwise the grams are added.
     */
    onConfirm(event: DetailEvent<string>) {
      noteStaffActivity();
      const value = typeof event.detail === 'string' ? event.detail : this.data.input;
      const outcome = box.enter(value, posClient().clock.now());
      if (outcome.kind !== 'scan') return this.onAdd();
      box.reset(outcome.rest);
      this.setData({ input: outcome.rest, error: '' });
      this.triggerEvent('scan', { code: outcome.code });
    },
    /** The grams the scale shows: the line's quantity. */
    onAdd() {
      const grams = parseGrams(this.data.input);
      if (grams === null) return this.setData({ error: text.register.weightInvalid });
      const added = pos.cart.addItem(this.data.skuId, grams);
      if (!added.ok) return this.setData({ error: describeError(added.error) });
      this.triggerEvent('added', {});
    },
    onCancel() {
      this.triggerEvent('cancel', {});
    },
  },
});
