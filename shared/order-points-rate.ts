// The points rate a member's sale earned at, kept on the order: a refund or void takes back what the
// sale earned at that rate, on every till as in the server's fold, whatever the store's rate is now.
import type { Order } from './order';

/**
 * The order carrying `pointsPerYuan`, the rate decided where it is paid: a paid member's sale
 * carries it; any other order none (an open one earns at the rate of its payment, one without a
 * member earns nothing). The same object when it is so already.
 */
export function withPointsRate(order: Order, pointsPerYuan: number): Order {
  const earns = order.status === 'paid' && order.memberId !== null;
  if (earns ? order.pointsPerYuan === pointsPerYuan : order.pointsPerYuan === undefined)
    return order;
  const { pointsPerYuan: _written, ...rest } = order;
  return earns ? { ...rest, pointsPerYuan } : rest;
}

/** The rate a sale's points are earned and undone at: its own; the store's for one kept before. */
export function earnedRateOf(order: Pick<Order, 'pointsPerYuan'>, storeRate: number): number {
  return order.pointsPerYuan ?? storeRate;
}
