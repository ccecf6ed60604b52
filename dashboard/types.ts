// The shapes the dashboard reads from the server (the report types come from the shared core).
import type { CloseBlocker, DayReport, LateAdjustment } from '../shared/report';

export interface DayReportView {
  businessDay: string;
  status: 'open' | 'closed';
  report: DayReport;
  blockers: CloseBlocker[];
  close: {
    businessDay: string;
    closedBy: string;
    note: string;
    overridden: CloseBlocker[];
    closedAt: number;
  } | null;
  lateSinceClose: LateAdjustment[];
}

export interface Page {
  /** Renders into `root`; returns what to do when the page is left (close a stream...). */
  (root: HTMLElement, query: URLSearchParams): Promise<(() => void) | void>;
}
