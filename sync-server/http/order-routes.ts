// Orders by business day, and member lookup, for devices and staff.
import { Router } from 'express';
import { z } from 'zod';
import { businessDayOf, businessDaySchema, phoneSchema } from '@pos/shared';
import { requireCaller } from './auth';
import type { ReportService } from '../reports/report-service';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';

const ordersQuerySchema = z.object({ day: businessDaySchema.optional() });
const memberQuerySchema = z.object({ phone: phoneSchema });

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
