// A device's pushes: stored one after another in the order they came, each acknowledged once its
// operations are durable (with the answers of those refused before the store saw them).
import type { Logger } from 'pino';
import type { AckResult, Operation } from '@pos/shared';
import type { Store } from '../store/store';
import { mergeAnswers } from './push-triage';
import type { PushesFirst } from './pushes-first';
import { enqueue, send, type Session } from './session';

/**
 * A device sends two pushes before the first ack; one that sends more waits for TCP (its socket is
 * not read meanwhile) rather than piling up frames of up to 1 MB in the server's memory.
 */
export const MAX_PUSHES_WAITING = 4;

export class Pushes {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly pushesFirst: PushesFirst<Session>,
  ) {}

  /** `refused`: the answers of the push's operations refused unread (see push-triage). */
  accept(session: Session, ops: Operation[], refused: AckResult[] = []): void {
    this.pushesFirst.pushReceived(session);
    if (++session.pushesWaiting === MAX_PUSHES_WAITING) session.ws.pause();
    enqueue(
      session,
      () =>
        this.push(session, ops, refused).finally(() => {
          this.pushesFirst.pushAnswered(session);
          if (session.pushesWaiting-- === MAX_PUSHES_WAITING) session.ws.resume();
        }),
      this.logger,
    );
  }

  private async push(session: Session, ops: Operation[], refused: AckResult[]): Promise<void> {
    const { store } = this;
    const deviceId = session.deviceId!;
    const stored = ops.length > 0 ? await store.submit(deviceId, ops) : [];
    const device = store.device(deviceId);
    if (device) device.lastSeenAt = this.now();
    const results = mergeAnswers(stored, refused);
    send(session, { type: 'ack', results, ackedSeq: device?.ackedSeq ?? 0 });
  }
}
