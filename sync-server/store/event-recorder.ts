// How an event joins the store: folded into the state, its changes numbered, appended to the journal
// and told out once durable. A fold that fails has the state rebuilt from the files; a journal that
// fails to write stops the store taking changes until a restart, and whoever runs it is told once.
import type { Change } from '@pos/shared';
import { applyEvent, type ApplyContext, type EventResult } from './apply-event';
import type { ChangeDelivery } from './change-delivery';
import type { Checkpointer } from './checkpointer';
import { ChangeFailedError } from './errors';
import type { Journal } from './journal';
import { encodeRecord, type OperationJson } from './journal-json';
import { applyFailure } from './receipt';
import type { StateRebuild } from './state-rebuild';
import type { JournalRecord, OpOutcome, StoreEvent } from './state';

export interface EventRecorderDeps {
  ctx: ApplyContext;
  journal: Journal<JournalRecord>;
  delivery: ChangeDelivery;
  checkpointer: Checkpointer;
  rebuild: StateRebuild;
  now: () => number;
  onRecord?: (record: JournalRecord) => void;
  onFailure?: (failure: Error) => void;
}

export class EventRecorder {
  private failureTold = false;

  constructor(private readonly deps: EventRecorderDeps) {}

  /** Why no more changes are taken until a restart (see Store's `failure`); null while they are. */
  get failure(): Error | null {
    return this.deps.rebuild.broken ?? this.deps.journal.failed;
  }

  /**
   * Folds the event and appends it to the journal (not yet durable). A device's operation the fold
   * fails on is recorded as refused; any other event is kept out, with a ChangeFailedError.
   */
  record(event: StoreEvent, opJson?: OperationJson): { changes: Change[]; outcome?: OpOutcome } {
    const { ctx, journal, rebuild, delivery } = this.deps;
    const { state } = ctx;
    const n = journal.lastN + 1;
    const at = this.deps.now();
    let result: EventResult;
    try {
      result = applyEvent(ctx, event, at);
    } catch (error) {
      // The fold may have changed part of the state before it failed: the journal has none of it,
      // so the state is rebuilt from the files, and the change is kept out (or, if it is a
      // device's operation, kept as a refusal: its sequence is received and the device goes on).
      rebuild.start(error);
      if (event.kind !== 'op') throw new ChangeFailedError(event.kind, error);
      event = { ...event, refusedOnReceipt: applyFailure(event.op, error) };
      result = applyEvent(ctx, event, at);
    }
    const changes = result.changes.map(
      (change) => ({ ...change, cursor: state.nextCursor++ }) as Change,
    );
    state.journalN = n;
    const entry: JournalRecord = { n, at, event, outcome: result.outcome, changes };
    const encoded = encodeRecord(entry, opJson);
    journal.append(entry, encoded.json);
    this.deps.onRecord?.(entry);
    delivery.made(n, changes, encoded.changes);
    return { changes, outcome: result.outcome };
  }

  /** Resolves once everything recorded is on disk, its changes on their way out. */
  async durable(): Promise<void> {
    const { journal, delivery, checkpointer } = this.deps;
    await journal.flush().catch((error: unknown) => {
      this.tellFailure();
      throw error;
    });
    delivery.durableUpTo(journal.lastDurableN);
    checkpointer.maybe();
  }

  /** Throws the failure that stops the store taking changes, if there is one (told first). */
  assertNotFailed(): void {
    const { failure } = this;
    if (failure) {
      this.tellFailure();
      throw failure;
    }
  }

  tellFailure(): void {
    const { failure } = this;
    if (!failure || this.failureTold) return;
    this.failureTold = true;
    this.deps.onFailure?.(failure);
  }
}
