// A PIN pad: digits shown as dots, clear and delete, and a "submit" event once the PIN is complete
// or on the submit key: a PIN is 4 to 6 digits (shared/pin-hash.ts), so a shorter one is sent by
// hand. It knows nothing of staff or lockouts; the page decides what a PIN does.
import { text } from '../../i18n/index';

const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'delete', 'submit'];

Component({
  properties: {
    /** The longest PIN: typing its last digit submits at once. */
    digits: { type: Number, value: 6 },
    /** The shortest PIN the submit key sends. */
    minDigits: { type: Number, value: 4 },
    disabled: { type: Boolean, value: false },
  },
  data: { t: text.pinPad, keys, pin: '', dots: [] as boolean[] },
  lifetimes: {
    attached() {
      this.show('');
    },
  },
  methods: {
    /** Empties the pad (after a wrong PIN). */
    reset() {
      this.show('');
    },
    show(pin: string) {
      const dots = Array.from({ length: this.data.digits }, (_, i) => i < pin.length);
      this.setData({ pin, dots });
    },
    onKey(event: WechatMiniprogram.BaseEvent) {
      if (this.data.disabled) return;
      const key = String(event.currentTarget.dataset.key);
      const pin = this.data.pin;
      if (key === 'clear') return this.show('');
      if (key === 'delete') return this.show(pin.slice(0, -1));
      if (key === 'submit') {
        if (pin.length >= this.data.minDigits) this.submit(pin);
        return;
      }
      if (pin.length >= this.data.digits) return;
      const next = pin + key;
      this.show(next);
      if (next.length === this.data.digits) this.submit(next);
    },
    submit(pin: string) {
      this.triggerEvent('submit', { pin });
      this.show('');
    },
  },
});
