// Pushes before catch-ups, across devices: a device's `pull` is served once no other device has a
// push under way or an outbox still to push (or after `maxDelayMs`), so that the sales of devices
// still pushing reach the disk before the server spends itself on a catch-up (a snapshot of a busy
// day is megabytes).
export class PushesFirst<Session> {
  /** Pushes received and not yet answered, per session. */
  private readonly pushes = new Map<Session, number>();
  /**
   * Sessions that said hello with operations to push and have not pulled yet: between two of their
   * batches no push of theirs is under way, but they are not done.
   */
  private readonly draining = new Set<Session>();
  /** Sessions whose pull is waiting: their own later pushes queue behind it and do not count. */
  private readonly pulling = new Set<Session>();
  private readonly checks = new Set<() => void>();

  constructor(private readonly maxDelayMs: number) {}

  /** The session said hello with operations to push: it holds catch-ups back until it pulls. */
  willPush(session: Session): void {
    this.draining.add(session);
  }

  pushReceived(session: Session): void {
    this.pushes.set(session, (this.pushes.get(session) ?? 0) + 1);
  }

  pushAnswered(session: Session): void {
    const left = (this.pushes.get(session) ?? 1) - 1;
    if (left > 0) this.pushes.set(session, left);
    else this.pushes.delete(session);
    this.wake();
  }

  /** The session is gone: its pushes no longer hold anyone back. */
  forget(session: Session): void {
    this.pushes.delete(session);
    this.draining.delete(session);
    this.pulling.delete(session);
    this.wake();
  }

  /** Resolves once no other session has a push under way, or after maxDelayMs at the latest. */
  othersDone(session: Session): Promise<void> {
    // Asking to pull is saying its own outbox is pushed: others may have been waiting for it.
    if (this.draining.delete(session)) this.wake();
    if (!this.othersPushing(session)) return Promise.resolve();
    this.pulling.add(session);
    // Another session waiting may have been waiting for this one only.
    this.wake();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.checks.delete(check);
        this.pulling.delete(session);
        resolve();
      };
      const check = () => {
        if (!this.othersPushing(session)) done();
      };
      const timer = setTimeout(done, this.maxDelayMs);
      this.checks.add(check);
    });
  }

  private othersPushing(session: Session): boolean {
    for (const other of this.pushes.keys())
      if (other !== session && !this.pulling.has(other)) return true;
    for (const other of this.draining) if (other !== session) return true;
    return false;
  }

  private wake(): void {
    for (const check of [...this.checks]) check();
  }
}
