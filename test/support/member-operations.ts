// A device's membership operations as a till makes them, for tests that push them over the socket:
// a member's sale (stored value, points redeemed), a refund of all of it, a void. Each device keeps
// its own sequence, as a till does, so the server's id and sequence checks pass.
import {
  addItem,
  attachMember,
  businessDayOf,
  emptyCart,
  indexCatalog,
  operationId,
  orderId,
  orderNumber,
  placeOrder,
  priceCart,
  type Operation,
  type OperationOf,
  type Tender,
} from '@pos/shared';
import { demo, type PairedTestDevice } from './test-server';

const catalog = indexCatalog(demo.products);
/** A piece-sold SKU of the demo store: ¥8.00 each. */
const sku = demo.products.find((p) => p.soldBy === 'piece' && p.active)!.skus[0];

export type Sale = OperationOf<'order.placed'>;

export class MemberTill {
  private seq = 0;
  private readonly today: string;

  /** Everything made at `at` (steps undoing a sale a second later), on `at`'s business day. */
  constructor(
    readonly device: PairedTestDevice,
    private readonly at = Date.now(),
  ) {
    this.today = businessDayOf(at, demo.settings);
  }

  private operation<T extends Operation['type']>(
    type: T,
    payload: (seq: number) => OperationOf<T>['payload'],
  ): OperationOf<T> {
    const seq = ++this.seq;
    const { deviceId } = this.device;
    // Cast: TypeScript does not narrow the operation union by a generic `type`.
    return {
      id: operationId(deviceId, seq),
      deviceId,
      seq,
      createdAt: this.at,
      type,
      payload: payload(seq),
    } as unknown as OperationOf<T>;
  }

  /** A member's sale of `qty` pieces: `storedValue` of it from the balance, `points` redeemed, the rest cash. */
  sale(
    memberId: string,
    options: { qty?: number; storedValue?: number; points?: number } = {},
  ): Sale {
    let cart = addItem(attachMember(emptyCart(), memberId), {
      skuId: sku.id,
      qty: options.qty ?? 1,
    });
    if (options.points) cart = { ...cart, pointsToRedeem: options.points };
    const priced = priceCart(cart, { catalog, settings: demo.settings });
    const fromBalance = Math.min(options.storedValue ?? 0, priced.total);
    const tenders: Tender[] = [];
    if (fromBalance > 0) tenders.push({ method: 'stored_value', amount: fromBalance, memberId });
    const cash = priced.total - fromBalance;
    if (cash > 0) tenders.push({ method: 'cash', amount: cash, tendered: cash, change: 0 });
    return this.operation('order.placed', (seq) => {
      const placed = placeOrder({
        priced,
        tenders,
        id: orderId(this.device.deviceId, this.today, seq),
        orderNo: orderNumber(this.device.deviceCode, this.today, seq),
        device: { id: this.device.deviceId, code: this.device.deviceCode },
        businessDay: this.today,
        createdAt: this.at,
        cashierId: 'staff-cashier-1',
        memberId,
        source: 'register',
        approvals: [],
      });
      if (!placed.ok) throw new Error(placed.error.message);
      return placed.value;
    });
  }

  /** Every line of the sale returned, a second later, the money going back the way it was paid. */
  refundAll(sale: Sale): OperationOf<'order.refunded'> {
    const order = sale.payload;
    return this.operation('order.refunded', (seq) => ({
      id: `${this.device.deviceId}:refund:${seq}`,
      orderId: order.id,
      deviceId: this.device.deviceId,
      staffId: 'staff-cashier-1',
      approvedBy: 'staff-manager',
      reason: 'returned',
      createdAt: this.at + 1000,
      businessDay: this.today,
      lines: order.lines.map((line) => ({
        lineId: line.lineId,
        qty: line.qty,
        amount: line.total,
      })),
      tenders: order.tenders.map((tender) => ({ method: tender.method, amount: tender.amount })),
      restock: true,
    }));
  }

  /** The sale voided by the cashier with the manager's approval, a second after it was made. */
  voidOf(sale: Sale): OperationOf<'order.voided'> {
    return this.operation('order.voided', () => ({
      orderId: sale.payload.id,
      staffId: 'staff-cashier-1',
      approvedBy: 'staff-manager',
      reason: 'rang up by mistake',
      at: this.at + 1000,
    }));
  }
}
