// The snapshot a device starts from (or starts over from, when it is too far behind for changes):
// the catalog, stock, staff, members and devices, with the business day's orders and any still open.
import type { Order, Snapshot } from '@pos/shared';
import type { ApplyContext } from './apply-event';
import { deviceInfo } from './state';

export function snapshotOf(ctx: ApplyContext, businessDay: string): Snapshot {
  const { state } = ctx;
  const orders = new Map<string, Order>();
  for (const order of [...ctx.orders.ofDay(businessDay), ...ctx.orders.open()])
    orders.set(order.id, order);
  return {
    settings: state.settings,
    categories: Object.values(state.categories),
    products: Object.values(state.products),
    stock: Object.entries(state.stock).map(([skuId, { level }]) => ({ skuId, level })),
    staff: Object.values(state.staff),
    members: Object.values(state.members),
    devices: Object.values(state.devices).map(deviceInfo),
    orders: [...orders.values()],
  };
}
