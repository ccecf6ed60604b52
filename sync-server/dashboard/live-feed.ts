// Today's live summary pushed to dashboards as server-sent events: on every durable change that
// touches orders, one summary is computed (at most every 250 ms) and sent to every open stream.
import type { Response } from 'express';
import type { Store } from '../store/store';
import type { ReportService } from '../reports/report-service';

const THROTTLE_MS = 250;
const KEEPALIVE_MS = 20_000;

export class LiveFeed {
  /** Each open stream, with whether it may still be sent to (its session is live). */
  private readonly streams = new Map<Response, () => boolean>();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private keepalive: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly reports: ReportService,
  ) {}

  /**
   * Starts an event stream on `response` and sends the summary as it stands; the stream ends at the
   * first event for which `allowed` says no.
   */
  open(response: Response, allowed: () => boolean): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write('retry: 2000\n\n');
    this.streams.set(response, allowed);
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
        for (const stream of this.streams.keys()) this.send(stream, ': keepalive\n\n');
      }, KEEPALIVE_MS);
      this.keepalive.unref();
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const event = this.summaryEvent();
      for (const stream of this.streams.keys()) this.send(stream, event);
    }, THROTTLE_MS);
    this.timer.unref();
  }

  private summaryEvent(): string {
    return `event: summary\ndata: ${JSON.stringify(this.reports.liveSummary())}\n\n`;
  }

  private send(stream: Response, event: string): void {
    if (this.streams.get(stream)?.()) stream.write(event);
    else stream.end();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.keepalive) clearInterval(this.keepalive);
    this.timer = this.keepalive = null;
  }
}
