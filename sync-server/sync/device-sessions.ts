// Which connection speaks for each device. A device has one socket at a time, so its newest
// connection is the one it uses: on bad Wi-Fi a till gives up on a socket whose hello is stuck in
// TCP retransmission and opens another, and the old hello may reach the server after the new one
// was welcomed. Taken in the order they arrive, it would close the socket the till uses (4409, a
// stop on the till) and hold the device with a socket the till already closed.

export interface AcceptedConnection {
  /** Its place among every connection the server accepted: later ones have larger numbers. */
  readonly acceptedOrder: number;
}

export type Claim<Session> =
  | { taken: true; replaced: Session | null }
  /** The device already speaks through a connection accepted after this one. */
  | { taken: false };

export class DeviceSessions<Session extends AcceptedConnection> {
  private readonly byDevice = new Map<string, Session>();
  private accepted = 0;

  /**
   * Numbered as accepted, not by the clock: the device sends its hello only once its socket is
   * open, so after the server accepted it, and opens the next socket only after giving this one up.
   */
  nextAcceptedOrder(): number {
    return ++this.accepted;
  }

  /** The session saying hello for the device takes it over, unless a newer one holds it. */
  claim(deviceId: string, session: Session): Claim<Session> {
    const holder = this.byDevice.get(deviceId);
    if (holder && holder !== session && holder.acceptedOrder > session.acceptedOrder)
      return { taken: false };
    this.byDevice.set(deviceId, session);
    return { taken: true, replaced: holder && holder !== session ? holder : null };
  }

  of(deviceId: string): Session | undefined {
    return this.byDevice.get(deviceId);
  }

  /** The session closed: true when it was the one speaking for its device. */
  release(deviceId: string, session: Session): boolean {
    if (this.byDevice.get(deviceId) !== session) return false;
    this.byDevice.delete(deviceId);
    return true;
  }

  deviceIds(): string[] {
    return [...this.byDevice.keys()];
  }
}
