// The sync badge every selling screen shows: online or not, what is not yet on the store's server
// and since when, the last successful sync, refused changes, unreadable data, the storage warning
// and the device clock's (set back, or off from the store server's: clock-warning.ts). "Retry"
// connects without waiting out the backoff. With `customer` (the kiosk's self-order screen) it
// shows a customer only 离线 while the server is out of reach, and nothing otherwise
// (customerSyncWord); staff screens, a kiosk's too, show it whole.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { text } from '../../i18n/index';
import { pos } from '../../view/pos';
import { clockWarning } from '../../view/clock-warning';
import {
  customerSyncWord,
  syncBadge,
  syncTimes,
  type SyncBadgeView,
  type SyncTimesView,
} from '../../view/sync-view';

ComponentWithStore({
  properties: {
    /** A customer is looking (the kiosk): the connection in one word when offline, nothing else. */
    customer: { type: Boolean, value: false },
  },
  data: {
    t: text.common,
    badge: null as SyncBadgeView | null,
    times: null as SyncTimesView | null,
    customerWord: '',
    clock: '',
  },
  storeBindings: {
    store: pos,
    fields: {
      badge: () => syncBadge(pos.sync.status),
      times: () =>
        syncTimes(pos.sync.status, {
          now: pos.sync.now,
          utcOffsetMinutes: pos.catalog.settings.utcOffsetMinutes,
        }),
      customerWord: () => customerSyncWord(pos.sync.status),
      clock: () => clockWarning(pos.sync.status, pos.catalog.settings.utcOffsetMinutes),
    },
    actions: {},
  },
  methods: {
    onRetry() {
      pos.sync.retryNow();
    },
  },
});
