// What the devices of a random schedule did (random-schedule.test.ts), and what that should leave
// on the server: the shelf's levels, each order as it should read, the day-end report's figures,
// the cash in each drawer, each member's stored value.
import { denominations, type CashCount, type Order, type Tender, type ZReport } from '@pos/shared';

/** An order and what was done with it after it was placed. */
export interface Sale {
  order: Order;
  /** The member's phone, for a member's sale (their id may be provisional on the till). */
  memberPhone: string | null;
  paid: boolean;
  /**
   * The one till that pays, refunds or voids it after it is placed (the first to): two tills
   * changing one order at once is a conflict the server rightly refuses, not what is looked for.
   */
  owner: string | null;
  refunds: number;
  /** What its refunds gave back. */
  refunded: number;
  voided: boolean;
}

export function placed(order: Order, memberPhone: string | null = null): Sale {
  return {
    order,
    memberPhone,
    paid: order.status === 'paid',
    owner: null,
    refunds: 0,
    refunded: 0,
    voided: false,
  };
}

/**
 * What is on the shelf of each SKU: the start, goods received, less paid sales; each refund gives
 * back one of the first line, a void all that is left. Counts say what is on the shelf, so they
 * change nothing.
 */
export function shelfLevels(
  skus: readonly string[],
  start: readonly number[],
  received: readonly number[],
  sales: readonly Sale[],
): number[] {
  return skus.map((sku, i) => {
    let level = start[i] + received[i];
    for (const { order, paid, refunds, voided } of sales) {
      if (!paid || voided) continue;
      const sold = order.lines.filter((line) => line.skuId === sku).reduce((n, l) => n + l.qty, 0);
      level -= sold - (order.lines[0].skuId === sku ? refunds : 0);
    }
    return level;
  });
}

/** An order as the checks compare it: on the server, on each till, and as the schedule made it. */
export function orderSummary(order: Order) {
  return {
    order: order.orderNo,
    paid: order.tenders.length > 0,
    refunds: order.refunds.length,
    voided: order.status === 'voided',
  };
}

export function expectedSummary({ order, paid, refunds, voided }: Sale) {
  return { order: order.orderNo, paid, refunds, voided };
}

/** The day-end report's main figures. */
export interface DayFigures {
  orderCount: number;
  salesTotal: number;
  refundCount: number;
  refundTotal: number;
  voidCount: number;
  openCount: number;
  netSales: number;
}

/** Those figures as the schedule's sales make them: voided and unpaid orders are not sales. */
export function dayFigures(sales: readonly Sale[]): DayFigures {
  const sold = sales.filter((sale) => sale.paid && !sale.voided);
  const salesTotal = sold.reduce((n, sale) => n + sale.order.total, 0);
  const refundTotal = sales.reduce((n, sale) => n + sale.refunded, 0);
  return {
    orderCount: sold.length,
    salesTotal,
    refundCount: sales.reduce((n, sale) => n + sale.refunds, 0),
    refundTotal,
    voidCount: sales.filter((sale) => sale.voided).length,
    openCount: sales.filter((sale) => !sale.paid && !sale.voided).length,
    netSales: salesTotal - refundTotal,
  };
}

/** The same figures from the days' Z-reports, added up. */
export function reportedFigures(reports: readonly ZReport[]): DayFigures {
  const sum = (of: (z: ZReport) => number) => reports.reduce((n, z) => n + of(z), 0);
  return {
    orderCount: sum((z) => z.sales.orderCount),
    salesTotal: sum((z) => z.sales.total),
    refundCount: sum((z) => z.refunds.count),
    refundTotal: sum((z) => z.refunds.total),
    voidCount: sum((z) => z.voids.count),
    openCount: sum((z) => z.openOrders.count),
    netSales: sum((z) => z.netSales),
  };
}

/** Notes and coins for `amount`, largest first; what is below the smallest coin is not there. */
export function drawerCount(amount: number): CashCount {
  const count: CashCount = [];
  let left = Math.max(0, amount);
  for (const denomination of denominations) {
    const pieces = Math.floor(left / denomination);
    if (pieces > 0) count.push({ denomination, count: pieces });
    left -= pieces * denomination;
  }
  return count;
}

/** What tenders (a payment's or a refund's) put into a drawer and into stored value. */
export function cashAndStoredValue(tenders: ReadonlyArray<Pick<Tender, 'method' | 'amount'>>) {
  let cash = 0;
  let storedValue = 0;
  for (const { method, amount } of tenders) {
    if (method === 'cash') cash += amount;
    if (method === 'stored_value') storedValue += amount;
  }
  return { cash, storedValue };
}
