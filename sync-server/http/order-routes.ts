// Orders by business day, one order by its id or by the number on its receipt, and member lookup,
// for devices and staff.
import { Router } from 'express';
import { z } from 'zod';
import {
  businessDayOf,
  businessDaySchema,
  isBusinessDay,
  orderId,
  parseOrderNumber,
  phoneSchema,
  type Order,
  type OrderNumberParts,
} from '@pos/shared';
import { requireCaller } from './auth';
import type { ReportService } from '../reports/report-service';
import type { Store } from '../store/store';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';

const ordersQuerySchema = z.object({ day: businessDaySchema.optional() });
const memberQuerySchema = z.object({ phone: phoneSchema });
/** A receipt's number as the core reads it (case and leading zeros of the sequence do not matter). */
const orderNumberParamsSchema = z.object({
  number: z
    .string()
    .max(40)
    .transform((value, context): OrderNumberParts => {
      const parsed = parseOrderNumber(value);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error });
      return parsed.ok ? parsed.value : { deviceCode: '', monthDay: '', seq: 0 };
    }),
});

/**
 * The order a receipt's number names. A number says the device, the month and day and the device's
 * count that day, not the year: the newest such order up to today is the one, looked up by id for
 * each year since the device was paired (it sold nothing before; a year more for a phone whose
 * clock is behind), so the cost does not grow with the store's orders.
 */
export function orderByNumber(
  store: Pick<Store, 'order' | 'state'>,
  { deviceCode, monthDay, seq }: OrderNumberParts,
  today: string,
): Order | undefined {
  const device = Object.values(store.state.devices).find((d) => d.code === deviceCode);
  if (!device) return undefined;
  const firstYear = Number(businessDayOf(device.pairedAt, store.state.settings).slice(0, 4)) - 1;
  const monthAndDay = `${monthDay.slice(0, 2)}-${monthDay.slice(2)}`;
  for (let year = Number(today.slice(0, 4)); year >= firstYear; year--) {
    const day = `${String(year).padStart(4, '0')}-${monthAndDay}`;
    if (!isBusinessDay(day) || day > today) continue;
    const order = store.order(orderId(device.id, day, seq));
    if (order && order.deviceCode === deviceCode) return order;
  }
  return undefined;
}

/**
 * `reports` gives a day's orders as the Z-report counts them: the day's own and other days' orders
 * refunded or voided on it, so the till's store-wide figures (the same core fold) match the day's
 * report: such an order's refund counts on the day, its sale on its own day.
 */
export function orderRoutes(
  { store, now }: HttpDeps,
  reports: Pick<ReportService, 'ordersFor'>,
): Router {
  const router = Router();

  router.get('/orders', requireCaller, (request, response) => {
    const { day } = validate(ordersQuerySchema, request.query, 'query');
    const businessDay = day ?? businessDayOf(now(), store.settings);
    response.json({ businessDay, orders: reports.ordersFor(businessDay) });
  });

  // A receipt older than a till's own history (a return on day three): the till asks here.
  router.get('/orders/by-number/:number', requireCaller, (request, response) => {
    const { number } = validate(orderNumberParamsSchema, request.params, 'path');
    const order = orderByNumber(store, number, businessDayOf(now(), store.settings));
    if (!order) throw new HttpError(404, 'not_found', `no order ${request.params.number}`);
    response.json({ order });
  });

  router.get('/orders/:id', requireCaller, (request, response) => {
    const order = store.order(request.params.id as string);
    if (!order) throw new HttpError(404, 'not_found', `no order ${request.params.id}`);
    response.json({ order });
  });

  router.get('/members', requireCaller, (request, response) => {
    const { phone } = validate(memberQuerySchema, request.query, 'query');
    const member = store.memberByPhone(phone);
    if (!member) throw new HttpError(404, 'not_found', `no member with phone ${phone}`);
    response.json({ member });
  });

  return router;
}
