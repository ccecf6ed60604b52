// Today at a glance for the live dashboard: sales so far, orders per hour of the business day,
// the tender mix and the best-selling products, shaped from the Z-report.
import { businessHourIndex, type BusinessDaySettings } from '../business-day';
import type { Fen } from '../money';
import type { TenderMethod } from '../order';
import type { ZReport } from './z-report';

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
  topProducts: Array<{ skuId: string; name: string; qty: number; net: Fen }>;
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
    topProducts: [...z.byProduct]
      .sort((a, b) => b.qty - a.qty || b.net - a.net || (a.skuId < b.skuId ? -1 : 1))
      .slice(0, top)
      .map(({ skuId, name, qty, net }) => ({ skuId, name, qty, net })),
  };
}
