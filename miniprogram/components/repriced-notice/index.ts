// Prices changed under the open sale (a manager's edit synced to the till): each repriced line,
// old -> new, where the cashier reads the total out (register and checkout), until 知道了.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { text, words } from '../../i18n/index';
import { repricedNotes } from '../../view/cart-view';
import { pos } from '../../view/pos';

ComponentWithStore({
  data: { t: words(text.register), lines: [] as string[] },
  storeBindings: {
    store: pos,
    fields: { lines: () => repricedNotes(pos.cart.priceNotice.lines) },
    actions: {},
  },
  methods: {
    onSeen() {
      pos.cart.priceNotice.dismiss();
    },
  },
});
