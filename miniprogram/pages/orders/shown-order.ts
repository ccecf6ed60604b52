// The order the Orders page shows: times in the store's zone, as its receipts print them, and its
// detail saying so when it was looked up on the store's server.
import { orderDetail } from '../../view/order-view';
import { pos } from '../../view/pos';

/** Times on this page are the store's, as its receipts print them. */
export const storeZone = () => pos.catalog.settings.utcOffsetMinutes;

/** An order's detail, saying so when it was looked up on the store's server. */
export const detailOf = (id: string) =>
  id ? orderDetail(pos.orders.find(id), storeZone(), pos.orders.isFromServer(id)) : null;
