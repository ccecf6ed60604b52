// CSV downloads of a business day (orders, lines, payments, the Z-report) and the audit log.
import { Router } from 'express';
import { z } from 'zod';
import {
  businessDayOf,
  linesCsv,
  ordersCsv,
  paymentsCsv,
  zReportCsv,
  type AuditEntry,
  type ExportContext,
} from '@pos/shared';
import { requireManager } from '../http/auth';
import { HttpError, validate } from '../http/errors';
import type { Store } from '../store/store';
import type { DayBook } from './day-book';
import { dayOf } from './report-routes';
import type { ReportService } from './report-service';

const exportsByName = ['orders', 'lines', 'payments', 'z-report'] as const;
const auditQuerySchema = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  kind: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  /** The `before` of the page shown: entries older than its last. */
  before: z
    .string()
    .regex(/^\d{1,16}\.\d{1,10}$/, 'before is the `before` of an earlier answer')
    .optional(),
});

/**
 * Where an entry stands in the log, newest first: by when it happened, then by its place in the
 * trail (journal order, the same at every start), so entries of one millisecond keep an order and
 * a page's `before` resumes exactly after its last entry.
 */
interface Placed {
  entry: AuditEntry;
  index: number;
}
const newestFirst = (a: Placed, b: Placed) => b.entry.at - a.entry.at || b.index - a.index;
const cursorOf = ({ entry, index }: Placed) => `${entry.at}.${index}`;
function olderThan(cursor: string): (placed: Placed) => boolean {
  const [at, index] = cursor.split('.').map(Number);
  return (placed) => placed.entry.at < at || (placed.entry.at === at && placed.index < index);
}

export function exportRoutes(store: Store, reports: ReportService, dayBook: DayBook): Router {
  const router = Router();
  const context = (): ExportContext => ({
    utcOffsetMinutes: store.settings.utcOffsetMinutes,
    staffName: (id) => (id === null ? '' : (store.state.staff[id]?.name ?? id)),
    categoryName: (id) => store.state.categories[id]?.name ?? id,
  });

  router.get('/reports/days/:day/:name.csv', requireManager, (request, response) => {
    const day = dayOf(request.params, reports);
    const name = String(request.params.name);
    if (!(exportsByName as readonly string[]).includes(name))
      throw new HttpError(404, 'not_found', `no export ${name}: try ${exportsByName.join(', ')}`);
    const ctx = context();
    // A closed day's sheets list its orders as they stand now; what arrived after the close is
    // marked in each (`after_close`), so the rest still adds up to the frozen z-report.csv.
    const late = dayBook.lateAdjustmentsOf(day);
    const csv =
      name === 'orders'
        ? ordersCsv(store.ordersOfDay(day), ctx, late)
        : name === 'lines'
          ? linesCsv(reports.ordersFor(day), day, late)
          : name === 'payments'
            ? paymentsCsv(reports.ordersFor(day), ctx, day, late)
            : zReportCsv(reports.dayReport(day).report, ctx);
    response.type('text/csv; charset=utf-8').attachment(`${name}-${day}.csv`).send(csv);
  });

  /**
   * Newest first, `limit` at a time; `from`/`to` are business days, `kind` one AuditKind. `total`
   * counts all that match; `before` (null on the last page) asks for the page after this one.
   */
  router.get('/reports/audit', requireManager, (request, response) => {
    const query = validate(auditQuerySchema, request.query, 'query');
    const settings = store.settings;
    const within = (entry: AuditEntry) => {
      const day = businessDayOf(entry.at, settings);
      return (
        (query.from === undefined || day >= query.from) &&
        (query.to === undefined || day <= query.to) &&
        (query.kind === undefined || entry.kind === query.kind)
      );
    };
    const name = (id: string | null) => (id === null ? null : (store.state.staff[id]?.name ?? id));
    const device = (id: string | null) =>
      id === null ? null : (store.state.devices[id]?.code ?? id);
    const matching = dayBook
      .auditEntries()
      .map((entry, index): Placed => ({ entry, index }))
      .filter(({ entry }) => within(entry));
    const rest = (query.before ? matching.filter(olderThan(query.before)) : matching).sort(
      newestFirst,
    );
    const page = rest.slice(0, query.limit);
    const entries = page.map(({ entry }) => ({
      ...entry,
      staffName: name(entry.staffId),
      approvedByName: name(entry.approvedBy),
      deviceCode: device(entry.deviceId),
    }));
    const before = rest.length > page.length ? cursorOf(page[page.length - 1]) : null;
    response.json({ entries, total: matching.length, before });
  });

  return router;
}
