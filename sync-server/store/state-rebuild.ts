// After a change the fold failed on, the state may be half-changed, and the journal has none of
// it: the state and history (orders, trades) are rebuilt from the files (checkpoint + journal)
// while writes wait.
import type { StoreSettings } from '@pos/shared';
import type { ApplyContext } from './apply-event';
import type { Checkpointer } from './checkpointer';
import { messageOf } from './errors';
import type { Journal } from './journal';
import { rebuildContext } from './recovery';
import type { JournalRecord } from './state';

export interface StateRebuildDeps {
  ctx: ApplyContext;
  journal: Journal<JournalRecord>;
  checkpointer: Checkpointer;
  files: { dataDir: string; settings?: StoreSettings };
  onWarning?: (message: string) => void;
}

export class StateRebuild {
  /** While set, a rebuild runs: writes and snapshots wait for it. */
  running: Promise<void> | null = null;
  /** Set when a rebuild failed: the store takes no more changes. */
  broken: Error | null = null;

  constructor(private readonly deps: StateRebuildDeps) {}

  /** Starts a rebuild (none while one runs); nothing of the state is checkpointed until it ends. */
  start(cause: unknown): void {
    const { checkpointer, onWarning } = this.deps;
    onWarning?.(`a change failed, rebuilding the state from the journal: ${messageOf(cause)}`);
    if (this.running) return;
    checkpointer.hold();
    this.running = this.fromFiles().then(
      () => {
        this.running = null;
        checkpointer.release();
      },
      (error: unknown) => {
        this.running = null;
        this.broken = new Error(
          `the store could not rebuild its state after a failed change, so it takes no more changes: ${messageOf(error)}`,
        );
        onWarning?.(this.broken.message);
      },
    );
  }

  private async fromFiles(): Promise<void> {
    const { ctx, journal, files } = this.deps;
    // Everything recorded must be on disk first, the failed operation's refusal included (it is
    // recorded just after the rebuild starts).
    do await journal.flush();
    while (journal.lastDurableN < journal.lastN);
    const rebuilt = await rebuildContext(files);
    if (rebuilt.state.journalN !== journal.lastN)
      throw new Error(
        `the files hold entry ${rebuilt.state.journalN}, the journal ${journal.lastN}`,
      );
    const { state } = ctx;
    // When each device was last seen is not journaled: the memory's is newer than the files'.
    for (const device of Object.values(rebuilt.state.devices))
      device.lastSeenAt = state.devices[device.id]?.lastSeenAt ?? device.lastSeenAt;
    // The same state object (the checkpoint writes it; handlers hold it), with the files' tables.
    Object.assign(state, rebuilt.state);
    ctx.orders = rebuilt.orders;
    ctx.trades = rebuilt.trades;
    ctx.skuProducts = rebuilt.skuProducts;
  }
}
