// Members on the HTTP API: join by phone, look up by id (merged provisional ids too), the day's
// membership figures, and the overspends a manager settles.
import { Router } from 'express';
import { z } from 'zod';
import { businessDayOf, businessDaySchema, memberNameInputSchema } from '@pos/shared';
import {
  findMember,
  joinMember,
  memberActivity,
  overspends,
  resolveOverspend,
} from '../members/member-commands';
import { managerId, requireCaller, requireManager } from './auth';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';

const joinSchema = z.object({ phone: z.string().max(20), name: memberNameInputSchema.optional() });
const dayQuerySchema = z.object({ day: businessDaySchema.optional() });
const overspendQuerySchema = dayQuerySchema.extend({ status: z.enum(['open', 'all']).optional() });
const resolveSchema = z.object({ note: z.string().max(200).default('') });

export function memberRoutes({ store, now }: HttpDeps): Router {
  const router = Router();

  router.post('/members', requireCaller, async (request, response) => {
    const { phone, name } = validate(joinSchema, request.body);
    const joined = await joinMember(store, { phone, name, via: 'staff' });
    if (!joined.ok) throw new HttpError(400, joined.error.code, joined.error.message);
    response.status(joined.value.created ? 201 : 200).json(joined.value);
  });

  router.get('/members/activity', requireCaller, (request, response) => {
    const { day } = validate(dayQuerySchema, request.query, 'query');
    response.json(memberActivity(store, day ?? businessDayOf(now(), store.settings)));
  });

  router.get('/members/overspends', requireCaller, (request, response) => {
    const { day, status } = validate(overspendQuerySchema, request.query, 'query');
    response.json({ overspends: overspends(store, { all: status === 'all', businessDay: day }) });
  });

  router.post('/members/overspends/:id/resolve', requireManager, async (request, response) => {
    const { note } = validate(resolveSchema, request.body ?? {});
    const resolved = await resolveOverspend(
      store,
      request.params.id as string,
      managerId(request),
      note,
    );
    if (!resolved.ok)
      throw new HttpError(
        resolved.error.code === 'not_found' ? 404 : 409,
        resolved.error.code,
        resolved.error.message,
      );
    response.json({ overspend: resolved.value });
  });

  router.get('/members/:id', requireCaller, (request, response) => {
    const member = findMember(store, request.params.id as string);
    if (!member) throw new HttpError(404, 'not_found', `no member ${request.params.id}`);
    response.json({ member });
  });

  return router;
}
