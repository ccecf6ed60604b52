// Today's live summary pushed to dashboards as server-sent events, and word that the day's report
// or the devices' sync state changed, for pages that show what stands in the way of the close. A
// summary goes out when the business day turns (04:00) too: "today" is another day then, whether or
// not anything is sold.
import type { Response } from 'express';
import { addBusinessDays, businessDayOf, businessDayStartMs } from '@pos/shared';
import type { Store } from '../store/store';
import type { ReportService } from '../reports/report-service';
import type { SyncServer } from '../sync/sync-server-options';

const SUMMARY_THROTTLE_MS = 250;
/** Each `changed` costs every close page a day report built again: not more than once a second. */
const CHANGED_THROTTLE_MS = 1000;
const SYNC_CHECK_MS = 1000;
const KEEPALIVE_MS = 20_000;

/** The day's report or a device's sync state changed: a page showing blockers fetches them again. */
const CHANGED_EVENT = 'event: changed\ndata: {}\n\n';

/** Runs `send` at most once per `ms`, after the first call of a burst. */
class Throttle {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ms: number,
    private readonly send: () => void,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.send();
    }, this.ms);
    this.timer.unref();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export class LiveFeed {
  /** Each open stream, with whether it may still be sent to (its session is live). */
  private readonly streams = new Map<Response, () => boolean>();
  private unsubscribe: (() => void) | null = null;
  private keepalive: NodeJS.Timeout | null = null;
  private syncCheck: NodeJS.Timeout | null = null;
  private dayTurn: NodeJS.Timeout | null = null;
  private lastSyncFacts = '';
  private readonly summary = new Throttle(SUMMARY_THROTTLE_MS, () =>
    this.broadcast(this.summaryEvent()),
  );
  private readonly changed = new Throttle(CHANGED_THROTTLE_MS, () => this.broadcast(CHANGED_EVENT));

  constructor(
    private readonly store: Store,
    private readonly reports: ReportService,
    private readonly sync: Pick<SyncServer, 'connectedDevices' | 'outboxStates'>,
    private readonly now: () => number,
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
    // A page that loaded before the stream opened (or while it was down) may have missed a change.
    this.send(response, CHANGED_EVENT);
    response.on('close', () => {
      this.streams.delete(response);
      if (this.streams.size === 0) this.stop();
    });
    if (!this.unsubscribe) {
      this.unsubscribe = this.store.onChanges((changes) => {
        if (changes.some((c) => c.kind === 'order' || c.kind === 'device')) this.summary.schedule();
        // The day's start hour or the store's offset changed: so did the next turn.
        if (changes.some((c) => c.kind === 'settings')) this.armDayTurn();
        this.changed.schedule();
      });
      this.armDayTurn();
      this.lastSyncFacts = this.syncFacts();
      // The sync server announces nothing, so its state is compared here: a few numbers per device.
      this.syncCheck = setInterval(() => {
        const facts = this.syncFacts();
        if (facts === this.lastSyncFacts) return;
        this.lastSyncFacts = facts;
        this.changed.schedule();
      }, SYNC_CHECK_MS);
      this.syncCheck.unref();
      this.keepalive = setInterval(() => this.broadcast(': keepalive\n\n'), KEEPALIVE_MS);
      this.keepalive.unref();
    }
  }

  /**
   * Sends the new day's summary at the next business day's start, and arms itself for the one
   * after. A timer that fires a little early (the day not turned yet on the store's clock) is
   * armed again for the rest.
   */
  private armDayTurn(): void {
    if (this.dayTurn) clearTimeout(this.dayTurn);
    const settings = this.store.settings;
    const day = businessDayOf(this.now(), settings);
    const nextStart = businessDayStartMs(addBusinessDays(day, 1), settings);
    this.dayTurn = setTimeout(
      () => {
        if (businessDayOf(this.now(), this.store.settings) !== day) {
          this.broadcast(this.summaryEvent());
          // Pages showing today's report or its blockers fetch them again, for the new day.
          this.changed.schedule();
        }
        this.armDayTurn();
      },
      Math.max(0, nextStart - this.now()),
    );
    this.dayTurn.unref();
  }

  /**
   * What the close's blockers rest on that no store change announces: a socket opened or closed, a
   * device's word that its outbox is pushed (its `pull`), and operations that change nothing a
   * device syncs (a shift opened or closed), which still move the device's sequence.
   */
  private syncFacts(): string {
    const connected = new Set(this.sync.connectedDevices());
    const outboxes = this.sync.outboxStates();
    return JSON.stringify(
      Object.values(this.store.state.devices).map((device) => [
        device.id,
        device.maxSeq,
        device.missingSeqs.length,
        connected.has(device.id),
        outboxes.get(device.id) ?? null,
      ]),
    );
  }

  private summaryEvent(): string {
    return `event: summary\ndata: ${JSON.stringify(this.reports.liveSummary())}\n\n`;
  }

  private broadcast(event: string): void {
    for (const stream of this.streams.keys()) this.send(stream, event);
  }

  private send(stream: Response, event: string): void {
    if (this.streams.get(stream)?.()) stream.write(event);
    else stream.end();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.summary.cancel();
    this.changed.cancel();
    if (this.syncCheck) clearInterval(this.syncCheck);
    if (this.keepalive) clearInterval(this.keepalive);
    if (this.dayTurn) clearTimeout(this.dayTurn);
    this.syncCheck = this.keepalive = this.dayTurn = null;
  }
}
