// The day end's composition: the report service over the store, its day book and the sync channel,
// and its HTTP routes (reports, close, exports, audit), mounted by app.ts with one line.
import { Router } from 'express';
import type { HttpDeps } from '../http/deps';
import type { SyncServer } from '../sync/sync-server-options';
import type { DayBook } from './day-book';
import { exportRoutes } from './export-routes';
import { pendingPaymentsOf } from './pending-payments';
import { reportRoutes } from './report-routes';
import { ReportService, type ReportSources } from './report-service';

export interface DayEnd {
  reports: ReportService;
  routes: Router;
}

/** The sync channel as the reports see it. */
type SyncFacts = Pick<SyncServer, 'connectedDevices' | 'outboxStates'>;

export function createDayEnd(
  deps: HttpDeps & { dayBook: DayBook; sync: SyncFacts },
  options: Pick<ReportSources, 'pendingPayments'> = {},
): DayEnd {
  const reports = new ReportService({
    store: deps.store,
    dayBook: deps.dayBook,
    now: deps.now,
    connectedDevices: () => deps.sync.connectedDevices(),
    outboxStates: () => deps.sync.outboxStates(),
    pendingPayments: (day) => pendingPaymentsOf(deps.store, day),
    ...options,
  });
  const routes = Router();
  routes.use(reportRoutes(reports));
  routes.use(exportRoutes(deps.store, reports, deps.dayBook));
  return { reports, routes };
}
