// Today's live summary pushed to dashboards as server-sent events: on every durable change that
// touches orders, one summary is computed (at most every 250 ms) and sent to every open stream.
import type { Response } from 'express';
import type { Store } from '../store/store';
import type { ReportService } from '../reports/report-service';

const THROTTLE_MS = 250;
const KEEPALIVE_MS = 20_000;

export class LiveFeed {
  private readonly streams = new Set<Response>();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private keepalive: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly reports: ReportService,
  ) {}

  /** Starts an event stream on `response` and sends the summary as it stands. */
  open(response: Response): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write('retry: 2000\n\n');
    this.streams.add(response);
    this.send(response, this.summaryEvent());
    response.on('close', () => {
      this.streams.delete(response);
      if (this.streams.size === 0) this.stop();
    });
    if (!this.unsubscribe) {
      this.unsubscribe = this.store.onChanges((changes) => {
        if (changes.some((c) => c.kind === 'order' || c.kind === 'device')) this.schedule();
      });
      this.keepalive = setInterval(() => {
        for (const stream of this.streams) stream.write(': keepalive\n\n');
      }, KEEPALIVE_MS);
      this.keepalive.unref();
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const event = this.summaryEvent();
      for (const stream of this.streams) this.send(stream, event);
    }, THROTTLE_MS);
    this.timer.unref();
  }

  private summaryEvent(): string {
    return `event: summary\ndata: ${JSON.stringify(this.reports.liveSummary())}\n\n`;
  }

  private send(stream: Response, event: string): void {
    stream.write(event);
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.keepalive) clearInterval(this.keepalive);
    this.timer = this.keepalive = null;
  }
}
