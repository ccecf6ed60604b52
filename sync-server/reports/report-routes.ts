// The day-end API for managers (dashboard cookie or a device's staff session): a day's report with
// its completeness, scoped reports, today's live summary, closing the day, approving a variance.
import { Router } from 'express';
import { z } from 'zod';
import { businessDaySchema, closeDayRequestSchema } from '@pos/shared';
import { managerId, requireManager } from '../http/auth';
import { HttpError, validate } from '../http/errors';
import type { ReportService } from './report-service';

const scopeQuerySchema = z.object({
  device: z.string().min(1).max(40).optional(),
  cashier: z.string().min(1).max(40).optional(),
});
const approvalBodySchema = z.object({ note: z.string().trim().min(1, 'say why').max(200) });

export function dayOf(params: Record<string, unknown>, reports: ReportService): string {
  const day = params.day === 'today' ? reports.today() : params.day;
  return validate(businessDaySchema, day, 'business day');
}

export function reportRoutes(reports: ReportService): Router {
  const router = Router();

  router.get('/reports/days', requireManager, (_request, response) => {
    response.json(reports.knownDays());
  });

  router.get('/reports/live', requireManager, (_request, response) => {
    response.json({ summary: reports.liveSummary() });
  });

  router.get('/reports/days/:day', requireManager, (request, response) => {
    const day = dayOf(request.params, reports);
    const { device, cashier } = validate(scopeQuerySchema, request.query, 'query');
    if (device !== undefined || cashier !== undefined) {
      const scope = { ...(device && { deviceId: device }), ...(cashier && { cashierId: cashier }) };
      response.json({ businessDay: day, z: reports.scopedReport(day, scope) });
      return;
    }
    response.json(reports.dayReport(day));
  });

  router.post('/reports/days/:day/close', requireManager, async (request, response) => {
    const day = dayOf(request.params, reports);
    const body = validate(closeDayRequestSchema, request.body ?? {});
    const result = reports.closeDay(day, body, managerId(request));
    if (!result.ok) {
      const status = result.error.code === 'note_required' ? 400 : 409;
      throw new HttpError(status, result.error.code, result.error.message);
    }
    await result.value.committed;
    response.status(201).json(reports.dayReport(day));
  });

  router.post('/reports/shifts/:shiftId/approve', requireManager, async (request, response) => {
    const shiftId = String(request.params.shiftId);
    const { note } = validate(approvalBodySchema, request.body ?? {});
    const { approvedBy, alreadyApproved } = await reports.approveVariance(
      shiftId,
      managerId(request),
      note,
    );
    // Already approved: answered as done, with who approved it, and nothing recorded again.
    if (alreadyApproved) response.status(200).json({ shiftId, approvedBy, alreadyApproved });
    else response.status(201).json({ shiftId, approvedBy });
  });

  return router;
}
