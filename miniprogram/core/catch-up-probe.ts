// When the server's catch-up for this socket is in. It sends a catch-up's frames together, so the
// pong to a ping sent at its first frame comes after the last of them. The hello asks from one
// cursor back, so a catch-up always has a frame: an empty one sends nothing, and could not be told
// from one the server still holds back while other devices push.

/** The cursor for hello: the device's last change comes again (changes carry whole records). */
export function helloCursor(cursor: number | null): number | null {
  return cursor !== null && cursor > 0 ? cursor - 1 : cursor;
}

export class CatchUpProbe {
  /** The `t` of the ping in flight: negative, so no heartbeat's pong is taken for it. */
  private probe: number | null = null;
  private sent = 0;

  /** A catch-up frame came: the `t` of the ping to send now, or null when one was sent already. */
  arriving(): number | null {
    if (this.probe !== null) return null;
    this.probe = -++this.sent;
    return this.probe;
  }

  /** Whether this pong answers the probe: then the whole catch-up has been applied. */
  answered(t: number): boolean {
    if (this.probe === null || t !== this.probe) return false;
    this.probe = null;
    return true;
  }

  reset(): void {
    this.probe = null;
  }
}
