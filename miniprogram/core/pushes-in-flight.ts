// The pushes one socket has in flight: which acks are still to come, which pushes the server still
// owes any answer, and a push it refused whole, after which the socket is ended once the rest are in.
import type { AckResult, Operation } from '@pos/shared';
import type { Clock, TimerHandle } from '../adapters/clock';

export interface PushesInFlightOptions {
  clock: Clock;
  /** Once a push was refused whole, how long the others have to be answered. */
  answerTimeoutMs: number;
  /** Ends the socket, so the refused operations go first on the next one. */
  end(reason: string): void;
}

export class PushesInFlight {
  /** The last sequence of each push not yet acknowledged, oldest first. */
  private ends: number[] = [];
  /**
   * Pushes sent that neither an ack nor a refusal answered yet (the server answers each push once:
   * an ack, or an error when it refuses it whole). Kept apart from `ends`: a refusal does not say
   * which push it answers.
   */
  private owed = 0;
  /**
   * Why the server refused a push whole (which one, it does not say), or null. Nothing more is
   * pushed on the socket, so nothing goes ahead of the refused operations; once the other pushes
   * are answered it is ended, and they go first on the next one, after the backoff. Nothing heard
   * on such a socket counts as a working connection, so a server that refuses the same push every
   * time is asked ever more slowly, never in a loop.
   */
  private refusal: string | null = null;
  /** Ends the socket when the others in flight are not answered in time. */
  private answerTimer: TimerHandle | null = null;

  constructor(private readonly options: PushesInFlightOptions) {}

  /** Pushes whose acks have not come. */
  get count(): number {
    return this.ends.length;
  }

  /** The sequence the next push follows (0: from the first). */
  get lastSeq(): number {
    return this.ends.length > 0 ? this.ends[this.ends.length - 1] : 0;
  }

  /** Pushes the server has not answered at all yet. */
  get unanswered(): number {
    return this.owed;
  }

  /** Why the server refused a push whole on this socket, or null. */
  get refused(): string | null {
    return this.refusal;
  }

  sent(ops: readonly Operation[]): void {
    this.ends.push(ops[ops.length - 1].seq);
    this.owed++;
  }

  /**
   * Takes the pushes an ack answers off the list: the one ending at its last sequence, and any
   * before it (answered in order, or refused whole), never merely the oldest.
   */
  acked(results: readonly AckResult[]): void {
    const last = Math.max(0, ...results.map((result) => result.seq));
    this.ends = this.ends.filter((seq) => seq > last);
    this.owed = Math.max(0, this.owed - 1);
  }

  /** The server refused one of the unanswered pushes whole (no ack will come for it). */
  refuse(reason: string): void {
    this.owed--;
    this.refusal = reason;
  }

  /**
   * Ends a socket whose pushes the server refused, so the refused operations are pushed again on
   * the next one (after the backoff) rather than never: at once when no other push on it can still
   * be answered, else at the last ack, or when the acks take longer than answerTimeoutMs.
   */
  endRefused(): void {
    const reason = this.refusal;
    if (reason === null) return;
    if (this.owed === 0) return this.options.end(reason);
    if (this.answerTimer) return;
    // reset() clears the timer whenever the socket goes, so it only ever ends the socket it saw.
    this.answerTimer = this.options.clock.setTimeout(() => {
      this.answerTimer = null;
      this.options.end(reason);
    }, this.options.answerTimeoutMs);
  }

  /** A new socket, or none: nothing is in flight. */
  reset(): void {
    this.ends = [];
    this.owed = 0;
    this.refusal = null;
    if (this.answerTimer) this.options.clock.clearTimeout(this.answerTimer);
    this.answerTimer = null;
  }
}
