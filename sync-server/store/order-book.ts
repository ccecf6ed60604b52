// The store's orders, by id and by business day, in memory; rebuilt from the journal at start.
import type { Order } from '@pos/shared';

export class OrderBook {
  private readonly byId = new Map<string, Order>();
  private readonly byDay = new Map<string, Map<string, Order>>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Order | undefined {
    return this.byId.get(id);
  }

  /** Adds an order or replaces it with its newer version. */
  put(order: Order): void {
    this.byId.set(order.id, order);
    let day = this.byDay.get(order.businessDay);
    if (!day) this.byDay.set(order.businessDay, (day = new Map()));
    day.set(order.id, order);
  }

  ofDay(businessDay: string): Order[] {
    return [...(this.byDay.get(businessDay)?.values() ?? [])];
  }

  /** Orders not yet paid (kiosk orders waiting at the counter), any day. */
  open(): Order[] {
    return [...this.byId.values()].filter((order) => order.status === 'open');
  }
}
