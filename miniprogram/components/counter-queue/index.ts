// Kiosk orders sent to the counter, oldest first (the orders store's counter queue), above the
// register's cart where the cashier looks: checkout takes payment for one, the cart staying as it
// is. Nothing shows while none waits.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { formatFen } from '@pos/shared';
import { text, words } from '../../i18n/index';
import { open } from '../../view/navigation';
import { pos } from '../../view/pos';

/** A kiosk order waiting at the counter. */
interface CounterOrder {
  id: string;
  orderNo: string;
  total: string;
}

ComponentWithStore({
  data: {
    t: words(text.register),
    orders: [] as CounterOrder[],
  },
  storeBindings: {
    store: pos,
    fields: {
      orders: () =>
        pos.orders.counterQueue.map(({ order }) => ({
          id: order.id,
          orderNo: order.orderNo,
          total: formatFen(order.total),
        })),
    },
    actions: {},
  },
  methods: {
    onTake(event: WechatMiniprogram.BaseEvent) {
      open('checkout', { order: String(event.currentTarget.dataset.id) });
    },
  },
});
