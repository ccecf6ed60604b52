// What a device gets of the store once it streams: what it missed since its hello cursor (or a whole
// snapshot, shared by devices that pull at the same cursor), then live changes as they become durable.
import { businessDayOf, type Change } from '@pos/shared';
import type { Store } from '../store/store';
import { catchUpFrames, changeFrames, snapshotFrames } from './frames';
import type { Session } from './session';

export class ChangeStream {
  /** The last snapshot's frames: devices that pull at the same cursor share them. */
  private lastSnapshot: { cursor: number; day: string; frames: string[] } | null = null;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly changesPerFrame: number,
  ) {}

  /**
   * Sends what the device missed since its hello cursor, marked `caughtUp` at its end (or a whole
   * snapshot), then live changes. Returns without waiting for a big catch-up to go out: the
   * device's pushes are not held up behind it.
   */
  async start(session: Session): Promise<number | 'snapshot'> {
    const { store } = this;
    const cursor = session.helloCursor;
    const missed = cursor === null ? null : store.changesSince(cursor);
    let frames: string[];
    if (missed) {
      frames = catchUpFrames(missed, store.cursor, this.changesPerFrame);
    } else {
      const day = businessDayOf(this.now(), store.settings);
      const { snapshot, cursor: at } = await store.snapshot(day);
      const inParts = session.protocol >= 2;
      const { lastSnapshot } = this;
      const shared = inParts && lastSnapshot?.cursor === at && lastSnapshot.day === day;
      frames = shared ? lastSnapshot!.frames : snapshotFrames(snapshot, at, inParts);
      if (inParts) this.lastSnapshot = { cursor: at, day, frames };
    }
    // Same tick as the catch-up: no change can fall between the two, and live ones wait behind it.
    void session.outgoing.sendCatchUp(frames);
    session.streaming = true;
    return missed ? missed.length : 'snapshot';
  }

  /** Changes just made durable, to every session streaming (`encoded`: their JSON, from the store). */
  live(changes: Change[], encoded: readonly string[], sessions: Iterable<Session>): void {
    this.lastSnapshot = null;
    const streaming = [...sessions].filter((session) => session.streaming);
    // Serialized once for all, and not at all while every device is still pushing.
    const frames =
      streaming.length > 0 ? changeFrames(changes, this.changesPerFrame, { encoded }) : [];
    // A broadcast serializes once.
    for (const session of streaming) for (const frame of frames) session.outgoing.sendChange(frame);
  }
}
