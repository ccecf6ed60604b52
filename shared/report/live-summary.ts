// Today at a glance for the live dashboard: sales so far, orders per hour of the business day,
// the tender mix and the best-selling products, shaped from the Z-report.
import { businessHourIndex, type BusinessDaySettings } from '../business-day';
import type { Fen } from '../money';
import type { OrderLine, TenderMethod } from '../order';
import type { ProductRow, ZReport } from './z-report';

/**
 * One of the day's best sellers. Ranked by `net`, the money it brought in less what was refunded:
 * quantities do not compare across units (520 g of apples is not 520 coffees).
 */
export interface TopProduct {
  skuId: string;
  name: string;
  /** The unit of `qty`: pieces, or grams for goods sold by weight (shown in kg). */
  soldBy: OrderLine['soldBy'];
  /** What was sold less what came back, as `net` is: pieces, or grams when sold by weight. */
  qty: number;
  net: Fen;
}

export interface LiveSummary {
  businessDay: string;
  orderCount: number;
  sales: Fen;
  refunds: Fen;
  net: Fen;
  averageOrder: Fen;
  /** All 24 hours in business-day order, empty ones included, so a chart's axis never jumps. */
  hours: Array<{ hour: number; orderCount: number; sales: Fen }>;
  tenders: Array<{ method: TenderMethod; amount: Fen }>;
  /** Largest net first; only products with something sold that did not come back. */
  topProducts: TopProduct[];
}

/** The best sellers among the Z-report's products: by net sales, ties by SKU so the list holds still. */
export function bestSellers(rows: readonly ProductRow[], top: number): TopProduct[] {
  return rows
    .map(({ skuId, name, soldBy, qty, refundedQty, net }) => ({
      skuId,
      name,
      soldBy,
      qty: qty - refundedQty,
      net,
    }))
    .filter((row) => row.qty > 0)
    .sort((a, b) => b.net - a.net || (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0))
    .slice(0, top);
}

export function liveSummary(z: ZReport, settings: BusinessDaySettings, top = 10): LiveSummary {
  const byHour = new Map(z.byHour.map((row) => [row.hour, row]));
  const hours = Array.from({ length: 24 }, (_, hour) => hour)
    .sort((a, b) => businessHourIndex(a, settings) - businessHourIndex(b, settings))
    .map((hour) => ({
      hour,
      orderCount: byHour.get(hour)?.orderCount ?? 0,
      sales: byHour.get(hour)?.sales ?? 0,
    }));
  return {
    businessDay: z.businessDay,
    orderCount: z.sales.orderCount,
    sales: z.sales.total,
    refunds: z.refunds.total,
    net: z.netSales,
    averageOrder: z.sales.orderCount === 0 ? 0 : Math.round(z.sales.total / z.sales.orderCount),
    hours,
    tenders: z.byTender.map((row) => ({ method: row.method, amount: row.net })),
    topProducts: bestSellers(z.byProduct, top),
  };
}
