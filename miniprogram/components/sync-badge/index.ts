// The sync badge every selling screen shows: online or not, what is not yet on the store's server,
// refused changes, unreadable data, and the storage warning. "Retry" connects without waiting out
// the backoff.
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { text } from '../../i18n/index';
import { pos } from '../../view/pos';
import { syncBadge, type SyncBadgeView } from '../../view/sync-view';

ComponentWithStore({
  data: { t: text.common, badge: null as SyncBadgeView | null },
  storeBindings: {
    store: pos,
    fields: { badge: () => syncBadge(pos.sync.status) },
    actions: {},
  },
  methods: {
    onRetry() {
      pos.sync.retryNow();
    },
  },
});
