// A box a hardware barcode scanner may type into (the register's search box, its weight field):
// the times its keys arrived, and what Enter in it means (view/scanner-input.ts). One per box.
import {
  classifyEnter,
  emptyTrack,
  trackInput,
  type EnterOutcome,
  type KeyTrack,
} from './scanner-input';

export class ScannerBox {
  private track: KeyTrack = emptyTrack;

  /** The box emptied, or left holding `value`: what was typed before a scan, timed as old keys. */
  reset(value = ''): void {
    this.track = trackInput(emptyTrack, value, 0);
  }

  /** The box changed to `value` at `at`. */
  input(value: string, at: number): void {
    this.track = trackInput(this.track, value, at);
  }

  /**
   * Enter at `at` with `value` in the box: a change not reported before counts as of the last key.
   * After a scan the caller resets the box to what it keeps.
   */
  enter(value: string, at: number): EnterOutcome {
    const { stamps } = this.track;
    this.track = trackInput(this.track, value, stamps[stamps.length - 1] ?? 0);
    return classifyEnter(this.track, at);
  }
}
